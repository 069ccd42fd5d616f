import ExcelJS from "exceljs";
import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { contestResults, contests, members, orgUnits } from "@/db/schema";
import { audit } from "@/lib/audit";
import { normaliseEmployeeNo } from "@/lib/auth/accounts";
import { readSpreadsheet } from "@/lib/members/import";
import { capProblems, problem, type Problem } from "@/lib/members/import/types";
import { SPECIALTIES } from "@/lib/org/constants";
import { refreshPoints } from "@/lib/points";
import { fail, type Outcome } from "@/lib/quiz/attempts/common";
import { membersByEmployeeNo } from "@/lib/signoffs";
import { parseResults, TEMPLATE_HEADERS } from "./parse";
import * as clock from "@/lib/core/clock";

export { parseResults, TEMPLATE_HEADERS } from "./parse";

/** 以武带训: skill contests and their results. */

export const CONTEST_LEVELS = ["bureau", "plant", "area"] as const;
export type ContestLevel = (typeof CONTEST_LEVELS)[number];

export const contestInput = z.object({
  title: z.string().trim().min(1).max(100),
  level: z.enum(CONTEST_LEVELS),
  specialty: z.enum(SPECIALTIES),
  heldOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "methods.errors.badDate"),
});
export type ContestInput = z.infer<typeof contestInput>;

export async function createContest(db: Db, actorUserId: number | null, input: ContestInput): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(contests).values({ ...input, createdBy: actorUserId }).returning({ id: contests.id });
    await audit(tx, { actorUserId, action: "contest.create", entity: "contest", entityId: row.id, after: input });
    return row;
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

export async function listContests(db: Db, opts: { level?: ContestLevel | null; specialty?: string | null } = {}): Promise<ContestRow[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`SELECT c.id, c.title, c.level, c.specialty, c.held_on::text AS held_on, (SELECT count(*)::int FROM contest_results r WHERE r.contest_id = c.id) AS results
      FROM contests c WHERE ${opts.level ? sql`c.level = ${opts.level}` : sql`TRUE`} AND ${opts.specialty ? sql`c.specialty = ${opts.specialty}` : sql`TRUE`}
      ORDER BY c.held_on DESC, c.id DESC LIMIT 200`),
  );
  return rows.map((r) => ({ id: Number(r.id), title: String(r.title), level: r.level as ContestLevel, specialty: String(r.specialty), heldOn: String(r.held_on), results: Number(r.results) }));
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
    .select({ memberId: members.id, employeeNo: members.employeeNo, name: members.name, unitName: orgUnits.name, rank: contestResults.rank, score: contestResults.score, award: contestResults.award })
    .from(contestResults)
    .innerJoin(members, eq(members.id, contestResults.memberId))
    .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
    .where(eq(contestResults.contestId, contestId))
    .orderBy(sql`${contestResults.rank} ASC NULLS LAST`, sql`${contestResults.score} DESC NULLS LAST`, members.name);
  return rows.map((r, i) => ({ ...r, position: i + 1, score: r.score === null ? null : Number(r.score) }));
}

export const resultInput = z.object({
  employeeNo: z.string().trim().min(1).max(40),
  rank: z.number().int().min(1).max(100000).nullable(),
  score: z.number().min(0).max(100000).nullable(),
  award: z.string().trim().max(30).default(""),
});
export type ResultInput = z.infer<typeof resultInput>;

/** Enters or corrects one member's result by hand. */
export async function setResult(db: Db, actorUserId: number | null, contestId: number, input: ResultInput): Promise<Outcome<null>> {
  if (input.rank === null && input.score === null && input.award === "") return fail("methods.import.emptyResult");
  return db.transaction(async (tx) => {
    if (!(await getContest(tx, contestId))) return fail("errors.notFound");
    const m = (await membersByEmployeeNo(tx, [input.employeeNo])).get(normaliseEmployeeNo(input.employeeNo));
    if (!m) return fail("methods.errors.unknownMember", { value: input.employeeNo });
    const values = { rank: input.rank, score: input.score, award: input.award, updatedAt: clock.now() };
    await tx.insert(contestResults).values({ contestId, memberId: m.id, ...values }).onConflictDoUpdate({ target: [contestResults.contestId, contestResults.memberId], set: values });
    await audit(tx, { actorUserId, action: "contest.result", entity: "contest", entityId: contestId, after: { memberId: m.id, ...input } });
    await refreshPoints(tx, { memberIds: [m.id], kinds: ["contest_award_bureau", "contest_award_plant", "contest_award_area"] });
    return { ok: true, value: null };
  });
}

