import ExcelJS from "exceljs";
import { and, desc, eq, inArray, or, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { contests, contestResults, members, orgUnits } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { mayCreateContest } from "@/lib/auth/ownership";
import { can, scopeOf, type Principal } from "@/lib/auth/permissions";
import { isDay } from "@/lib/core/time";
import { forbidden, ok, type Result } from "@/lib/core/result";
import { requiredText } from "@/lib/core/text";
import { specialtyCode, specialtyProblem } from "@/lib/org/specialties";
import { inScope } from "@/lib/org/scope";
import { TEMPLATE_HEADERS } from "./parse";

/**
 * 以武带训: skill contests and their rankings. Who records which level is `mayCreateContest`
 * (lib/auth/ownership); results are written in ./results.
 */

export const CONTEST_LEVELS = ["bureau", "plant", "area"] as const;
export type ContestLevel = (typeof CONTEST_LEVELS)[number];

export const contestInput = z.object({
  title: requiredText(100),
  level: z.enum(CONTEST_LEVELS),
  specialty: specialtyCode,
  heldOn: z.string().refine(isDay, "methods.errors.badDate"),
});
type ContestInput = z.infer<typeof contestInput>;

export async function createContest(db: Db, actor: Principal, input: ContestInput): Promise<Result<{ id: number }>> {
  if (!can(actor, "teach.manage")) return forbidden();
  if (!mayCreateContest(actor, input.level)) return forbidden("methods.errors.levelNotAllowed");
  const bad = await specialtyProblem(db, input.specialty);
  if (bad) return bad;
  return db.transaction(async (tx) => {
    const row = (
      await tx
        .insert(contests)
        .values({ ...input, createdBy: actor.userId || null })
        .returning({ id: contests.id })
    )[0]!;
    await audit(tx, { actorUserId: actor.userId || null, action: "contest.create", entity: "contest", entityId: row.id, after: input });
    return ok(row);
  });
}

export interface ContestRow {
  id: number;
  title: string;
  level: ContestLevel;
  specialty: string;
  heldOn: string;
  results: number;
}

/** Contests are public to every member: they are the area's roll of honour. */
export async function listContests(db: Db, opts: { level?: ContestLevel | null } = {}): Promise<ContestRow[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`SELECT c.id, c.title, c.level, c.specialty, c.held_on::text AS held_on, (SELECT count(*)::int FROM contest_results r WHERE r.contest_id = c.id) AS results
      FROM contests c WHERE ${opts.level ? sql`c.level = ${opts.level}` : sql`TRUE`}
      ORDER BY c.held_on DESC, c.id DESC LIMIT 200`),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    title: String(r.title),
    level: r.level as ContestLevel,
    specialty: String(r.specialty),
    heldOn: String(r.held_on),
    results: Number(r.results),
  }));
}

export async function getContest(db: Db, id: number) {
  const [c] = await db.select().from(contests).where(eq(contests.id, id));
  return c ?? null;
}

export interface RankingRow {
  position: number;
  memberId: number;
  employeeNo: string;
  name: string;
  unitName: string;
  rank: number | null;
  score: number | null;
  award: string;
}

/** A contest's ranking: by rank, then score (highest first); results without either come last. */
export async function contestRanking(db: Db, contestId: number): Promise<RankingRow[]> {
  const rows = await db
    .select({
      memberId: members.id,
      employeeNo: members.employeeNo,
      name: members.name,
      unitName: orgUnits.name,
      rank: contestResults.rank,
      score: contestResults.score,
      award: contestResults.award,
    })
    .from(contestResults)
    .innerJoin(members, eq(members.id, contestResults.memberId))
    .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
    .where(eq(contestResults.contestId, contestId))
    .orderBy(sql`${contestResults.rank} ASC NULLS LAST`, sql`${contestResults.score} DESC NULLS LAST`, members.name);
  return rows.map((r, i) => ({ ...r, position: i + 1, score: r.score === null ? null : Number(r.score) }));
}

/** The results sheet to fill in, with one example row. */
export async function resultsTemplate(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("成绩");
  ws.addRow(TEMPLATE_HEADERS);
  ws.addRow(["800001", "王小明", 1, 95.5, "一等奖"]);
  for (const c of ws.columns) c.width = 14;
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

interface MemberContestRow {
  contestId: number;
  title: string;
  level: ContestLevel;
  heldOn: string;
  rank: number | null;
  score: number | null;
  award: string;
}

/** A member's results, for their profile: shown to the member and to whoever may read their records. */
export async function resultsForMember(db: Db, viewer: Principal, memberId: number): Promise<MemberContestRow[]> {
  return (await resultsForMembers(db, viewer, [memberId])).map(({ memberId: _, ...r }) => r);
}

/** The results of several members in one read (a unit's files): those the viewer may read. */
export async function resultsForMembers(db: Db, viewer: Principal, memberIds: readonly number[]): Promise<(MemberContestRow & { memberId: number })[]> {
  if (!memberIds.length) return [];
  const rows = await db
    .select({
      memberId: contestResults.memberId,
      contestId: contests.id,
      title: contests.title,
      level: contests.level,
      heldOn: contests.heldOn,
      rank: contestResults.rank,
      score: contestResults.score,
      award: contestResults.award,
    })
    .from(contestResults)
    .innerJoin(contests, eq(contests.id, contestResults.contestId))
    .innerJoin(members, eq(members.id, contestResults.memberId))
    .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
    .where(and(inArray(contestResults.memberId, [...memberIds]), or(eq(members.id, viewer.memberId), inScope(orgUnits.path, scopeOf(viewer, "member.read")))))
    .orderBy(desc(contests.heldOn));
  return rows.map((r) => ({ ...r, score: r.score === null ? null : Number(r.score) }));
}
