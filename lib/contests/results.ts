import { and, eq, inArray, sql } from "drizzle-orm";
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
import { issueDue, revokeWithdrawn } from "@/lib/issued";
import { refreshPoints } from "@/lib/points";
import { membersByEmployeeNo } from "@/lib/signoffs";
import { getContest } from "./index";
import {
  buildPreview,
  cellString,
  changedSincePreview,
  exampleRows,
  headerIndex,
  withoutRows,
  type ImportMode,
  type ImportPreview,
} from "@/lib/core/import-preview";
import { parseResults, RESULT_COLUMNS } from "./parse";

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

/**
 * After results were written or removed, in the same transaction: the members' award points again,
 * and an award cleared or changed takes its certificate back; `issue` issues those a new award earns
 * (a removal issues nothing).
 */
async function afterResultsChanged(tx: Db, actor: Principal, memberIds: number[], { issue }: { issue: boolean }): Promise<void> {
  await refreshPoints(tx, { memberIds, kinds: [...AWARD_KINDS] });
  await revokeWithdrawn(tx, { memberIds, actorUserId: actor.userId || null });
  if (issue) await issueDue(tx, { memberIds });
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
    await afterResultsChanged(tx, actor, [m.id], { issue: true });
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
    await afterResultsChanged(tx, actor, [memberId], { issue: false });
    return ok();
  });
}

/** Every problem of an import, capped for display, with how many there were in all. */
function importFailure(all: Problem[]): Failure {
  const capped = capProblems(all);
  return failWithProblems("import.failed", capped.problems, { count: capped.total });
}

/** The template's example rows (the second the old template's, naming a demo worker): recognised and skipped. */
const EXAMPLE_ROWS = [
  { employeeNo: "800001", name: "王小明" },
  { employeeNo: "900004", name: "林晓雨", rank: "1", score: "95.5", award: "一等奖" },
] as const;

const PREVIEW_KEYS = ["employeeNo", "name", "rank", "score", "award"] as const;

/**
 * Imports a results sheet (.xlsx or CSV) into a contest, all or nothing: a row for a member
 * already entered replaces it; any problem (with its row and column) and nothing is written. A
 * row naming a member outside the writer's scope, or the writer, is such a problem; the name
 * check is skipped for a member outside the scope, so the import tells nobody a stranger's name.
 * The template's example row is skipped.
 */
export async function importResults(
  db: Db,
  actor: Principal,
  contestId: number,
  file: Uint8Array,
  mode: Omit<ImportMode, "preview"> = {},
): Promise<Result<{ count: number }>> {
  const r = await runImport(db, actor, contestId, file, { ...mode, preview: false });
  return r.ok ? (r.value.kind === "written" ? ok({ count: r.value.count }) : fail("errors.generic")) : r;
}

/** What importing the results file would do, row by row; writes nothing. */
export async function previewResults(db: Db, actor: Principal, contestId: number, file: Uint8Array): Promise<Result<ImportPreview>> {
  const r = await runImport(db, actor, contestId, file, { preview: true });
  return r.ok ? (r.value.kind === "preview" ? ok(r.value.preview) : fail("errors.generic")) : r;
}

async function runImport(
  db: Db,
  actor: Principal,
  contestId: number,
  file: Uint8Array,
  mode: ImportMode,
): Promise<Result<{ kind: "written"; count: number } | { kind: "preview"; preview: ImportPreview }>> {
  const contest = await writableContest(db, actor, contestId);
  if (!contest.ok) return contest;
  if (file.byteLength === 0) return fail("import.errors.empty");
  if (file.byteLength > MAX_FILE_BYTES)
    return fail("import.errors.tooLarge", { size: formatBytes(file.byteLength), limit: formatBytes(MAX_FILE_BYTES) }, "tooLarge");
  if (changedSincePreview(file, mode)) return fail("importPreview.changed");
  const read = await readSpreadsheet(file);
  if (!read.ok) return importFailure(read.problems);
  const at = (key: string) => {
    const col = RESULT_COLUMNS.find((c) => c.key === key);
    return col ? headerIndex(read.sheet.header, col.headers) : undefined;
  };
  const examples = exampleRows(read.sheet, at, EXAMPLE_ROWS);
  const parsed = parseResults(withoutRows(read.sheet, examples));
  const preview = (problems: Problem[], updates: Set<number>) =>
    ok({
      kind: "preview" as const,
      preview: buildPreview({
        bytes: file,
        sheet: read.sheet,
        columns: PREVIEW_KEYS.filter((k) => at(k) !== undefined).map((k) => read.sheet.header[at(k)!] ?? k),
        cells: (r) => PREVIEW_KEYS.filter((k) => at(k) !== undefined).map((k) => cellString(r.cells[at(k)!])),
        examples,
        updates,
        problems,
      }),
    });
  if (!parsed.ok) {
    // A problem of the columns cannot be shown row by row.
    if (!mode.preview || parsed.problems.some((p) => p.row === read.sheet.headerRow)) return importFailure(parsed.problems);
    return preview(parsed.problems, new Set());
  }
  if (!mode.preview && parsed.rows.length === 0) return fail("importPreview.nothing");
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
    if (mode.preview) {
      const ids = parsed.rows.map((r) => found.get(r.employeeNo)?.id).filter((x): x is number => x !== undefined);
      const entered = new Set(
        ids.length
          ? (
              await tx
                .select({ memberId: contestResults.memberId })
                .from(contestResults)
                .where(and(eq(contestResults.contestId, contestId), inArray(contestResults.memberId, ids)))
            ).map((x) => x.memberId)
          : [],
      );
      return preview(problems, new Set(parsed.rows.filter((r) => entered.has(found.get(r.employeeNo)?.id ?? -1)).map((r) => r.row)));
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
    await afterResultsChanged(
      tx,
      actor,
      values.map((v) => v.memberId),
      { issue: true },
    );
    return ok({ kind: "written" as const, count: values.length });
  });
}
