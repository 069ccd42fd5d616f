/**
 * 线下考试 scores from a spreadsheet, through the import preview every import shows
 * (lib/core/import-preview): 工号, 姓名, 版本 (A/B), 得分, and optionally Q1..Qn per question in
 * the version's numbering (1/0 for right/wrong, or points). Each row is checked as a typed score
 * is (paper.ts: a known active 工号, a member in the importer's scope and the quiz's audience, not
 * the importer; a version A or B; a score within the paper's maximum); a refused row makes the
 * import write nothing. A row already recorded exactly so is unchanged, so a file imported twice
 * adds nothing; a row that differs corrects the member's paper attempt.
 */
import ExcelJS from "exceljs";
import type { Db } from "@/db/client";
import type { Principal } from "@/lib/auth/permissions";
import { audit } from "@/lib/core/audit";
import { buildPreview, cellString, changedSincePreview, headerIndex, type ImportMode, type ImportPreview } from "@/lib/core/import-preview";
import { fail, failWithProblems, ok, type Problem, type Result } from "@/lib/core/result";
import { readSpreadsheet } from "@/lib/members/import/read";
import type { Translate } from "@/lib/i18n";
import {
  checkEntry,
  membersForPaper,
  paperExamToManage,
  paperRoster,
  sameEntry,
  storedEntries,
  writePaperAttempt,
  type PaperEntry,
  type PaperExam,
} from "./paper";

/** Rows one import takes. */
const MAX_ROWS = 2000;

const HEADERS = {
  employeeNo: ["工号", "employee no", "employee no."],
  name: ["姓名", "name"],
  version: ["版本", "试卷", "version"],
  score: ["得分", "成绩", "score"],
} as const;

type Judged =
  | { row: number; status: "refused"; problems: Problem[] }
  | { row: number; status: "ok"; entry: PaperEntry; outcome: "create" | "update" | "unchanged" };

async function judgeFile(
  db: Db,
  actor: Principal,
  paper: PaperExam,
  file: Uint8Array,
): Promise<Result<{ sheet: { header: string[]; rows: { row: number; cells: unknown[] }[] }; columns: number[]; rows: Judged[] }>> {
  const read = await readSpreadsheet(file);
  if (!read.ok) {
    const p = read.problems[0];
    return fail(p?.code ?? "import.errors.notSpreadsheet", p?.params as never, "badRequest");
  }
  const header = read.sheet.header;
  const at = {
    employeeNo: headerIndex(header, HEADERS.employeeNo),
    name: headerIndex(header, HEADERS.name),
    version: headerIndex(header, HEADERS.version),
    score: headerIndex(header, HEADERS.score),
  };
  const missing = (["employeeNo", "version", "score"] as const).filter((k) => at[k] === undefined).map((k) => HEADERS[k][0]);
  if (missing.length) return fail("paper.import.missingColumns", { columns: missing.join("、") }, "badRequest");
  if (read.sheet.rows.length > MAX_ROWS) return fail("paper.import.tooManyRows", { limit: MAX_ROWS }, "badRequest");
  const n = paper.questions.length;
  const itemCols = Array.from({ length: n }, (_, i) => headerIndex(header, [`Q${i + 1}`, `第${i + 1}题`]));
  const withItems = itemCols.some((c) => c !== undefined);
  if (withItems && itemCols.some((c) => c === undefined)) return fail("paper.import.itemColumns", { count: n }, "badRequest");
  const cell = (cells: unknown[], i: number | undefined) => (i === undefined ? "" : cellString(cells[i]));
  // The template lists the whole station; a member left blank did not sit the paper.
  const blank = (cells: unknown[]) => [at.version, at.score, ...itemCols].every((c) => cell(cells, c) === "");
  const sheet = { ...read.sheet, rows: read.sheet.rows.filter((r) => !blank(r.cells)) };
  // The file's members, then what they already hold: one query per kind for the whole file.
  const members = await membersForPaper(db, actor, paper, sheet.rows.map((r) => cell(r.cells, at.employeeNo)).filter(Boolean));
  const seen = new Set<number>();
  const rows: (Judged | { row: number; status: "checked"; entry: PaperEntry })[] = [];
  for (const r of sheet.rows) {
    const problem = (code: Problem["code"], params?: Problem["params"]): Judged => ({
      row: r.row,
      status: "refused",
      problems: [{ row: r.row, column: null, code, params }],
    });
    const employeeNo = cell(r.cells, at.employeeNo);
    if (!employeeNo) {
      rows.push(problem("paper.reasons.noEmployeeNo"));
      continue;
    }
    const member = members.get(employeeNo)!;
    if (!member.ok) {
      rows.push(problem(member.reason));
      continue;
    }
    if (seen.has(member.id)) {
      rows.push(problem("paper.reasons.repeated"));
      continue;
    }
    seen.add(member.id);
    const checked = checkEntry(paper, {
      version: cell(r.cells, at.version),
      score: cell(r.cells, at.score),
      items: withItems ? itemCols.map((c) => cell(r.cells, c)) : null,
    });
    if (!checked.ok) {
      rows.push(problem(checked.reason, checked.params));
      continue;
    }
    rows.push({ row: r.row, status: "checked", entry: { memberId: member.id, ...checked.entry } });
  }
  const stored = await storedEntries(
    db,
    paper.id,
    rows.flatMap((r) => (r.status === "checked" ? [r.entry.memberId] : [])),
  );
  const judged = rows.map((r): Judged => {
    if (r.status !== "checked") return r;
    const before = stored.get(r.entry.memberId);
    return { row: r.row, status: "ok", entry: r.entry, outcome: !before ? "create" : sameEntry(before, r.entry) ? "unchanged" : "update" };
  });
  const columns = [at.employeeNo, at.name, at.version, at.score, ...itemCols].filter((c): c is number => c !== undefined);
  return ok({ sheet, columns, rows: judged });
}

