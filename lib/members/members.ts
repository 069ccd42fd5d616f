import { and, asc, eq, like, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jobs, members, orgUnits, users } from "@/db/schema";
import { audit } from "@/lib/audit";
import type { Scope } from "@/lib/auth/permissions";
import { escapeLike, inScope } from "@/lib/org/scope";
import type { MemberFilter, MemberInput } from "./input";
import * as clock from "@/lib/core/clock";

export type Result<T = undefined> = { ok: true; value: T } | { ok: false; error: string; params?: Record<string, string | number> };

export interface MemberRow {
  id: number;
  employeeNo: string;
  name: string;
  orgUnitId: number;
  unitName: string;
  orgPath: string;
  specialty: string;
  jobId: number | null;
  jobName: string | null;
  techTitle: string;
  partyMember: boolean;
  hiredOn: string | null;
  status: string;
  phone: string | null;
  hasAccount: boolean;
}

const columns = {
  id: members.id,
  employeeNo: members.employeeNo,
  name: members.name,
  orgUnitId: members.orgUnitId,
  unitName: orgUnits.name,
  orgPath: orgUnits.path,
  specialty: members.specialty,
  jobId: members.jobId,
  jobName: jobs.name,
  techTitle: members.techTitle,
  partyMember: members.partyMember,
  hiredOn: members.hiredOn,
  status: members.status,
  phone: members.phone,
  hasAccount: sql<boolean>`(${users.id} IS NOT NULL)`,
};

/**
 * One page of members inside the scope, filtered; the total comes from a count over the same
 * filter. The search matches the start of the name (Chinese names start with the surname) or
 * of the employee number, so both run on prefix indexes at 100k members; a match in the middle
 * of a name would mean a scan of every row (bench/members.ts).
 */
export async function searchMembers(
  db: Db,
  scope: Scope,
  f: MemberFilter,
): Promise<{ rows: MemberRow[]; total: number; page: number; pages: number }> {
  const conds: SQL[] = [inScope(orgUnits.path, scope)];
  if (f.q) {
    const q = escapeLike(f.q);
    conds.push(or(like(members.name, `${q}%`), like(members.employeeNo, `${q.toUpperCase()}%`))!);
  }
  if (f.unit) {
    conds.push(sql`${orgUnits.path} LIKE (SELECT replace(replace(path, '_', '\\_'), '%', '\\%') || '%' FROM org_units WHERE id = ${f.unit})`);
  }
  if (f.specialty) conds.push(eq(members.specialty, f.specialty));
  if (f.job) conds.push(eq(members.jobId, f.job));
  if (f.status) conds.push(eq(members.status, f.status));
  const where = and(...conds);
  // The count joins the units only when a path condition needs them.
  const needsUnits = !scope.all || f.unit !== undefined;
  const countQuery = db.select({ n: sql<number>`count(*)::int` }).from(members);
  const [{ n }] = needsUnits ? await countQuery.innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId)).where(where) : await countQuery.where(where);
  const total = Number(n);
  const pages = Math.max(1, Math.ceil(total / f.pageSize));
  const page = Math.min(f.page, pages);
  const rows = await db
    .select(columns)
    .from(members)
    .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
    .leftJoin(jobs, eq(jobs.id, members.jobId))
    .leftJoin(users, eq(users.memberId, members.id))
    .where(where)
    .orderBy(asc(members.employeeNo))
    .limit(f.pageSize)
    .offset((page - 1) * f.pageSize);
  return { rows, total, page, pages };
}

export async function getMember(db: Db, id: number): Promise<MemberRow | null> {
  const [row] = await db
    .select(columns)
    .from(members)
    .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
    .leftJoin(jobs, eq(jobs.id, members.jobId))
    .leftJoin(users, eq(users.memberId, members.id))
    .where(eq(members.id, id));
  return row ?? null;
}

async function checkRefs(db: Db, input: MemberInput): Promise<Result | null> {
  const [unit] = await db.select({ id: orgUnits.id, active: orgUnits.active }).from(orgUnits).where(eq(orgUnits.id, input.orgUnitId));
  if (!unit || !unit.active) return { ok: false, error: "org.errors.notFound" };
  if (input.jobId) {
    const [job] = await db.select({ id: jobs.id }).from(jobs).where(eq(jobs.id, input.jobId));
    if (!job) return { ok: false, error: "errors.notFound" };
  }
  return null;
}

export async function createMember(db: Db, actorUserId: number, input: MemberInput): Promise<Result<{ id: number }>> {
  return db.transaction(async (tx) => {
    const bad = await checkRefs(tx, input);
    if (bad) return bad as Result<{ id: number }>;
    const [taken] = await tx.select({ id: members.id }).from(members).where(eq(members.employeeNo, input.employeeNo));
    if (taken) return { ok: false, error: "members.errors.employeeNoTaken", params: { employeeNo: input.employeeNo } };
    const [created] = await tx.insert(members).values(input).returning({ id: members.id });
    await audit(tx, { actorUserId, action: "member.create", entity: "member", entityId: created.id, after: input });
    return { ok: true, value: created };
  });
}

export async function updateMember(db: Db, actorUserId: number, id: number, input: MemberInput): Promise<Result> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(members).where(eq(members.id, id));
    if (!before) return { ok: false, error: "members.errors.notFound" };
    const bad = await checkRefs(tx, input);
    if (bad) return bad;
    if (input.employeeNo !== before.employeeNo) {
      const [taken] = await tx.select({ id: members.id }).from(members).where(eq(members.employeeNo, input.employeeNo));
      if (taken) return { ok: false, error: "members.errors.employeeNoTaken", params: { employeeNo: input.employeeNo } };
    }
    await tx.update(members).set({ ...input, updatedAt: clock.now() }).where(eq(members.id, id));
    await audit(tx, { actorUserId, action: "member.update", entity: "member", entityId: id, before, after: input });
    return { ok: true, value: undefined };
  });
}

export async function listJobs(db: Db) {
  return db.select({ id: jobs.id, code: jobs.code, name: jobs.name, specialty: jobs.specialty }).from(jobs).where(eq(jobs.active, true)).orderBy(asc(jobs.name));
}