export async function removeResult(db: Db, actorUserId: number | null, contestId: number, memberId: number): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(contestResults).where(and(eq(contestResults.contestId, contestId), eq(contestResults.memberId, memberId)));
    await audit(tx, { actorUserId, action: "contest.result.remove", entity: "contest", entityId: contestId, after: { memberId } });
    await refreshPoints(tx, { memberIds: [memberId], kinds: ["contest_award_bureau", "contest_award_plant", "contest_award_area"] });
  });
}

export type ImportOutcome = { ok: true; count: number } | { ok: false; problems: Problem[]; total: number };

/**
 * Imports a results sheet (.xlsx or CSV) into a contest, all or nothing: a row for a member
 * already entered replaces it; any problem (with its row and column) and nothing is written.
 */
export async function importResults(db: Db, actorUserId: number | null, contestId: number, file: Uint8Array): Promise<ImportOutcome> {
  const read = await readSpreadsheet(file);
  if (!read.ok) return capProblems(read.problems);
  const parsed = parseResults(read.sheet);
  if (!parsed.ok) return capProblems(parsed.problems);
  return db.transaction(async (tx) => {
    if (!(await getContest(tx, contestId))) return capProblems([problem(null, null, "errors.notFound")]);
    const found = await membersByEmployeeNo(tx, parsed.rows.map((r) => r.employeeNo));
    const noHeader = read.sheet.header.find((h) => ["工号", "employee no", "employee_no"].includes(h.trim().toLowerCase())) ?? "工号";
    const nameHeader = read.sheet.header.find((h) => ["姓名", "name"].includes(h.trim().toLowerCase())) ?? "姓名";
    const problems: Problem[] = [];
    for (const r of parsed.rows) {
      const m = found.get(r.employeeNo);
      if (!m) problems.push(problem(r.row, noHeader, "methods.import.unknownMember", { value: r.employeeNo }));
      else if (r.name !== null && r.name !== m.name) problems.push(problem(r.row, nameHeader, "methods.import.nameMismatch", { value: r.name, name: m.name }));
    }
    if (problems.length) return capProblems(problems);
    const values = parsed.rows.map((r) => ({ contestId, memberId: found.get(r.employeeNo)!.id, rank: r.rank, score: r.score, award: r.award, updatedAt: clock.now() }));
    await tx
      .insert(contestResults)
      .values(values)
      .onConflictDoUpdate({ target: [contestResults.contestId, contestResults.memberId], set: { rank: sql`excluded.rank`, score: sql`excluded.score`, award: sql`excluded.award`, updatedAt: sql`excluded.updated_at` } });
    await audit(tx, { actorUserId, action: "contest.import", entity: "contest", entityId: contestId, after: { rows: values.length } });
    await refreshPoints(tx, { memberIds: values.map((v) => v.memberId), kinds: ["contest_award_bureau", "contest_award_plant", "contest_award_area"] });
    return { ok: true as const, count: values.length };
  });
}

/** The results sheet to fill in, with one example row. */
export async function resultsTemplate(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("成绩");
  ws.addRow(TEMPLATE_HEADERS);
  ws.addRow(["900004", "林晓雨", 1, 95.5, "一等奖"]);
  ws.columns.forEach((c) => (c.width = 14));
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

export interface MemberContestRow {
  contestId: number;
  title: string;
  level: ContestLevel;
  heldOn: string;
  rank: number | null;
  score: number | null;
  award: string;
}

export async function resultsForMember(db: Db, memberId: number): Promise<MemberContestRow[]> {
  const rows = await db
    .select({ contestId: contests.id, title: contests.title, level: contests.level, heldOn: contests.heldOn, rank: contestResults.rank, score: contestResults.score, award: contestResults.award })
    .from(contestResults)
    .innerJoin(contests, eq(contests.id, contestResults.contestId))
    .where(eq(contestResults.memberId, memberId))
    .orderBy(desc(contests.heldOn));
  return rows.map((r) => ({ ...r, score: r.score === null ? null : Number(r.score) }));
}

