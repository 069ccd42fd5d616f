import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { jobs, members, orgUnits, users } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { can, canReadMember, scopeOf, type Principal } from "@/lib/auth/permissions";
import { conflict, forbidden, notFound, ok, type Failure, type Result } from "@/lib/core/result";
import { escapeLike, inScope, subtreeLike } from "@/lib/org/scope";
import { specialtyProblem } from "@/lib/org/specialties";
import type { MemberFilter, MemberInput } from "./input";
import * as clock from "@/lib/core/clock";
import { searchText, searchWords } from "@/lib/core/search-words";
import { applyMemberChanges } from "@/lib/induction";

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
 * The condition of a member search: the text anywhere in the name (晓雨: a given name) or the
 * employee number (0004: its end), the name's pinyin or its initials (linxiaoyu, xiaoyu, lxy →
 * 林晓雨), or the name of the member's station or team. All but the unit are one LIKE on
 * `search_words` (a word starting with the text: lib/core/search-words.ts) on its trigram index;
 * the units named are found first (a few hundred rows at most) and matched by id, on
 * `members_org_idx`, so PostgreSQL answers both in one bitmap scan at 100,000 members.
 */
export async function memberSearchCondition(db: Db, q: string, alias = "members"): Promise<SQL> {
  const col = (name: string) => sql`${sql.identifier(alias)}.${sql.identifier(name)}`;
  const text = searchText(q);
  if (!text) return sql`TRUE`;
  const unitIds = rowsOf<{ id: number }>(
    await db.execute(
      sql`SELECT DISTINCT s.id FROM org_units n JOIN org_units s ON s.path LIKE n.path || '%' WHERE n.name ILIKE ${`%${escapeLike(q.trim())}%`} AND n.kind <> 'area'`,
    ),
  ).map((r) => Math.trunc(Number(r.id)));
  const parts: SQL[] = [sql`${col("search_words")} LIKE ${`% ${escapeLike(text)}%`}`];
  if (unitIds.length) parts.push(sql`${col("org_unit_id")} = ANY(${sql.raw(`'{${unitIds.join(",")}}'::int[]`)})`);
  return sql`(${sql.join(parts, sql` OR `)})`;
}

/**
 * One page of the members the actor may read (`member.read` scope), filtered; the total comes
 * from a count over the same filter. The search (`memberSearchCondition`) matches anywhere in the
 * name or number, by pinyin, or by unit name; bench/member-search.ts measures it at 100k members.
 */
export async function searchMembers(db: Db, actor: Principal, f: MemberFilter): Promise<{ rows: MemberRow[]; total: number; page: number; pages: number }> {
  const scope = scopeOf(actor, "member.read");
  const conds: SQL[] = [inScope(orgUnits.path, scope)];
  if (f.q) conds.push(await memberSearchCondition(db, f.q));
  if (f.unit) {
    conds.push(sql`${orgUnits.path} LIKE (SELECT ${subtreeLike(sql`path`)} FROM org_units WHERE id = ${f.unit})`);
  }
  if (f.specialty) conds.push(eq(members.specialty, f.specialty));
  if (f.job) conds.push(eq(members.jobId, f.job));
  if (f.status) conds.push(eq(members.status, f.status));
  const where = and(...conds);
  // The count joins the units only when a path condition needs them.
  const needsUnits = !scope.all || f.unit !== undefined;
  const countQuery = db.select({ n: sql<number>`count(*)::int` }).from(members);
  const [counted] = needsUnits ? await countQuery.innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId)).where(where) : await countQuery.where(where);
  const total = Number(counted?.n ?? 0);
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

async function loadMember(db: Db, id: number): Promise<MemberRow | null> {
  const [row] = await db
    .select(columns)
    .from(members)
    .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
    .leftJoin(jobs, eq(jobs.id, members.jobId))
    .leftJoin(users, eq(users.memberId, members.id))
    .where(eq(members.id, id));
  return row ?? null;
}

/**
 * A member's profile: their own, or one inside the actor's `member.read` scope. Outside it the
 * answer is "forbidden" (a 403 tells no more than a 404 would: ids are sequential anyway).
 */
export async function getMember(db: Db, actor: Principal, id: number): Promise<Result<MemberRow>> {
  const m = await loadMember(db, id);
  if (!m) return notFound("members.errors.notFound");
  if (!canReadMember(actor, m)) return forbidden();
  return ok(m);
}

