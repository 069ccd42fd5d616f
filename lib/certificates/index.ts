/**
 * Certificate types (validity, renewal window) and members' certificates: entered one by one or
 * imported from .xlsx/CSV (all or nothing; every problem with its row and column), and the list
 * of certificates about to expire in a unit.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { certificateTypes, memberCertificates, members } from "@/db/schema";
import { audit } from "@/lib/audit";
import type { Scope } from "@/lib/auth/permissions";
import type { MessageKey } from "@/lib/i18n";
import { readSpreadsheet } from "@/lib/members/import/read";
import type { CellValue } from "@/lib/members/import/types";
import { escapeLike, inScope } from "@/lib/org/scope";
import { addDays, addMonths, isDay } from "@/lib/core/time";

export type Result<T = undefined> = { ok: true; value: T } | { ok: false; code: string };

export const typeInput = z.object({
  code: z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9_-]+$/),
  name: z.string().trim().min(1).max(80),
  validityMonths: z.preprocess((v) => (v === "" || v === undefined ? null : v), z.coerce.number().int().min(1).max(600).nullable()),
  renewWindowDays: z.coerce.number().int().min(0).max(3650),
});

export async function listCertificateTypes(db: Db) {
  return db.select().from(certificateTypes).orderBy(asc(certificateTypes.code));
}

export async function createCertificateType(db: Db, actorUserId: number, raw: unknown): Promise<Result<{ id: number }>> {
  const p = typeInput.safeParse(raw);
  if (!p.success) return { ok: false, code: "certificates.errors.badInput" };
  return db.transaction(async (tx) => {
    const [dup] = await tx.select({ id: certificateTypes.id }).from(certificateTypes).where(eq(certificateTypes.code, p.data.code));
    if (dup) return { ok: false, code: "certificates.errors.codeTaken" };
    const [row] = await tx.insert(certificateTypes).values(p.data).returning({ id: certificateTypes.id });
    await audit(tx, { actorUserId, action: "certificate_type.create", entity: "certificate_type", entityId: row.id, after: p.data });
    return { ok: true, value: { id: row.id } };
  });
}

export async function setCertificateTypeActive(db: Db, actorUserId: number, id: number, active: boolean): Promise<Result> {
  const [row] = await db.update(certificateTypes).set({ active }).where(eq(certificateTypes.id, id)).returning({ id: certificateTypes.id });
  if (!row) return { ok: false, code: "certificates.errors.notFound" };
  await audit(db, { actorUserId, action: active ? "certificate_type.activate" : "certificate_type.deactivate", entity: "certificate_type", entityId: id });
  return { ok: true, value: undefined };
}

/** The last valid day of a certificate issued on `issuedOn` for `months` months. */
export function defaultExpiry(issuedOn: string, months: number | null): string | null {
  return months === null ? null : addDays(addMonths(issuedOn, months), -1);
}

export const certificateInput = z.object({
  employeeNo: z.string().trim().min(1).max(40),
  typeId: z.coerce.number().int().positive(),
  number: z.string().trim().min(1).max(60),
  issuedOn: z.string().refine(isDay),
  expiresOn: z.preprocess((v) => (v === "" || v === undefined ? null : v), z.string().refine(isDay).nullable()),
});

type Row = { employeeNo: string; typeId: number; number: string; issuedOn: string; expiresOn: string | null };

/**
 * Writes certificates (all or none). A certificate is its type and number: the same again for
 * the same member updates its dates; for another member it is an error.
 */
