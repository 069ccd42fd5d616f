import { eq, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { classes } from "@/db/schema";
import type { Principal } from "@/lib/auth/permissions";
import { normaliseEmployeeNo } from "@/lib/auth/accounts";
import { canEnrolOthers } from "./access";
import { cancelEnrolment, enrol, type EnrolResult } from "./enrol";
import { fail, type Outcome } from "./outcome";

async function target(db: Db, actor: Principal, classId: number, who: { employeeNo?: string; memberId?: number }) {
  const [c] = await db.select({ instructorMemberId: classes.instructorMemberId }).from(classes).where(eq(classes.id, classId));
  if (!c) return fail("classes.errors.notFound");
  const no = who.employeeNo !== undefined ? normaliseEmployeeNo(who.employeeNo) : null;
  const [m] = rowsOf<{ id: number; name: string; path: string }>(
    await db.execute(sql`SELECT m.id, m.name, ou.path FROM members m JOIN org_units ou ON ou.id = m.org_unit_id
      WHERE ${no !== null ? sql`m.employee_no = ${no}` : sql`m.id = ${who.memberId ?? 0}`}`),
  );
  if (!m) return fail("classes.errors.memberNotFound", { employeeNo: no ?? "" });
  if (!canEnrolOthers(actor, c, m.path)) return fail("classes.errors.notAllowed");
  return { ok: true as const, memberId: Number(m.id), name: m.name };
}

/**
 * A trainer, a manager (over the member's unit) or the class's instructor enrols a member;
 * the audience is not enforced (they decide), the capacity and wait-list are.
 */
export async function enrolOther(db: Db, actor: Principal, opts: { classId: number; employeeNo?: string; memberId?: number }): Promise<Outcome<EnrolResult & { name: string }>> {
  const t = await target(db, actor, opts.classId, opts);
  if (!t.ok) return t;
  const r = await enrol(db, { classId: opts.classId, memberId: t.memberId, by: actor.userId || null, skipAudience: true });
  return r.ok ? { ok: true, value: { ...r.value, name: t.name } } : r;
}

export async function cancelOther(db: Db, actor: Principal, opts: { classId: number; memberId: number }): Promise<Outcome<{ promoted: number[] }>> {
  const t = await target(db, actor, opts.classId, { memberId: opts.memberId });
  if (!t.ok) return t;
  return cancelEnrolment(db, { classId: opts.classId, memberId: t.memberId });
}
