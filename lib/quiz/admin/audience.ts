import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jobs, members, orgUnits, quizAudience, quizOverrides } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { normaliseEmployeeNo } from "@/lib/auth/accounts";
import { can, scopeOf, type Principal, type Scope } from "@/lib/auth/permissions";
import { conflict, fail, notFound, ok, type Result } from "@/lib/core/result";
import { inScope } from "@/lib/org/scope";
import { quizToChange } from "../quizzes";

export interface AudienceView {
  units: { id: number; name: string; path: string; inScope: boolean }[];
  jobs: { id: number; name: string }[];
}

/** Who takes a quiz, with whether each unit lies in the actor's scope (what they may change). */
export async function getAudience(db: Db, actor: Principal, quizId: number): Promise<AudienceView> {
  if (!can(actor, "teach.manage")) return { units: [], jobs: [] };
  return audienceOf(db, scopeOf(actor, "teach.manage"), quizId);
}

async function audienceOf(db: Db, scope: Scope, quizId: number): Promise<AudienceView> {
  const rows = await db
    .select({ unitId: orgUnits.id, unitName: orgUnits.name, path: orgUnits.path, jobId: jobs.id, jobName: jobs.name })
    .from(quizAudience)
    .leftJoin(orgUnits, eq(orgUnits.id, quizAudience.orgUnitId))
    .leftJoin(jobs, eq(jobs.id, quizAudience.jobId))
    .where(eq(quizAudience.quizId, quizId))
    .orderBy(asc(orgUnits.path), asc(jobs.name));
  const within = (path: string) => scope.all || scope.paths.some((p) => path.startsWith(p));
  return {
    units: rows.filter((r) => r.unitId !== null).map((r) => ({ id: r.unitId!, name: r.unitName!, path: r.path!, inScope: within(r.path!) })),
    jobs: rows.filter((r) => r.jobId !== null).map((r) => ({ id: r.jobId!, name: r.jobName! })),
  };
}

/**
 * Sets who takes a quiz, as far as the trainer's scope reaches: units must lie in the scope;
 * units outside it that someone else chose stay. A job reaches members anywhere, so only a
 * trainer over the whole organisation chooses jobs (a scoped trainer's save keeps them as they are).
 */
export async function saveAudience(db: Db, actor: Principal, quizId: number, input: { orgUnitIds: number[]; jobIds: number[] }): Promise<Result> {
  const scope = scopeOf(actor, "teach.manage");
  return db.transaction(async (tx) => {
    const quiz = await quizToChange(tx, actor, quizId);
    if (!quiz.ok) return quiz;
    if (quiz.value.status === "closed") return conflict("quizAdmin.errors.closed");
    const unitIds = [...new Set(input.orgUnitIds)];
    const jobIds = [...new Set(input.jobIds)];
    if (unitIds.length) {
      const found = await tx
        .select({ id: orgUnits.id })
        .from(orgUnits)
        .where(and(inArray(orgUnits.id, unitIds), inScope(orgUnits.path, scope)));
      if (found.length !== unitIds.length) return fail("quizAdmin.errors.unitOutOfScope", undefined, "forbidden");
    }
    const current = await audienceOf(tx, { all: true }, quizId);
    const finalJobs = scope.all ? jobIds : current.jobs.map((j) => j.id);
    if (scope.all && jobIds.length) {
      const found = await tx.select({ id: jobs.id }).from(jobs).where(inArray(jobs.id, jobIds));
      if (found.length !== jobIds.length) return notFound();
    }
    const outside = current.units.filter((u) => !withinScope(u.path, scope)).map((u) => u.id);
    const audience = { orgUnitIds: [...new Set([...outside, ...unitIds])], jobIds: finalJobs };
    await tx.delete(quizAudience).where(eq(quizAudience.quizId, quizId));
    const rows = [...audience.orgUnitIds.map((orgUnitId) => ({ quizId, orgUnitId })), ...audience.jobIds.map((jobId) => ({ quizId, jobId }))];
    if (rows.length) await tx.insert(quizAudience).values(rows);
    await audit(tx, { actorUserId: actor.userId, action: "quiz.audience", entity: "quiz", entityId: quizId, after: audience });
    return ok();
  });
}

function withinScope(path: string, scope: Scope): boolean {
  return scope.all || scope.paths.some((p) => path.startsWith(p));
}

export interface OverrideRow {
  memberId: number;
  employeeNo: string;
  name: string;
  unitName: string;
  extraTimeS: number;
  extraAttempts: number;
}

/** The quiz's overrides for members in the actor's scope. */
export async function listOverrides(db: Db, actor: Principal, quizId: number): Promise<OverrideRow[]> {
  if (!can(actor, "teach.manage")) return [];
  const scope = scopeOf(actor, "teach.manage");
  return db
    .select({
      memberId: members.id,
      employeeNo: members.employeeNo,
      name: members.name,
      unitName: orgUnits.name,
      extraTimeS: quizOverrides.extraTimeS,
      extraAttempts: quizOverrides.extraAttempts,
    })
    .from(quizOverrides)
    .innerJoin(members, eq(members.id, quizOverrides.memberId))
    .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
    .where(and(eq(quizOverrides.quizId, quizId), inScope(orgUnits.path, scope)))
    .orderBy(asc(members.employeeNo));
}

/**
 * Extra time (seconds) and attempts for one member, found by employee number, who must be in
 * the trainer's scope, on a quiz the trainer may change. Both zero removes the override.
 */
export async function saveOverride(
  db: Db,
  actor: Principal,
  quizId: number,
  input: { employeeNo: string; extraTimeS: number; extraAttempts: number },
): Promise<Result<{ memberId: number; name: string }>> {
  return db.transaction(async (tx) => {
    const quiz = await quizToChange(tx, actor, quizId);
    if (!quiz.ok) return quiz;
    if (quiz.value.status === "closed") return conflict("quizAdmin.errors.closed");
    const employeeNo = normaliseEmployeeNo(input.employeeNo);
    const [m] = await tx
      .select({ id: members.id, name: members.name, path: orgUnits.path })
      .from(members)
      .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
      .where(eq(members.employeeNo, employeeNo));
    // Someone outside the scope is not named, nor told apart from nobody.
    if (!m || !can(actor, "teach.manage", m.path)) return fail("quizAdmin.overrides.unknownMember", { employeeNo }, "notFound");
    const o = { extraTimeS: input.extraTimeS, extraAttempts: input.extraAttempts };
    if (o.extraTimeS === 0 && o.extraAttempts === 0) {
      await tx.delete(quizOverrides).where(and(eq(quizOverrides.quizId, quizId), eq(quizOverrides.memberId, m.id)));
      await audit(tx, { actorUserId: actor.userId, action: "quiz.override.remove", entity: "quiz", entityId: quizId, after: { memberId: m.id } });
    } else {
      await tx
        .insert(quizOverrides)
        .values({ quizId, memberId: m.id, ...o })
        .onConflictDoUpdate({ target: [quizOverrides.quizId, quizOverrides.memberId], set: o });
      await audit(tx, { actorUserId: actor.userId, action: "quiz.override", entity: "quiz", entityId: quizId, after: { memberId: m.id, ...o } });
    }
    return ok({ memberId: m.id, name: m.name });
  });
}
