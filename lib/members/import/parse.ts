import { messagesFor } from "@/lib/i18n";
import { normaliseEmployeeNo } from "@/lib/auth/accounts";
import { EMPLOYEE_NO } from "@/lib/members/input";
import { MEMBER_STATUSES, TECH_TITLES, type MemberStatus, type TechTitle } from "@/lib/org/constants";
import { COLUMNS, type ColumnKey, type ColumnMap } from "./columns";
import { problem, type CellValue, type Problem, type Sheet } from "./types";

export const MAX_NAME = 50;
export const MAX_PHONE = 30;

/** What a cell shows as text, trimmed; numbers without exponent or grouping, dates as 2020-01-31. */
export function cellText(v: CellValue): string {
  if (v === null) return "";
  if (typeof v === "string") return v.trim();
  if (typeof v === "number") return Number.isInteger(v) && Math.abs(v) < 1e21 ? v.toFixed(0) : String(v);
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  return Number.isNaN(v.getTime()) ? "" : v.toISOString().slice(0, 10);
}

const fold = (s: string) =>
  s
    .trim()
    .replace(/[\s_-]+/g, " ")
    .toLowerCase();

/** An enum read by its code, its Chinese label or its English label (any letter case). */
function enumReader<T extends string>(codes: readonly T[], section: "specialties" | "techTitles" | "statuses") {
  const zh = messagesFor("zh-CN")[section] as Record<T, string>;
  const en = messagesFor("en")[section] as Record<T, string>;
  const byKey = new Map<string, T>();
  for (const code of codes) {
    byKey.set(fold(code), code);
    byKey.set(fold(en[code]), code);
    byKey.set(fold(zh[code]), code);
  }
  return {
    parse: (text: string): T | null => byKey.get(fold(text)) ?? null,
    /** The Chinese labels, in order, for the template's notes. */
    labels: codes.map((c) => zh[c]),
  };
}

/** 专业 read by its code, Chinese or English name (the admin's active list, any letter case). */
export function specialtyReader(list: readonly { code: string; nameZh: string; nameEn: string }[]) {
  const byKey = new Map<string, string>();
  for (const s of list) for (const k of [s.code, s.nameEn, s.nameZh]) if (!byKey.has(fold(k))) byKey.set(fold(k), s.code);
  return { parse: (text: string): string | null => byKey.get(fold(text)) ?? null, labels: list.map((s) => s.nameZh) };
}
export const techTitleReader = enumReader<TechTitle>(TECH_TITLES, "techTitles");
export const statusReader = enumReader<MemberStatus>(MEMBER_STATUSES, "statuses");

export const parseTechTitle = techTitleReader.parse;
export const parseStatus = statusReader.parse;

const TRUE = new Set(["是", "y", "yes", "true", "1"]);
const FALSE = new Set(["否", "n", "no", "false", "0"]);

/** 是/否 and its usual spellings; an empty cell is "no". Null when it is neither. */
export function parseBoolean(v: CellValue): boolean | null {
  if (typeof v === "boolean") return v;
  const t = cellText(v).toLowerCase();
  if (t === "") return false;
  if (TRUE.has(t)) return true;
  if (FALSE.has(t)) return false;
  return null;
}

function ymd(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return null;
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null; // 2023-02-30
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

const DAY_MS = 86_400_000;

/** An Excel serial day number (1 = 1900-01-01), counting Excel's phantom 1900-02-29 as it does. */
export function excelSerialToDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2958466) return null;
  const whole = Math.floor(serial); // a time of day does not change the date
  if (whole === 60) return null; // 1900-02-29, which did not exist
  const d = new Date(Date.UTC(1899, 11, 31) + (whole > 60 ? whole - 1 : whole) * DAY_MS);
  return ymd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

const SEPARATED = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const CHINESE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$/;

/**
 * A calendar date as YYYY-MM-DD, or null when it is not one. A date cell is a calendar day:
 * exceljs hands it over as midnight UTC, so its UTC fields are the day whatever the server's
 * time zone. Accepts 2020-01-31, 2020/1/31, 2020.1.31, 2020年1月31日, 20200131 and Excel
 * serial numbers (a date typed into a cell formatted as a number, or into a CSV by Excel).
 */
export function parseDate(v: CellValue): string | null {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return null;
    return ymd(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate());
  }
  if (typeof v === "boolean" || v === null) return null;
  const t = typeof v === "number" ? cellText(v) : v.trim();
  let m = SEPARATED.exec(t);
  if (m) return ymd(Number(m[1]), Number(m[3]), Number(m[4]));
  m = CHINESE.exec(t);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  if (/^\d{8}$/.test(t)) return ymd(Number(t.slice(0, 4)), Number(t.slice(4, 6)), Number(t.slice(6, 8)));
  if (/^\d+(\.\d+)?$/.test(t)) return excelSerialToDate(Number(t));
  return null;
}

export interface Lookups {
  /** Active org units only: a member cannot be placed in a closed unit. */
  units: { id: number; code: string; name: string }[];
  /** Active jobs only. */
  jobs: { id: number; code: string; name: string }[];
  /** Active specialties only. */
  specialties: { code: string; nameZh: string; nameEn: string }[];
}

