import type { Db } from "@/db/client";
import { normaliseEmployeeNo } from "@/lib/auth/accounts";
import type { Principal } from "@/lib/auth/permissions";
import { notFound, ok, type Result } from "@/lib/core/result";
import { findMember } from "./access";
import { enrol, type EnrolResult } from "./enrol";

/**
 * The instructor, the class's author, or a trainer or manager over the member's unit enrols a
 * member by employee number (`enrol` checks who may); the audience is not enforced (they decide),
 * the capacity and wait-list are.
 */
export async function enrolOther(db: Db, actor: Principal, opts: { classId: number; employeeNo: string }): Promise<Result<EnrolResult & { name: string }>> {
  const no = normaliseEmployeeNo(opts.employeeNo);
  const m = no ? await findMember(db, { employeeNo: no }) : null;
  if (!m) return notFound("classes.errors.memberNotFound", { employeeNo: no });
  const r = await enrol(db, actor, { classId: opts.classId, memberId: m.id });
  return r.ok ? ok({ ...r.value, name: m.name }) : r;
}
