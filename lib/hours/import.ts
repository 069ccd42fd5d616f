/**
 * External training hours from a spreadsheet, through the import preview every import shows
 * (lib/core/import-preview): a preview that says, row by row, what would be recorded and what is
 * refused and why (unknown 工号, a member outside the importer's units or the importer themselves,
 * bad hours, a bad or future date, an unknown category, no title; the template's example row
 * skipped), then the confirmed import, bound to the previewed file's digest, checks every row
 * again and writes them all or none. The file is read by the members import's reader (bounded: lib/core/xlsx-read.ts for
 * .xlsx; a CSV is taken too). Who: a trainer (`teach.manage`) or manager (`roster.read`) over
 * each member's unit, as for one entry typed on the profile.
 */
import ExcelJS from "exceljs";
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { externalHours } from "@/db/schema";
import { can, type Principal } from "@/lib/auth/permissions";
import { mayActOnMember } from "@/lib/auth/ownership";
import { audit } from "@/lib/core/audit";
import { today as todayInZone } from "@/lib/core/clock";
import { buildPreview, cellString, changedSincePreview, type ImportMode, type ImportPreview } from "@/lib/core/import-preview";
import { fail, failWithProblems, forbidden, ok, type MessageKey, type Problem, type Result } from "@/lib/core/result";
import { isDay } from "@/lib/core/time";
import { readSpreadsheet } from "@/lib/members/import";
import type { Translate } from "@/lib/i18n";
import { HOUR_CATEGORIES, MAX_DAY_HOURS, type HourCategory } from "./rules";

/** Rows one import takes. */
export const MAX_IMPORT_ROWS = 2000;

const FIELDS = ["employeeNo", "name", "day", "hours", "category", "title", "provider", "certificateRef"] as const;
type Field = (typeof FIELDS)[number];

/** Headers as the template has them (Chinese), and the English ones the export would use. */
const HEADERS: Record<Field, string[]> = {
  employeeNo: ["工号", "employee no", "employee no."],
  name: ["姓名", "name"],
  day: ["培训日期", "日期", "date"],
  hours: ["学时", "hours"],
  category: ["类别", "学时类别", "category"],
  title: ["培训内容", "培训名称", "training", "title"],
  provider: ["培训机构", "provider"],
  certificateRef: ["证书编号", "certificate", "certificate number"],
};
const REQUIRED: Field[] = ["employeeNo", "day", "hours", "category", "title"];

const CATEGORY_WORDS: Record<string, HourCategory> = {
  安全: "safety",
  安全培训: "safety",
  技能: "skills",
  技能培训: "skills",
  管理: "management",
  管理培训: "management",
  其他: "other",
  其它: "other",
};

/** The template's example row starts with this in the 工号 column; it is skipped. */
const EXAMPLE_MARK = "示例";

export interface ImportRow {
  /** The row number as the spreadsheet shows it. */
  row: number;
  employeeNo: string;
  day: string;
  hours: number;
  category: HourCategory;
  title: string;
  provider: string;
  certificateRef: string;
}

type Judged =
  | (ImportRow & { status: "ok"; memberId: number; name: string })
  | { row: number; employeeNo: string; status: "refused" | "skipped"; reason: MessageKey; name?: string };

const cellText = cellString;

/** A date cell: an Excel date, "2026-05-01", "2026/5/1", "2026.5.1" or "2026年5月1日"; null if none of them. */
export function parseDay(c: unknown): string | null {
  if (c instanceof Date) return Number.isNaN(c.getTime()) ? null : c.toISOString().slice(0, 10);
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(cellText(c));
  if (!m) return null;
  const day = `${m[1]}-${(m[2] ?? "").padStart(2, "0")}-${(m[3] ?? "").padStart(2, "0")}`;
  return isDay(day) ? day : null;
}

/** Hours: a number (or its text) above 0, at most 24, at most two decimals; null otherwise. */
export function parseHours(c: unknown): number | null {
  const s = cellText(c);
  if (!/^\d+(\.\d+)?$/.test(s)) return null;
  const h = Number(s);
  if (!Number.isFinite(h) || h <= 0 || h > MAX_DAY_HOURS) return null;
  return Math.abs(h * 100 - Math.round(h * 100)) < 1e-6 ? Math.round(h * 100) / 100 : null;
}

export function parseCategory(c: unknown): HourCategory | null {
  const s = cellText(c);
  const lower = s.toLowerCase();
  if ((HOUR_CATEGORIES as readonly string[]).includes(lower)) return lower as HourCategory;
  return CATEGORY_WORDS[s] ?? null;
}