async function writeCertificates(db: Db, actorUserId: number, rows: (Row & { row: number | null })[], prior: CertProblem[] = []): Promise<{ ok: true; created: number; updated: number } | { ok: false; problems: CertProblem[] }> {
  return db.transaction(async (tx) => {
    const nos = [...new Set(rows.map((r) => r.employeeNo))];
    const ms = nos.length ? await tx.select({ id: members.id, employeeNo: members.employeeNo }).from(members).where(inArray(members.employeeNo, nos)) : [];
    const byNo = new Map(ms.map((m) => [m.employeeNo, m.id]));
    const types = new Map((await tx.select().from(certificateTypes)).map((t) => [t.id, t]));
    const problems: CertProblem[] = [];
    const existing = rows.length
      ? rowsOf<{ certificate_type_id: number; number: string; member_id: number }>(
          await tx.execute(sql`SELECT certificate_type_id, number, member_id FROM member_certificates
                                WHERE (certificate_type_id, number) IN (SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows.map((r) => ({ t: r.typeId, n: r.number })))}::jsonb) AS x(t int, n text))`),
        )
      : [];
    const owner = new Map(existing.map((e) => [`${e.certificate_type_id}|${e.number}`, Number(e.member_id)]));
    const seen = new Map<string, number | null>();
    const ready: (Row & { memberId: number; expires: string | null })[] = [];
    for (const r of rows) {
      const memberId = byNo.get(r.employeeNo);
      const type = types.get(r.typeId);
      if (memberId === undefined) problems.push({ row: r.row, column: "employeeNo", code: "certificates.errors.noMember", params: { value: r.employeeNo } });
      if (!type || !type.active) problems.push({ row: r.row, column: "type", code: "certificates.errors.noType" });
      const expires = r.expiresOn ?? (type ? defaultExpiry(r.issuedOn, type.validityMonths) : null);
      if (expires !== null && expires < r.issuedOn) problems.push({ row: r.row, column: "expiresOn", code: "certificates.errors.expiresBeforeIssued" });
      const key = `${r.typeId}|${r.number}`;
      if (seen.has(key)) problems.push({ row: r.row, column: "number", code: "certificates.errors.duplicateInFile", params: { row: seen.get(key) ?? "" } });
      seen.set(key, r.row);
      const own = owner.get(key);
      if (own !== undefined && memberId !== undefined && own !== memberId) problems.push({ row: r.row, column: "number", code: "certificates.errors.numberTaken" });
      if (memberId !== undefined) ready.push({ ...r, memberId, expires });
    }
    // Problems found while reading the file come first: every problem of the file is reported at once.
    if (problems.length || prior.length) return { ok: false as const, problems: [...prior, ...problems].sort((a, b) => (a.row ?? 0) - (b.row ?? 0)) };
    let created = 0;
    let updated = 0;
    for (const r of ready) {
      const key = `${r.typeId}|${r.number}`;
      if (owner.has(key)) {
        await tx.update(memberCertificates).set({ issuedOn: r.issuedOn, expiresOn: r.expires }).where(and(eq(memberCertificates.certificateTypeId, r.typeId), eq(memberCertificates.number, r.number)));
        updated++;
      } else {
        await tx.insert(memberCertificates).values({ memberId: r.memberId, certificateTypeId: r.typeId, number: r.number, issuedOn: r.issuedOn, expiresOn: r.expires, createdBy: actorUserId });
        created++;
      }
    }
    await audit(tx, { actorUserId, action: "certificates.write", entity: "member_certificates", after: { created, updated } });
    return { ok: true as const, created, updated };
  });
}

export interface CertProblem {
  row: number | null;
  column: "employeeNo" | "type" | "number" | "issuedOn" | "expiresOn" | null;
  code: MessageKey | string;
  params?: Record<string, string | number>;
}

/** One certificate entered by hand. */
export async function addCertificate(db: Db, actorUserId: number, raw: unknown): Promise<{ ok: true } | { ok: false; problems: CertProblem[] }> {
  const p = certificateInput.safeParse(raw);
  if (!p.success) {
    return { ok: false, problems: p.error.issues.map((i) => ({ row: null, column: (String(i.path[0]) === "typeId" ? "type" : String(i.path[0])) as CertProblem["column"], code: "certificates.errors.badValue" })) };
  }
  const r = await writeCertificates(db, actorUserId, [{ ...p.data, row: null }]);
  return r.ok ? { ok: true } : r;
}

export async function deleteCertificate(db: Db, actorUserId: number, id: number): Promise<Result> {
  return db.transaction(async (tx) => {
    const [row] = await tx.delete(memberCertificates).where(eq(memberCertificates.id, id)).returning();
    if (!row) return { ok: false, code: "certificates.errors.notFound" };
    await audit(tx, { actorUserId, action: "certificate.delete", entity: "member_certificate", entityId: id, before: row });
    return { ok: true, value: undefined };
  });
}

/** The import file's columns: Chinese header, English header. */
export const IMPORT_COLUMNS = [
  { key: "employeeNo", zh: "工号", en: "Employee number", required: true },
  { key: "type", zh: "证书类型", en: "Certificate type", required: true },
  { key: "number", zh: "证书编号", en: "Certificate number", required: true },
  { key: "issuedOn", zh: "发证日期", en: "Issued on", required: true },
  { key: "expiresOn", zh: "有效期至", en: "Expires on", required: false },
] as const;

function cellText(c: CellValue | undefined): string {
  if (c === null || c === undefined) return "";
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  return String(c).trim();
}

/** A date cell: an Excel date, or text 2026-01-31 / 2026/1/31 / 2026.1.31. */
export function cellDay(c: CellValue | undefined): string | null {
  if (c instanceof Date) return Number.isNaN(c.getTime()) ? null : c.toISOString().slice(0, 10);
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(cellText(c));
  if (!m) return null;
  const d = `${m[1]}-${m[2].padStart(2, "0")}-${m[3].padStart(2, "0")}`;
  return isDay(d) ? d : null;
}

export type ImportResult = { ok: true; created: number; updated: number } | { ok: false; problems: (Omit<CertProblem, "column"> & { column: string | null })[] };

