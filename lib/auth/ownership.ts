/**
 * Who owns what: the ownership rules that sit beside the permission table (./permissions.ts).
 * A permission says what a role may do and over which org subtree; ownership says which records a
 * person may change whatever their role: the class they teach, the apprentices they mentor, the
 * tasks they verify, the quizzes, courses, lessons, tasks and contests they made.
 *
 * The lib function that reads or writes a record calls these itself (with the record it loaded),
 * so no caller can forget. Pure: no database, no clock.
 */
import { can, type Permission, type Principal } from "./permissions";

/** Holds `permission` over the whole organisation (a role with no scope unit). */
export function holdsEverywhere(p: Principal, permission: Permission): boolean {
  return can(p, permission, "/");
}

/** A record that remembers who made it (`created_by`, a user id). */
export interface Authored {
  createdBy: number | null;
}

/** Made it. */
export function isAuthor(p: Principal, record: Authored): boolean {
  return record.createdBy !== null && record.createdBy === p.userId;
}

/**
 * May change authored teaching content (a quiz, course, lesson, practical task, contest): its
 * author, or someone holding `teach.manage` over the whole organisation. A trainer scoped to one
 * team changes only what they made: area-wide content is not theirs to edit, unpublish or archive.
 */
export function mayChangeContent(p: Principal, record: Authored): boolean {
  return holdsEverywhere(p, "teach.manage") || (can(p, "teach.manage") && isAuthor(p, record));
}

/**
 * May act on a member's records with `permission` (enter a result, sign off, mark present, enrol):
 * the member's unit lies inside the scope. Never on one's own records unless `self` says so
 * (nobody awards themselves a prize or signs off their own task).
 */
export function mayActOnMember(p: Principal, permission: Permission, member: { id: number; orgPath: string }, opts: { self?: boolean } = {}): boolean {
  if (member.id === p.memberId && !opts.self) return false;
  return can(p, permission, member.orgPath);
}

/** Teaches the class. */
export function isInstructor(p: Principal, cls: { instructorMemberId: number }): boolean {
  return cls.instructorMemberId === p.memberId;
}

/**
 * Runs a class as a whole (edits it, its sessions and audience, opens check-in, sees its code and
 * its whole list): its instructor — a technician who is only a worker runs their own class — or
 * whoever may change it as authored content (its author, a whole-organisation trainer). A trainer
 * scoped to one team does not run classes others made.
 */
export function runsClass(p: Principal, cls: { instructorMemberId: number } & Authored): boolean {
  return isInstructor(p, cls) || mayChangeContent(p, cls);
}

/**
 * May act for one member of a class: mark them present or absent (`teach.manage`), enrol or cancel
 * for them (`teach.manage`, or `roster.read` for a manager): whoever runs the class, or someone
 * holding one of `permissions` over the member's unit. Never for oneself (nobody marks their own
 * attendance; enrolling oneself is self-enrolment, with its audience rule).
 */
export function mayActInClass(
  p: Principal,
  cls: { instructorMemberId: number } & Authored,
  member: { id: number; orgPath: string },
  permissions: readonly Permission[],
): boolean {
  if (member.id === p.memberId) return false;
  return runsClass(p, cls) || permissions.some((perm) => mayActOnMember(p, perm, member));
}

/** Mentors the pair's apprentice. */
export function isMentor(p: Principal, pair: { mentorMemberId: number }): boolean {
  return pair.mentorMemberId === p.memberId;
}

/** Is one of the task's named verifiers. */
export function isVerifier(p: Principal, verifierMemberIds: readonly number[]): boolean {
  return verifierMemberIds.includes(p.memberId);
}

/**
 * May sign off this member's practical task (being one of the task's verifiers is checked apart,
 * with `isVerifier`). A verifier holding `teach.manage` signs off inside that role's scope; one
 * who is only a technician (worker role) signs off the members of their own team: `ownTeamPath`
 * is the path of the team-level ancestor of the verifier's own unit, null when that unit lies
 * under no team (then nobody: a technician of the area office verifies through a trainer role).
 * Never one's own task.
 */
export function maySignOff(p: Principal, member: { id: number; orgPath: string }, ownTeamPath: string | null): boolean {
  if (member.id === p.memberId) return false;
  if (can(p, "teach.manage")) return can(p, "teach.manage", member.orgPath);
  return ownTeamPath !== null && member.orgPath.startsWith(ownTeamPath);
}

/**
 * May create a skill contest of `level`. An area-level contest (作业区级) any trainer: its
 * results are then entered only for members inside their scope. Bureau- and plant-level contests
 * (局级, 厂级) are held outside the area, earn the most points and count for job requirements, so
 * only a trainer over the whole organisation records them.
 */
export function mayCreateContest(p: Principal, level: "bureau" | "plant" | "area"): boolean {
  return level === "area" ? can(p, "teach.manage") : holdsEverywhere(p, "teach.manage");
}

/**
 * Of a set of org units (an audience), those the principal may set or remove with `permission`.
 * Units outside the scope are kept as they are when a scoped trainer edits an audience.
 */
export function unitsInScope<T extends { path: string }>(p: Principal, permission: Permission, units: T[]): T[] {
  return units.filter((u) => can(p, permission, u.path));
}