const problemsOf = (rows: Judged[]) => rows.flatMap((r) => (r.status === "refused" ? r.problems : []));
const rowsWhere = (rows: Judged[], outcome: "update" | "unchanged") =>
  new Set(rows.filter((r) => r.status === "ok" && r.outcome === outcome).map((r) => r.row));

/** What importing the file would record for the sitting, row by row; writes nothing. */
export async function previewPaperImport(db: Db, actor: Principal, paperId: number, file: Uint8Array): Promise<Result<ImportPreview>> {
  const found = await paperExamToManage(db, actor, paperId);
  if (!found.ok) return found;
  const j = await judgeFile(db, actor, found.value, file);
  if (!j.ok) return j;
  const { sheet, columns, rows } = j.value;
  return ok(
    buildPreview({
      bytes: file,
      sheet,
      columns: columns.map((c) => sheet.header[c] ?? ""),
      cells: (r) => columns.map((c) => cellString(r.cells[c])),
      examples: new Set(),
      updates: rowsWhere(rows, "update"),
      unchanged: rowsWhere(rows, "unchanged"),
      problems: problemsOf(rows),
    }),
  );
}

/**
 * Records the file's scores, every row checked again as the preview did, bound to the previewed
 * file (`mode.digest`). A refused row writes nothing, with every refused row and its reason.
 */
export async function importPaperScores(
  db: Db,
  actor: Principal,
  paperId: number,
  file: Uint8Array,
  mode: Omit<ImportMode, "preview"> = {},
): Promise<Result<{ created: number; updated: number; unchanged: number }>> {
  const found = await paperExamToManage(db, actor, paperId);
  if (!found.ok) return found;
  if (changedSincePreview(file, mode)) return fail("importPreview.changed");
  const j = await judgeFile(db, actor, found.value, file);
  if (!j.ok) return j;
  const problems = problemsOf(j.value.rows);
  if (problems.length) return failWithProblems("paper.import.refused", problems, { count: problems.length });
  const good = j.value.rows.filter((r): r is Extract<Judged, { status: "ok" }> => r.status === "ok");
  if (!good.some((r) => r.outcome !== "unchanged")) return fail("importPreview.nothing");
  return db.transaction(async (tx) => {
    const counts = { created: 0, updated: 0, unchanged: 0 };
    for (const r of good) {
      const { outcome, before } = await writePaperAttempt(tx, found.value, r.entry);
      counts[outcome]++;
      if (outcome !== "unchanged")
        await audit(tx, {
          actorUserId: actor.userId,
          action: "quiz.paper.import",
          entity: "member",
          entityId: r.entry.memberId,
          before,
          after: { paperExamId: paperId, version: r.entry.version, score: r.entry.score, items: r.entry.items },
        });
    }
    return ok(counts);
  });
}

/** The score sheet for a sitting: the station's roster (工号, 姓名), 版本 and 得分 to fill in, Q1..Qn, and notes. */
export async function paperScoreTemplate(db: Db, actor: Principal, paperId: number, t: Translate): Promise<Result<Uint8Array>> {
  const found = await paperExamToManage(db, actor, paperId);
  if (!found.ok) return found;
  const roster = await paperRoster(db, found.value);
  const n = found.value.questions.length;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(t("paper.import.sheet"));
  ws.addRow(["工号", "姓名", "版本", "得分", ...Array.from({ length: n }, (_, i) => `Q${i + 1}`)]).font = { bold: true };
  for (const m of roster) ws.addRow([m.employeeNo, m.name]);
  for (const [i, w] of [12, 10, 8, 8].entries()) ws.getColumn(i + 1).width = w;
  const notes = wb.addWorksheet(t("paper.import.notesSheet"));
  for (const line of t("paper.import.notes", { max: found.value.maxScore, count: n }).split("\n")) notes.addRow([line]);
  notes.getColumn(1).width = 90;
  return ok(new Uint8Array(await wb.xlsx.writeBuffer()));
}
