import type { MessageKey } from "@/lib/i18n";
import type { CellValue, Problem, Sheet } from "@/lib/members/import/types";
import { problem } from "@/lib/members/import/types";

/** The results sheet of a contest: what each column is called (either language) and means. Pure. */
export const RESULT_COLUMNS = [
  { key: "employeeNo", headers: ["工号", "employee no", "employee_no"], required: true },
  { key: "name", headers: ["姓名", "name"], required: false },
  { key: "rank", headers: ["名次", "rank"], required: false },
  { key: "score", headers: ["成绩", "得分", "score"], required: false },
  { key: "award", headers: ["奖项", "award"], required: false },
] as const;
type ResultColumn = (typeof RESULT_COLUMNS)[number]["key"];
export const TEMPLATE_HEADERS = RESULT_COLUMNS.map((c) => c.headers[0]);

interface ResultRow {
  row: number;
  employeeNo: string;
  name: string | null;
  rank: number | null;
  score: number | null;
  award: string;
}

const norm = (h: string) => h.trim().toLowerCase().replace(/\s+/g, " ");

function text(c: CellValue): string {
  if (c === null) return "";
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  return String(c).trim();
}

function toNumber(c: CellValue): number | null {
  if (c === null || (typeof c === "string" && c.trim() === "")) return null;
  const n =
    typeof c === "number"
      ? c
      : Number(
          String(c)
            .trim()
            .replace(/[\uFF10-\uFF19]/g, (d) => String(d.charCodeAt(0) - 0xff10)),
        );
  return Number.isFinite(n) ? n : Number.NaN;
}

/**
 * Reads a results sheet into rows, or every problem found, each with its row and the column as
 * headed in the file: unknown, missing or repeated columns; an empty or repeated employee
 * number; a rank that is not a whole number from 1; a score that is not a number from 0 to
 * 100000 with at most two decimals; an award longer than 30 characters; a row with neither rank,
 * score nor award.
 */
export function parseResults(sheet: Sheet): { ok: true; rows: ResultRow[] } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const at = new Map<ResultColumn, number>();
  sheet.header.forEach((h, i) => {
    if (h === "") return;
    const col = RESULT_COLUMNS.find((c) => (c.headers as readonly string[]).map(norm).includes(norm(h)));
    if (!col) {
      problems.push(problem(sheet.headerRow, h, "import.errors.unknownColumns", { columns: h }));
      return;
    }
    if (at.has(col.key)) problems.push(problem(sheet.headerRow, h, "import.errors.duplicateColumn", { column: h }));
    else at.set(col.key, i);
  });
  const missing = RESULT_COLUMNS.filter((c) => c.required && !at.has(c.key)).map((c) => c.headers[0]);
  if (missing.length) problems.push(problem(sheet.headerRow, null, "import.errors.missingColumns", { columns: missing.join("、") }));
  if (problems.length) return { ok: false, problems };

  const header = (k: ResultColumn) => sheet.header[at.get(k)!] ?? null;
  const cell = (cells: CellValue[], k: ResultColumn): CellValue => (at.has(k) ? (cells[at.get(k)!] ?? null) : null);
  const seen = new Map<string, number>();
  const rows: ResultRow[] = [];
  for (const r of sheet.rows) {
    const bad = (k: ResultColumn, code: MessageKey, params?: Record<string, string | number>) => problems.push(problem(r.row, header(k), code, params));
    const employeeNo = text(cell(r.cells, "employeeNo"))
      .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
      .replace(/\s+/g, "")
      .toUpperCase();
    if (!employeeNo) bad("employeeNo", "import.errors.required");
    else if (seen.has(employeeNo)) bad("employeeNo", "import.errors.duplicateEmployeeNo", { value: employeeNo, other: seen.get(employeeNo)! });
    else seen.set(employeeNo, r.row);
    const name = at.has("name") ? text(cell(r.cells, "name")) || null : null;
    const rank = toNumber(cell(r.cells, "rank"));
    if (rank !== null && (!Number.isInteger(rank) || rank < 1 || rank > 100000)) bad("rank", "methods.import.badRank", { value: text(cell(r.cells, "rank")) });
    const score = toNumber(cell(r.cells, "score"));
    if (score !== null && (Number.isNaN(score) || score < 0 || score > 100000 || Math.round(score * 100) !== score * 100))
      bad("score", "methods.import.badScore", { value: text(cell(r.cells, "score")) });
    const award = text(cell(r.cells, "award"));
    if (award.length > 30) bad("award", "import.errors.tooLong", { max: 30 });
    if (rank === null && score === null && award === "") problems.push(problem(r.row, null, "methods.import.emptyResult"));
    rows.push({ row: r.row, employeeNo, name, rank, score, award });
  }
  return problems.length ? { ok: false, problems } : { ok: true, rows };
}