/** Imports certificates from an .xlsx or CSV: every row checked first, then all written or none. */
export async function importCertificates(db: Db, actorUserId: number, file: Uint8Array): Promise<ImportResult> {
  const read = await readSpreadsheet(file);
  if (!read.ok) return { ok: false, problems: read.problems.map((p) => ({ row: p.row, column: p.column, code: p.code, params: p.params })) };
  const { header, rows } = read.sheet;
  const index = new Map<string, number>();
  for (const c of IMPORT_COLUMNS) {
    const i = header.findIndex((h) => h === c.zh || h.toLowerCase() === c.en.toLowerCase());
    if (i >= 0) index.set(c.key, i);
  }
  const missing = IMPORT_COLUMNS.filter((c) => c.required && !index.has(c.key));
  if (missing.length) return { ok: false, problems: [{ row: read.sheet.headerRow, column: null, code: "certificates.errors.missingColumns", params: { columns: missing.map((c) => c.zh).join("、") } }] };
  const colName = (key: string) => header[index.get(key)!] ?? key;
  const types = await db.select().from(certificateTypes);
  const problems: (Omit<CertProblem, "column"> & { column: string | null })[] = [];
  const parsed: (Row & { row: number })[] = [];
  for (const r of rows) {
    const get = (key: string) => (index.has(key) ? r.cells[index.get(key)!] : null);
    const employeeNo = cellText(get("employeeNo"));
    const typeText = cellText(get("type"));
    const number = cellText(get("number"));
    const issuedOn = cellDay(get("issuedOn"));
    const expiresRaw = cellText(get("expiresOn"));
    const expiresOn = expiresRaw === "" ? null : cellDay(get("expiresOn"));
    const type = types.find((t) => t.code === typeText || t.name === typeText);
    let bad = false;
    const add = (key: string, code: string, params?: Record<string, string | number>) => {
      bad = true;
      problems.push({ row: r.row, column: colName(key), code, params });
    };
    if (!employeeNo) add("employeeNo", "certificates.errors.required");
    if (!typeText) add("type", "certificates.errors.required");
    else if (!type) add("type", "certificates.errors.noTypeNamed", { value: typeText });
    if (!number) add("number", "certificates.errors.required");
    if (!issuedOn) add("issuedOn", "certificates.errors.badDate");
    if (expiresRaw !== "" && !expiresOn) add("expiresOn", "certificates.errors.badDate");
    if (!bad) parsed.push({ row: r.row, employeeNo, typeId: type!.id, number, issuedOn: issuedOn!, expiresOn });
  }
  const w = await writeCertificates(db, actorUserId, parsed, problems as CertProblem[]);
  if (!w.ok) return { ok: false, problems: w.problems.map((p) => ({ ...p, column: p.column && index.has(p.column) ? colName(p.column) : p.column })) };
  return { ok: true, created: w.created, updated: w.updated };
}

export interface ExpiringRow {
  id: number;
  memberId: number;
  employeeNo: string;
  name: string;
  unitName: string;
  typeName: string;
  number: string;
  expiresOn: string;
  daysLeft: number;
}

export const expiringFilter = z.object({
  unit: z.preprocess((v) => (v === "" || v === undefined ? null : v), z.coerce.number().int().positive().nullable()),
  within: z.preprocess((v) => (v === "" || v === undefined ? 90 : v), z.coerce.number().int().min(0).max(3650)),
  type: z.preprocess((v) => (v === "" || v === undefined ? null : v), z.coerce.number().int().positive().nullable()),
  expired: z.preprocess((v) => v === "1", z.boolean()),
});
export type ExpiringFilter = z.infer<typeof expiringFilter>;

/**
 * Certificates of active members in the unit (and the scope) that expire between today and
 * today + `within` days (with `expired`, also those already expired in the last year), soonest
 * first. A member's certificate that was renewed (a later one of the same type) is left out.
 */
export async function listExpiring(db: Db, q: { unitPath: string; scope: Scope; within: number; typeId: number | null; expired: boolean; today: string; limit?: number }): Promise<ExpiringRow[]> {
  const from = q.expired ? addDays(q.today, -365) : q.today;
  const to = addDays(q.today, q.within);
  return rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      SELECT c.id, m.id AS member_id, m.employee_no, m.name, u.name AS unit_name, t.name AS type_name, c.number, c.expires_on::text AS expires_on,
             (c.expires_on - ${q.today}::date) AS days_left
        FROM member_certificates c
        JOIN certificate_types t ON t.id = c.certificate_type_id
        JOIN members m ON m.id = c.member_id AND m.status = 'active'
        JOIN org_units u ON u.id = m.org_unit_id
       WHERE c.expires_on BETWEEN ${from}::date AND ${to}::date
         AND u.path LIKE ${escapeLike(q.unitPath) + "%"} AND ${inScope(sql`u.path`, q.scope)}
         ${q.typeId !== null ? sql`AND c.certificate_type_id = ${q.typeId}` : sql``}
         AND NOT EXISTS (SELECT 1 FROM member_certificates n WHERE n.member_id = c.member_id AND n.certificate_type_id = c.certificate_type_id
                           AND n.id <> c.id AND (n.expires_on IS NULL OR n.expires_on > c.expires_on))
       ORDER BY c.expires_on, m.employee_no
       ${q.limit ? sql`LIMIT ${q.limit}` : sql``}`),
  ).map((r) => ({
    id: Number(r.id),
    memberId: Number(r.member_id),
    employeeNo: String(r.employee_no),
    name: String(r.name),
    unitName: String(r.unit_name),
    typeName: String(r.type_name),
    number: String(r.number),
    expiresOn: String(r.expires_on),
    daysLeft: Number(r.days_left),
  }));
}
