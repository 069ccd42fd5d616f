export { enrol, cancelEnrolment } from "./enrol";
export { checkIn, openCheckin, closeCheckin, checkinDisplay, markAttendance } from "./checkin";
export {
  createClass,
  updateClass,
  setClassStatus,
  setClassAudience,
  addSession,
  updateSession,
  removeSession,
  classesForTeacher,
  classPage,
  teachesAny,
  newClassInstructorNo,
} from "./classes";
export { enrolOther } from "./manage";
export { classesForMember, attendanceForMember, attendanceForMembers, type MemberClass } from "./worker";
export { sendSessionReminders } from "./reminders";
export { canCreateClass } from "./access";
export { SERIES } from "./rules";
export { codeFor, minuteOf } from "@/lib/core/rotating-code";
