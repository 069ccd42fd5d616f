export { enrol, cancelEnrolment, promoteWaitlisted, enrolmentList, classAudienceCondition, type EnrolResult, type EnrolStatus, type EnrolmentRow } from "./enrol";
export { checkIn, openCheckin, closeCheckin, checkinDisplay, markAttendance, type CheckinResult } from "./checkin";
export { createClass, updateClass, setClassStatus, setClassAudience, getClassAudience, addSession, updateSession, removeSession, sessionsOf, classesForTeacher, classForManager, getClass, teachesAny } from "./classes";
export { classesForMember, attendanceForMember, type MemberClass, type AttendanceRecord } from "./worker";
export { sendSessionReminders } from "./reminders";
export { canCreateClass, canManageClass, canEnrolOthers } from "./access";
export { SERIES, type Series, checkinState, checkinWindow, placeFor, isTechnicianTitle } from "./rules";
export { codeFor, currentCode, checkCode, normaliseCode, minuteOf } from "./code";