/** One valid row. Optional fields are present only when their column is in the file. */
export interface ImportRecord {
  row: number;
  employeeNo: string;
  name: string;
  orgUnitId: number;
  specialty: string;
  jobId?: number | null;
  techTitle?: TechTitle;
  partyMember?: boolean;
  hiredOn?: string | null;
  status?: MemberStatus;
  phone?: string | null;
}

type Match = { id: number } | { error: "unknown" | "ambiguous" };

/** By code (any letter case) first, then by name, which must be unique. */
function matcher(items: { id: number; code: string; name: string }[]): (text: string) => Match {
  const byCode = new Map<string, number>();
  const byName = new Map<string, number[]>();
  for (const it of items) {
    byCode.set(it.code.trim().toUpperCase(), it.id);
    const name = it.name.trim();
    byName.set(name, [...(byName.get(name) ?? []), it.id]);
  }
  return (text) => {
    const code = byCode.get(text.toUpperCase());
    if (code !== undefined) return { id: code };
    const [id, ...more] = byName.get(text) ?? [];
    if (id === undefined) return { error: "unknown" };
    if (more.length) return { error: "ambiguous" };
    return { id };
  };
}

/**
 * Checks every data row against the columns and the lookups and reports every problem found,
 * row by row in the order of the file's columns; a row is returned only when it has none.
 */
export function validateRows(sheet: Sheet, map: ColumnMap, lookups: Lookups): { records: ImportRecord[]; problems: Problem[] } {
  const unit = matcher(lookups.units);
  const job = matcher(lookups.jobs);
  const parseSpecialty = specialtyReader(lookups.specialties).parse;
  const present = COLUMNS.filter((c) => map.index[c.key] !== undefined).sort((a, b) => map.index[a.key]! - map.index[b.key]!);
  const firstRowOf = new Map<string, number>();
  const records: ImportRecord[] = [];
  const problems: Problem[] = [];

  for (const { row, cells } of sheet.rows) {
    const rec: Partial<ImportRecord> & { row: number } = { row };
    let bad = false;
    const report = (key: ColumnKey, code: Problem["code"], params?: Problem["params"]) => {
      problems.push(problem(row, map.label[key]!, code, params));
      bad = true;
    };
    for (const col of present) {
      const raw = cells[map.index[col.key]!] ?? null;
      const text = cellText(raw);
      if (text === "" && col.required) {
        report(col.key, "import.errors.required");
        continue;
      }
      switch (col.key) {
        case "employeeNo": {
          const no = normaliseEmployeeNo(text);
          if (!EMPLOYEE_NO.test(no)) {
            report(col.key, "import.errors.badEmployeeNo", { value: text });
            break;
          }
          const other = firstRowOf.get(no);
          if (other !== undefined) report(col.key, "import.errors.duplicateEmployeeNo", { value: no, other });
          else firstRowOf.set(no, row);
          rec.employeeNo = no;
          break;
        }
        case "name":
          if (text.length > MAX_NAME) report(col.key, "import.errors.tooLong", { max: MAX_NAME });
          rec.name = text;
          break;
        case "unit": {
          const m = unit(text);
          if ("id" in m) rec.orgUnitId = m.id;
          else report(col.key, m.error === "ambiguous" ? "import.errors.ambiguousUnit" : "import.errors.unknownUnit", { value: text });
          break;
        }
        case "specialty": {
          const s = parseSpecialty(text);
          if (s) rec.specialty = s;
          else report(col.key, "import.errors.unknownSpecialty", { value: text });
          break;
        }
        case "job": {
          if (text === "") {
            rec.jobId = null;
            break;
          }
          const m = job(text);
          if ("id" in m) rec.jobId = m.id;
          else report(col.key, m.error === "ambiguous" ? "import.errors.ambiguousJob" : "import.errors.unknownJob", { value: text });
          break;
        }
        case "techTitle": {
          const t = text === "" ? "none" : parseTechTitle(text);
          if (t) rec.techTitle = t;
          else report(col.key, "import.errors.unknownTechTitle", { value: text });
          break;
        }
        case "partyMember": {
          const b = parseBoolean(raw);
          if (b === null) report(col.key, "import.errors.badBoolean", { value: text });
          else rec.partyMember = b;
          break;
        }
        case "hiredOn": {
          if (text === "") {
            rec.hiredOn = null;
            break;
          }
          const d = parseDate(raw);
          if (d) rec.hiredOn = d;
          else report(col.key, "import.errors.badDate", { value: text });
          break;
        }
        case "status": {
          const s = text === "" ? "active" : parseStatus(text);
          if (s) rec.status = s;
          else report(col.key, "import.errors.unknownStatus", { value: text });
          break;
        }
        case "phone":
          if (text.length > MAX_PHONE) report(col.key, "import.errors.tooLong", { max: MAX_PHONE });
          rec.phone = text === "" ? null : text;
          break;
      }
    }
    if (!bad) records.push(rec as ImportRecord);
  }
  return { records, problems };
}
