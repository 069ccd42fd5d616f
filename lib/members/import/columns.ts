import { problem, type Problem } from "./types";

export type ColumnKey = "employeeNo" | "name" | "unit" | "specialty" | "job" | "techTitle" | "partyMember" | "hiredOn" | "status" | "phone";

interface ColumnDef {
  key: ColumnKey;
  /** The template's header. */
  zh: string;
  /** Also accepted, in any letter case. */
  en: string;
  required: boolean;
}

/**
 * The import file's columns, in the template's order. The headers are the file format, so they
 * are fixed here rather than taken from the UI labels, which may be reworded.
 */
export const COLUMNS: readonly ColumnDef[] = [
  { key: "employeeNo", zh: "工号", en: "Employee no.", required: true },
  { key: "name", zh: "姓名", en: "Name", required: true },
  { key: "unit", zh: "单位", en: "Unit", required: true },
  { key: "specialty", zh: "专业", en: "Specialty", required: true },
  { key: "job", zh: "岗位", en: "Job", required: false },
  { key: "techTitle", zh: "技术等级", en: "Technical grade", required: false },
  { key: "partyMember", zh: "党员", en: "Party member", required: false },
  { key: "hiredOn", zh: "入职日期", en: "Hired on", required: false },
  { key: "status", zh: "状态", en: "Status", required: false },
  { key: "phone", zh: "电话", en: "Phone", required: false },
];

/** Letter case, inner spaces and a trailing full stop do not matter: "employee  No" is "Employee no.". */
function headerKey(text: string): string {
  return text.trim().replace(/\s+/g, " ").replace(/\.$/, "").toLowerCase();
}

const BY_HEADER = new Map<string, { def: ColumnDef; lang: "zh" | "en" }>();
for (const def of COLUMNS) {
  BY_HEADER.set(headerKey(def.zh), { def, lang: "zh" });
  BY_HEADER.set(headerKey(def.en), { def, lang: "en" });
}

/** A, B, … Z, AA: how a spreadsheet names the column at a 0-based index. */
export function columnLetter(index: number): string {
  let s = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export interface ColumnMap {
  /** Index of each column found in the file. */
  index: Partial<Record<ColumnKey, number>>;
  /** The header as written, for problem reports. */
  label: Partial<Record<ColumnKey, string>>;
}

/**
 * Matches the header row to the known columns. `dataColumns` are the indexes that hold any
 * value below the header: a column with a blank header is ignored only when it is empty.
 */
export function mapColumns(header: string[], opts: { headerRow?: number; dataColumns?: ReadonlySet<number> } = {}): { map: ColumnMap; problems: Problem[] } {
  const headerRow = opts.headerRow ?? 1;
  const dataColumns = opts.dataColumns ?? new Set<number>();
  const map: ColumnMap = { index: {}, label: {} };
  const problems: Problem[] = [];
  const unknown: string[] = [];
  let zh = 0;
  let en = 0;
  let width = header.length;
  for (const i of dataColumns) width = Math.max(width, i + 1);
  for (let i = 0; i < width; i++) {
    const text = (header[i] ?? "").trim();
    if (text === "") {
      if (dataColumns.has(i)) unknown.push(columnLetter(i));
      continue;
    }
    const hit = BY_HEADER.get(headerKey(text));
    if (!hit) {
      unknown.push(text);
      continue;
    }
    if (hit.lang === "zh") zh++;
    else en++;
    if (map.index[hit.def.key] !== undefined) {
      problems.push(problem(headerRow, text, "import.errors.duplicateColumn", { column: text }));
      continue;
    }
    map.index[hit.def.key] = i;
    map.label[hit.def.key] = text;
  }
  if (zh + en === 0) {
    // Nothing in the row is a header (a title row, say, or a different file): listing each of
    // its cells as an unknown column would only bury the point.
    return {
      map,
      problems: [
        problem(headerRow, null, "import.errors.noHeader", {
          columns: COLUMNS.filter((c) => c.required)
            .map((c) => c.zh)
            .join("、"),
        }),
      ],
    };
  }
  // Name the missing columns in the language the file's headers are in.
  const useEn = en > zh;
  const sep = useEn ? ", " : "、";
  const missing = COLUMNS.filter((c) => c.required && map.index[c.key] === undefined).map((c) => (useEn ? c.en : c.zh));
  if (missing.length) problems.unshift(problem(null, null, "import.errors.missingColumns", { columns: missing.join(sep) }));
  if (unknown.length) problems.push(problem(null, null, "import.errors.unknownColumns", { columns: unknown.join(sep) }));
  return { map, problems };
}

/** Whether a header cell names one of the columns, in either language. */
export function isKnownHeader(text: string): boolean {
  return BY_HEADER.has(headerKey(text));
}
