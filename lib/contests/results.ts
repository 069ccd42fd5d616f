import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { contestResults, members, orgUnits } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { normaliseEmployeeNo } from "@/lib/auth/accounts";
import { mayChangeContent } from "@/lib/auth/ownership";
import { can, type Principal } from "@/lib/auth/permissions";
import * as clock from "@/lib/core/clock";
import { fail, failWithProblems, forbidden, notFound, ok, type Failure, type Result } from "@/lib/core/result";
import { text } from "@/lib/core/text";
import { readSpreadsheet } from "@/lib/members/import";
import { capProblems, formatBytes, MAX_FILE_BYTES, problem, type Problem } from "@/lib/members/import/types";
import { refreshPoints } from "@/lib/points";
import { membersByEmployeeNo } from "@/lib/signoffs";
import { getContest } from "./index";
import { parseResults } from "./parse";

/**
 * A contest's results, written by the contest's author or a whole-organisation trainer
 * (`mayChangeContent`), and only for members inside the writer's `teach.manage` scope, never
 * for the writer: results earn points and count for job requirements.
 */

const AWARD_KINDS = ["contest_award_bureau", "contest_award_plant", "contest_award_area"] as const;

/** An empty field (a form's blank number box) is no value. */
const blankToNull = (v: unknown) => (v === "" || v === undefined ? null : v);

export const resultInput = z.object({
  employeeNo: z.string().trim().min(1).max(40),
  rank: z.preprocess(blankToNull, z.coerce.number().int().min(1).max(100000).nullable()),
  score: z.preprocess(blankToNull, z.coerce.number().min(0).max(100000).nullable()),
  award: text(30).default(""),
});
type ResultInput = z.infer<typeof resultInput>;

/** The contest, when the actor may write its results. */
async function writableContest(db: Db, actor: Principal, contestId: number): Promise<Result<{ id: number }>> {
  const contest = await getContest(db, contestId);
  if (!contest) return notFound();
  if (!mayChangeContent(actor, contest)) return forbidden("methods.errors.notContestAuthor");
  return ok({ id: contest.id });
}

/** Whether the actor may write this member's result; the failure when not. */
function memberRefusal(actor: Principal, m: { id: number; orgPath: string }, employeeNo: string): Failure | null {
  if (m.id === actor.memberId) return forbidden("methods.errors.ownResult");
  if (!can(actor, "teach.manage", m.orgPath)) return forbidden("methods.errors.memberOutOfScope", { value: employeeNo });
  return null;
}

/** Enters or corrects one member's result by hand. */
export async function setResult(db: Db, actor: Principal, contestId: number, input: ResultInput): Promise<Result> {
  if (input.rank === null && input.score === null && input.award === "") return fail("methods.import.emptyResult");
  return db.transaction(async (tx) => {
    const contest = await writableContest(tx, actor, contestId);
    if (!contest.ok) return contest;
    const m = (await membersByEmployeeNo(tx, [input.employeeNo])).get(normaliseEmployeeNo(input.employeeNo));
    if (!m) return fail("methods.errors.unknownMember", { value: input.employeeNo });
    const refused = memberRefusal(actor, m, input.employeeNo);
    if (refused) return refused;
    const values = { rank: input.rank, score: input.score, award: input.award, updatedAt: clock.now() };
    await tx
      .insert(contestResults)
      .values({ contestId, memberId: m.id, ...values })
      .onConflictDoUpdate({ target: [contestResults.contestId, contestResults.memberId], set: values });
    await audit(tx, {
      actorUserId: actor.userId || null,
      action: "contest.result",
      entity: "contest",
      entityId: contestId,
      after: { memberId: m.id, ...input },
    });
    await refreshPoints(tx, { memberIds: [m.id], kinds: [...AWARD_KINDS] });
    return ok();
  });
}