/** Several members' profiles at once (a unit's files): those of `ids` the actor may read, by number. */
export async function getMembers(db: Db, actor: Principal, ids: readonly number[]): Promise<MemberRow[]> {
  if (!ids.length) return [];
  const rows = await db
    .select(columns)
    .from(members)
    .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
    .leftJoin(jobs, eq(jobs.id, members.jobId))
    .leftJoin(users, eq(users.memberId, members.id))
    .where(inArray(members.id, [...ids]))
    .orderBy(asc(members.employeeNo));
  return rows.filter((m) => canReadMember(actor, m));
}

/** The member row for editing: `member.write` over the member's unit. */
export async function getMemberForEdit(db: Db, actor: Principal, id: number): Promise<Result<MemberRow>> {
  const m = await loadMember(db, id);
  if (!m) return notFound("members.errors.notFound");
  if (!can(actor, "member.write", m.orgPath)) return forbidden();
  return ok(m);
}

/** The target unit (active, and inside the actor's `member.write` scope) and job exist. */
async function checkRefs(db: Db, actor: Principal, input: MemberInput): Promise<Failure | null> {
  const [unit] = await db.select({ id: orgUnits.id, active: orgUnits.active, path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, input.orgUnitId));
  if (!unit?.active) return notFound("org.errors.notFound");
  if (!can(actor, "member.write", unit.path)) return forbidden();
  if (input.jobId) {
    const [job] = await db.select({ id: jobs.id }).from(jobs).where(eq(jobs.id, input.jobId));
    if (!job) return notFound();
  }
  return null;
}

export async function createMember(db: Db, actor: Principal, input: MemberInput): Promise<Result<{ id: number }>> {
  if (!can(actor, "member.write")) return forbidden();
  return db.transaction(async (tx) => {
    const bad = (await checkRefs(tx, actor, input)) ?? (await specialtyProblem(tx, input.specialty));
    if (bad) return bad;
    const [taken] = await tx.select({ id: members.id }).from(members).where(eq(members.employeeNo, input.employeeNo));
    if (taken) return conflict("members.errors.employeeNoTaken", { employeeNo: input.employeeNo });
    const created = (
      await tx
        .insert(members)
        .values({ ...input, searchWords: searchWords(input.employeeNo, input.name) })
        .returning({ id: members.id })
    )[0]!;
    await applyMemberChanges(tx, [{ memberId: created.id, before: null, after: { ...input, awaySince: null } }], clock.today());
    await audit(tx, { actorUserId: actor.userId, action: "member.create", entity: "member", entityId: created.id, after: input });
    return ok(created);
  });
}

/** Edits a member: `member.write` over the unit they are in and over the unit they move to. */
export async function updateMember(db: Db, actor: Principal, id: number, input: MemberInput): Promise<Result> {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ member: members, path: orgUnits.path })
      .from(members)
      .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
      .where(eq(members.id, id));
    if (!before) return notFound("members.errors.notFound");
    if (!can(actor, "member.write", before.path)) return forbidden();
    const bad = (await checkRefs(tx, actor, input)) ?? (await specialtyProblem(tx, input.specialty, before.member.specialty));
    if (bad) return bad;
    if (input.employeeNo !== before.member.employeeNo) {
      const [taken] = await tx.select({ id: members.id }).from(members).where(eq(members.employeeNo, input.employeeNo));
      if (taken) return conflict("members.errors.employeeNoTaken", { employeeNo: input.employeeNo });
    }
    await tx
      .update(members)
      .set({ ...input, searchWords: searchWords(input.employeeNo, input.name), updatedAt: clock.now() })
      .where(eq(members.id, id));
    await applyMemberChanges(tx, [{ memberId: id, before: before.member, after: { ...input, awaySince: before.member.awaySince } }], clock.today());
    await audit(tx, { actorUserId: actor.userId, action: "member.update", entity: "member", entityId: id, before: before.member, after: input });
    return ok();
  });
}

export async function listJobs(db: Db) {
  return db
    .select({ id: jobs.id, code: jobs.code, name: jobs.name, specialty: jobs.specialty })
    .from(jobs)
    .where(eq(jobs.active, true))
    .orderBy(asc(jobs.name));
}