type Checked = { ok: true; value: Omit<ImportRow, "row"> } | { ok: false; reason: MessageKey };

/** One row's own checks, before the database is asked about its 工号. */
export function checkCells(cells: Partial<Record<Field, unknown>>, today: string): Checked {
  const day = parseDay(cells.day);
  if (day === null) return { ok: false, reason: "hours.import.reasons.badDate" };
  if (day > today) return { ok: false, reason: "hours.import.reasons.futureDate" };
  const hours = parseHours(cells.hours);
  if (hours === null) return { ok: false, reason: "hours.import.reasons.badHours" };
  const category = parseCategory(cells.category);
  if (category === null) return { ok: false, reason: "hours.import.reasons.badCategory" };
  const title = cellText(cells.title).slice(0, 200);
  if (!title) return { ok: false, reason: "hours.import.reasons.noTitle" };
  return {
    ok: true,
    value: {
      employeeNo: cellText(cells.employeeNo),
      day,
      hours,
      category,
      title,
      provider: cellText(cells.provider).slice(0, 200),
      certificateRef: cellText(cells.certificateRef).slice(0, 100),
    },
  };
}

const mayImport = (actor: Principal) => can(actor, "teach.manage") || can(actor, "roster.read");

interface Target {
  id: number;
  employee_no: string;
  name: string;
  path: string;
}

async function targets(db: Db, nos: string[]): Promise<Map<string, Target>> {
  if (!nos.length) return new Map();
  const list = `{${[...new Set(nos)].map((n) => `"${n.replace(/["\\]/g, "")}"`).join(",")}}`;
  const rows = rowsOf<Target>(
    await db.execute(
      sql`SELECT m.id, m.employee_no, m.name, u.path FROM members m JOIN org_units u ON u.id = m.org_unit_id WHERE m.employee_no = ANY(${list}::text[])`,
    ),
  );
  return new Map(rows.map((r) => [r.employee_no, { ...r, id: Number(r.id) }]));
}

/** Each checked row against its member: known, in the importer's units, not the importer. */
function judge(actor: Principal, row: number, employeeNo: string, c: Checked, m: Target | undefined): Judged {
  if (!employeeNo) return { row, employeeNo, status: "refused", reason: "hours.import.reasons.noEmployeeNo" };
  if (!m) return { row, employeeNo, status: "refused", reason: "hours.import.reasons.unknownNo" };
  const member = { id: m.id, orgPath: m.path };
  if (m.id === actor.memberId) return { row, employeeNo, name: m.name, status: "refused", reason: "hours.import.reasons.own" };
  if (!mayActOnMember(actor, "teach.manage", member) && !mayActOnMember(actor, "roster.read", member))
    return { row, employeeNo, status: "refused", reason: "hours.import.reasons.outOfScope" };
  if (!c.ok) return { row, employeeNo, name: m.name, status: "refused", reason: c.reason };
  return { ...c.value, row, status: "ok", memberId: m.id, name: m.name };
}

/** Reads and judges every row of the file; the preview and the import share it. */
async function judgeFile(
  db: Db,
  actor: Principal,
  file: Uint8Array,
  today: string,
): Promise<
  Result<{ read: Extract<Awaited<ReturnType<typeof readSpreadsheet>>, { ok: true }>["sheet"]; present: Field[]; col: Record<Field, number>; rows: Judged[] }>
> {
  const read = await readSpreadsheet(file);
  if (!read.ok) {
    const p = read.problems[0];
    return fail(p?.code ?? "import.errors.notSpreadsheet", p?.params as never, "badRequest");
  }
  const header = read.sheet.header.map((h) => h.toLowerCase());
  const col = Object.fromEntries(FIELDS.map((f) => [f, header.findIndex((h) => HEADERS[f].includes(h))])) as Record<Field, number>;
  const missing = REQUIRED.filter((f) => col[f] < 0);
  if (missing.length) return fail("hours.import.missingColumns", { columns: missing.map((f) => HEADERS[f][0]).join("、") }, "badRequest");
  if (read.sheet.rows.length > MAX_IMPORT_ROWS) return fail("hours.import.tooManyRows", { limit: MAX_IMPORT_ROWS }, "badRequest");
  const parsed = read.sheet.rows.map((r) => {
    const cells = Object.fromEntries(FIELDS.map((f) => [f, col[f] >= 0 ? r.cells[col[f]] : undefined])) as Record<Field, unknown>;
    return { row: r.row, employeeNo: cellText(cells.employeeNo), cells };
  });
  const found = await targets(
    db,
    parsed.map((p) => p.employeeNo),
  );
  const rows = parsed.map((p): Judged => {
    if (p.employeeNo.startsWith(EXAMPLE_MARK)) return { row: p.row, employeeNo: p.employeeNo, status: "skipped", reason: "hours.import.reasons.example" };
    return judge(actor, p.row, p.employeeNo, checkCells(p.cells, today), found.get(p.employeeNo));
  });
  return ok({ read: read.sheet, present: FIELDS.filter((f) => col[f] >= 0), col, rows });
}