export async function removeResult(db: Db, actor: Principal, contestId: number, memberId: number): Promise<Result> {
  return db.transaction(async (tx) => {
    const contest = await writableContest(tx, actor, contestId);
    if (!contest.ok) return contest;
    const [m] = await tx
      .select({ id: members.id, employeeNo: members.employeeNo, orgPath: orgUnits.path })
      .from(members)
      .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
      .where(eq(members.id, memberId));
    if (!m) return notFound();
    const refused = memberRefusal(actor, m, m.employeeNo);
    if (refused) return refused;
    const gone = await tx
      .delete(contestResults)
      .where(and(eq(contestResults.contestId, contestId), eq(contestResults.memberId, memberId)))
      .returning({ memberId: contestResults.memberId });
    if (gone.length === 0) return notFound();
    await audit(tx, { actorUserId: actor.userId || null, action: "contest.result.remove", entity: "contest", entityId: contestId, after: { memberId } });
    await refreshPoints(tx, { memberIds: [memberId], kinds: [...AWARD_KINDS] });
    return ok();
  });
}

/** Every problem of an import, capped for display, with how many there were in all. */
function importFailure(all: Problem[]): Failure {
  const capped = capProblems(all);
  return failWithProblems("import.failed", capped.problems, { count: capped.total });
}

/**
 * Imports a results sheet (.xlsx or CSV) into a contest, all or nothing: a row for a member
 * already entered replaces it; any problem (with its row and column) and nothing is written. A
 * row naming a member outside the writer's scope, or the writer, is such a problem; the name
 * check is skipped for a member outside the scope, so the import tells nobody a stranger's name.
 */
export async function importResults(db: Db, actor: Principal, contestId: number, file: Uint8Array): Promise<Result<{ count: number }>> {
  const contest = await writableContest(db, actor, contestId);
  if (!contest.ok) return contest;
  if (file.byteLength === 0) return fail("import.errors.empty");
  if (file.byteLength > MAX_FILE_BYTES)
    return fail("import.errors.tooLarge", { size: formatBytes(file.byteLength), limit: formatBytes(MAX_FILE_BYTES) }, "tooLarge");
  const read = await readSpreadsheet(file);
  if (!read.ok) return importFailure(read.problems);
  const parsed = parseResults(read.sheet);
  if (!parsed.ok) return importFailure(parsed.problems);
  return db.transaction(async (tx) => {
    const again = await writableContest(tx, actor, contestId);
    if (!again.ok) return again;
    const found = await membersByEmployeeNo(
      tx,
      parsed.rows.map((r) => r.employeeNo),
    );
    const noHeader = read.sheet.header.find((h) => ["工号", "employee no", "employee_no"].includes(h.trim().toLowerCase())) ?? "工号";
    const nameHeader = read.sheet.header.find((h) => ["姓名", "name"].includes(h.trim().toLowerCase())) ?? "姓名";
    const problems: Problem[] = [];
    for (const r of parsed.rows) {
      const m = found.get(r.employeeNo);
      if (!m) problems.push(problem(r.row, noHeader, "methods.import.unknownMember", { value: r.employeeNo }));
      else if (m.id === actor.memberId) problems.push(problem(r.row, noHeader, "methods.import.ownResult"));
      else if (!can(actor, "teach.manage", m.orgPath)) problems.push(problem(r.row, noHeader, "methods.import.outOfScope", { value: r.employeeNo }));
      else if (r.name !== null && r.name !== m.name) problems.push(problem(r.row, nameHeader, "methods.import.nameMismatch", { value: r.name, name: m.name }));
    }
    if (problems.length) return importFailure(problems);
    const values = parsed.rows.map((r) => ({
      contestId,
      memberId: found.get(r.employeeNo)!.id,
      rank: r.rank,
      score: r.score,
      award: r.award,
      updatedAt: clock.now(),
    }));
    await tx
      .insert(contestResults)
      .values(values)
      .onConflictDoUpdate({
        target: [contestResults.contestId, contestResults.memberId],
        set: { rank: sql`excluded.rank`, score: sql`excluded.score`, award: sql`excluded.award`, updatedAt: sql`excluded.updated_at` },
      });
    await audit(tx, { actorUserId: actor.userId || null, action: "contest.import", entity: "contest", entityId: contestId, after: { rows: values.length } });
    await refreshPoints(tx, { memberIds: values.map((v) => v.memberId), kinds: [...AWARD_KINDS] });
    return ok({ count: values.length });
  });
}
