import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { members } from "@/db/schema";
import { can, type Principal } from "@/lib/auth/permissions";
import { isTechnicianTitle } from "./rules";

/**
 * Who may run a class. Trainers (teach.manage) run every class; a member with a technician title
 * may create classes they teach and runs the classes whose instructor they are — ownership, not a
 * role, so a technician who is only a worker can open check-in for their own class.
 */
export async function techTitleOf(db: Db, memberId: number): Promise<string> {
  const [m] = await db.select({ t: members.techTitle }).from(members).where(eq(members.id, memberId));
  return m?.t ?? "none";
}

export function isTrainer(user: Principal): boolean {
  return can(user, "teach.manage");
}

/** May create a class (a trainer for anyone; a technician for themselves). */
export async function canCreateClass(db: Db, user: Principal): Promise<boolean> {
  return isTrainer(user) || isTechnicianTitle(await techTitleOf(db, user.memberId));
}

export function canManageClass(user: Principal, cls: { instructorMemberId: number }): boolean {
  return isTrainer(user) || cls.instructorMemberId === user.memberId;
}

/**
 * May enrol another member: the class's instructor or a trainer, or a manager over the
 * member's unit; trainers and managers only inside their scope.
 */
export function canEnrolOthers(user: Principal, cls: { instructorMemberId: number }, memberOrgPath: string): boolean {
  if (cls.instructorMemberId === user.memberId) return true;
  return (can(user, "teach.manage") || can(user, "roster.read")) && can(user, "member.read", memberOrgPath);
}
