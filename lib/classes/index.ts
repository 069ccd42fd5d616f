export { enrol, cancelEnrolment, type EnrolResult, type EnrolStatus, type EnrolmentRow } from "./enrol";
export { checkIn, openCheckin, closeCheckin, checkinDisplay, markAttendance, type CheckinResult } from "./checkin";
export { createClass, updateClass, setClassStatus, setClassAudience, addSession, updateSession, removeSession, classesForTeacher, classPage, teachesAny, newClassInstructorNo } from "./classes";
export { enrolOther } from "./manage";
export { classesForMember, attendanceForMember, type MemberClass, type AttendanceRecord } from "./worker";
export { sendSessionReminders } from "./reminders";
export { canCreateClass } from "./access";
export { SERIES, type Series } from "./rules";
export { codeFor, minuteOf } from "./code";