const refusals = (rows: Judged[]): Problem[] => rows.flatMap((r) => (r.status === "refused" ? [{ row: r.row, column: null, code: r.reason }] : []));

/**
 * What importing the file would record, row by row (the shared preview: 新增, 拒绝 with the
 * reason, 示例行 skipped); writes nothing. A member outside the importer's units is refused
 * without their name: the preview's cells are the file's own.
 */
export async function previewHoursImport(db: Db, actor: Principal, file: Uint8Array, today: string = todayInZone()): Promise<Result<ImportPreview>> {
  if (!mayImport(actor)) return forbidden();
  const j = await judgeFile(db, actor, file, today);
  if (!j.ok) return j;
  const { read, present, col, rows } = j.value;
  return ok(
    buildPreview({
      bytes: file,
      sheet: read,
      columns: present.map((f) => read.header[col[f]] ?? f),
      cells: (r) => present.map((f) => cellText(r.cells[col[f]])),
      examples: new Set(rows.filter((r) => r.status === "skipped").map((r) => r.row)),
      updates: new Set(),
      problems: refusals(rows),
    }),
  );
}

/**
 * Records the file's rows, every one checked again as the preview did (the member may have moved
 * in between). Bound to the preview when confirmed from one (`mode.digest`: another file is
 * refused). A refused row makes it write nothing, with each refused row and its reason — unless
 * the trainer chose to skip them (`skipRefused`, the preview's "跳过拒绝的行"): each entry
 * stands alone, so the others are written in one transaction.
 */
export async function importHours(
  db: Db,
  actor: Principal,
  file: Uint8Array,
  mode: Omit<ImportMode, "preview"> & { skipRefused?: boolean } = {},
  today: string = todayInZone(),
): Promise<Result<{ created: number; members: number; skipped: number }>> {
  if (!mayImport(actor)) return forbidden();
  if (changedSincePreview(file, mode)) return fail("importPreview.changed");
  const j = await judgeFile(db, actor, file, today);
  if (!j.ok) return j;
  const problems = refusals(j.value.rows);
  if (problems.length && !mode.skipRefused) return failWithProblems("hours.import.refused", problems, { count: problems.length });
  const good = j.value.rows.filter((r): r is Extract<Judged, { status: "ok" }> => r.status === "ok");
  if (!good.length) return fail("importPreview.nothing");
  return db.transaction(async (tx) => {
    const ids = await tx
      .insert(externalHours)
      .values(
        good.map((r) => ({
          memberId: r.memberId,
          day: r.day,
          hours: r.hours,
          category: r.category,
          title: r.title,
          provider: r.provider,
          certificateRef: r.certificateRef,
          enteredBy: actor.userId || null,
        })),
      )
      .returning({ id: externalHours.id });
    for (const [i, r] of good.entries()) {
      const { status: _s, ...entry } = r;
      await audit(tx, {
        actorUserId: actor.userId || null,
        action: "hours.import",
        entity: "member",
        entityId: r.memberId,
        after: { ...entry, id: ids[i]?.id },
      });
    }
    return ok({ created: good.length, members: new Set(good.map((r) => r.memberId)).size, skipped: problems.length });
  });
}

/** The import template: Chinese headers, one example row (skipped on import), a notes sheet. */
export async function hoursTemplate(t: Translate): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(t("hours.import.sheet"));
  ws.addRow(["工号", "姓名", "培训日期", "学时", "类别", "培训内容", "培训机构", "证书编号"]).font = { bold: true };
  ws.addRow([`${EXAMPLE_MARK}：100001`, "张三", "2026-03-15", 8, "安全", "井控培训", "油田培训中心", "JK-2026-0001"]).font = {
    italic: true,
    color: { argb: "FF64748B" },
  };
  for (const [i, w] of [14, 10, 12, 8, 8, 24, 18, 16].entries()) ws.getColumn(i + 1).width = w;
  const notes = wb.addWorksheet(t("hours.import.notesSheet"));
  for (const line of t("hours.import.notes").split("\n")) notes.addRow([line]);
  notes.getColumn(1).width = 90;
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
