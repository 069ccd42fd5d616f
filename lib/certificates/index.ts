/**
 * Certificate types (validity, renewal window) and members' certificates: entered one by one or
 * imported from .xlsx/CSV (all or nothing; every problem with its row and column), and the list
 * of certificates about to expire in a unit (./expiring.ts).
 *
 * Types are organisation-wide (`jobs.write` over the whole organisation). A member's certificate
 * is written by someone holding `member.write` over the member's unit, never by the member: a
 * certificate meets job requirements.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { certificateTypes, memberCertificates, members, orgUnits } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { holdsEverywhere, mayActOnMember } from "@/lib/auth/ownership";
import { can, type Principal } from "@/lib/auth/permissions";
import { conflict, fail, failWithProblems, forbidden, notFound, ok, type MessageKey, type Params, type Problem, type Result } from "@/lib/core/result";
import { requiredText } from "@/lib/core/text";
import { today } from "@/lib/core/clock";
import { addDays, addMonths, isDay } from "@/lib/core/time";
import { buildPreview, changedSincePreview, exampleRows, withoutRows, type ImportMode, type ImportPreview } from "@/lib/core/import-preview";
import { readSpreadsheet } from "@/lib/members/import/read";
import type { CellValue } from "@/lib/members/import/types";

export { expiringFilter, listExpiring } from "./expiring";
import { checkReview, writeReview, type ReviewInput, type ReviewTarget } from "./review";

export { recordReview, reviewInput } from "./review";

/** A type's 复审 cycle: every 1–10 years (empty: none), the 学时 it needs, whether a test is. */
const reviewFields = {
  reviewEveryYears: z.preprocess(
    (v) => (v === "" || v === undefined ? null : v),
    z.coerce
      .number({ message: "certificates.review.errors.years" })
      .int("certificates.review.errors.years")
      .min(1, "certificates.review.errors.years")
      .max(10, "certificates.review.errors.years")
      .nullable(),
  ),
  reviewHours: z.preprocess(
    (v) => (v === "" || v === undefined ? 0 : v),
    z.coerce
      .number({ message: "certificates.review.errors.badHours" })
      .min(0, "certificates.review.errors.badHours")
      .max(1000, "certificates.review.errors.badHours"),
  ),
  reviewTest: z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean()),
};

export const reviewSettingsInput = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647), ...reviewFields });
type ReviewSettingsInput = z.infer<typeof reviewSettingsInput>;

export const typeInput = z.object({
  code: z
    .string()
    .trim()
    .min(1, "errors.required")
    .max(40)
    .regex(/^[A-Za-z0-9_-]+$/, "certificates.errors.badInput"),
  name: requiredText(80),
  validityMonths: z.preprocess((v) => (v === "" || v === undefined ? null : v), z.coerce.number().int().min(1).max(600).nullable()),
  renewWindowDays: z.coerce.number().int().min(0).max(3650),
  ...reviewFields,
});
/** The review fields may be left out: no review cycle. */
type TypeInput = Omit<z.infer<typeof typeInput>, keyof typeof reviewFields> & Partial<Pick<z.infer<typeof typeInput>, keyof typeof reviewFields>>;

export async function listCertificateTypes(db: Db) {
  return db.select().from(certificateTypes).orderBy(asc(certificateTypes.code));
}

export async function createCertificateType(db: Db, actor: Principal, input: TypeInput): Promise<Result<{ id: number }>> {
  if (!holdsEverywhere(actor, "jobs.write")) return forbidden();
  return db.transaction(async (tx) => {
    const [dup] = await tx.select({ id: certificateTypes.id }).from(certificateTypes).where(eq(certificateTypes.code, input.code));
    if (dup) return conflict("certificates.errors.codeTaken");
    const row = (
      await tx
        .insert(certificateTypes)
        .values({ reviewEveryYears: null, reviewHours: 0, reviewTest: false, ...input })
        .returning({ id: certificateTypes.id })
    )[0]!;
    await audit(tx, { actorUserId: actor.userId, action: "certificate_type.create", entity: "certificate_type", entityId: row.id, after: input });
    return ok({ id: row.id });
  });
}

export async function setCertificateTypeActive(db: Db, actor: Principal, id: number, active: boolean): Promise<Result> {
  if (!holdsEverywhere(actor, "jobs.write")) return forbidden();
  return db.transaction(async (tx) => {
    const [row] = await tx.update(certificateTypes).set({ active }).where(eq(certificateTypes.id, id)).returning({ id: certificateTypes.id });
    if (!row) return notFound("certificates.errors.notFound");
    await audit(tx, {
      actorUserId: actor.userId,
      action: active ? "certificate_type.activate" : "certificate_type.deactivate",
      entity: "certificate_type",
      entityId: id,
      after: { active },
    });
    return ok();
  });
}

/**
 * Changes a type's 复审 cycle (organisation-wide `jobs.write`, as creating it). Its holders' next
 * review days move with it; the type's trigger marks the jobs requiring it for the roster.
 */
export async function setReviewSettings(db: Db, actor: Principal, input: ReviewSettingsInput): Promise<Result> {
  if (!holdsEverywhere(actor, "jobs.write")) return forbidden();
  const parsed = reviewSettingsInput.safeParse(input);
  if (!parsed.success) return fail((parsed.error.issues[0]?.message as MessageKey) ?? "errors.invalidInput", undefined, "badRequest");
  const { id, ...settings } = parsed.data;
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ reviewEveryYears: certificateTypes.reviewEveryYears, reviewHours: certificateTypes.reviewHours, reviewTest: certificateTypes.reviewTest })
      .from(certificateTypes)
      .where(eq(certificateTypes.id, id));
    if (!before) return notFound("certificates.errors.notFound");
    await tx.update(certificateTypes).set(settings).where(eq(certificateTypes.id, id));
    await audit(tx, { actorUserId: actor.userId, action: "certificate_type.review", entity: "certificate_type", entityId: id, before, after: settings });
    return ok();
  });
}

/** The last valid day of a certificate issued on `issuedOn` for `months` months. */
function defaultExpiry(issuedOn: string, months: number | null): string | null {
  return months === null ? null : addDays(addMonths(issuedOn, months), -1);
}

const day = z.string().refine(isDay, "certificates.errors.badDate");

export const certificateInput = z.object({
  employeeNo: requiredText(40),
  typeId: z.coerce.number().int().positive().max(2_147_483_647),
  number: requiredText(60),
  issuedOn: day,
  expiresOn: z.preprocess((v) => (v === "" || v === undefined ? null : v), day.nullable()),
});
type CertificateInput = z.infer<typeof certificateInput>;

/**
 * `lastReviewedOn` (import only): the last 复审; absent leaves the stored date as it is. For a type
 * with a review cycle a date later than the stored one is a review, recorded as by hand
 * (./review.ts `checkReview` and `writeReview`) with `review`'s hours (null: the ledger's), test and evidence.
 */
type Row = CertificateInput & {
  row: number | null;
  lastReviewedOn?: string | null;
  review?: { hours: number | null; testPassed: boolean; evidence: string };
};
type Column = "employeeNo" | "type" | "number" | "issuedOn" | "expiresOn" | "lastReviewedOn" | "reviewHours" | "reviewTest" | "reviewEvidence";
/** A problem whose column is a field name until the import names it as the file does. */
type RowProblem = Omit<Problem, "column"> & { column: Column | string | null };

const problem = (row: number | null, column: Column | string | null, code: MessageKey, params?: Params): RowProblem =>
  params ? { row, column, code, params } : { row, column, code };

/**
 * Writes certificates (all or none). A certificate is its type and number: the same again for
 * the same member updates its dates; for another member it is an error. A member outside the
 * actor's scope reads as one that does not exist; the actor's own certificates are refused.
 */
async function writeCertificates(
  db: Db,
  actor: Principal,
  rows: Row[],
  prior: RowProblem[] = [],
  dryRun = false,
): Promise<{ ok: true; created: number; updated: number; updates: Set<number | null> } | { ok: false; problems: RowProblem[] }> {
  return db.transaction(async (tx) => {
    const nos = [...new Set(rows.map((r) => r.employeeNo))];
    const ms = nos.length
      ? await tx
          .select({ id: members.id, employeeNo: members.employeeNo, orgPath: orgUnits.path })
          .from(members)
          .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
          .where(inArray(members.employeeNo, nos))
      : [];
    const byNo = new Map(ms.map((m) => [m.employeeNo, m]));
    const types = new Map((await tx.select().from(certificateTypes)).map((t) => [t.id, t]));
    const problems: RowProblem[] = [];
    const existing = rows.length
      ? rowsOf<{ certificate_type_id: number; number: string; member_id: number; last_reviewed_on: string | null }>(
          await tx.execute(sql`SELECT certificate_type_id, number, member_id, last_reviewed_on::text AS last_reviewed_on FROM member_certificates
                                WHERE (certificate_type_id, number) IN (SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows.map((r) => ({ t: r.typeId, n: r.number })))}::jsonb) AS x(t int, n text))`),
        )
      : [];
    const owner = new Map(existing.map((e) => [`${e.certificate_type_id}|${e.number}`, Number(e.member_id)]));
    const storedReview = new Map(existing.map((e) => [`${e.certificate_type_id}|${e.number}`, e.last_reviewed_on]));
    const reviews: { key: string; target: ReviewTarget; v: ReviewInput; hours: number }[] = [];
    const seen = new Map<string, number | null>();
    const ready: (Row & { memberId: number; expires: string | null })[] = [];
    for (const r of rows) {
      const m = byNo.get(r.employeeNo);
      const member = m && can(actor, "member.write", m.orgPath) ? m : undefined;
      const type = types.get(r.typeId);
      if (!member) problems.push(problem(r.row, "employeeNo", "certificates.errors.noMember", { value: r.employeeNo }));
      else if (!mayActOnMember(actor, "member.write", member)) problems.push(problem(r.row, "employeeNo", "certificates.errors.own"));
      if (!type?.active) problems.push(problem(r.row, "type", "certificates.errors.noType"));
      const expires = r.expiresOn ?? (type ? defaultExpiry(r.issuedOn, type.validityMonths) : null);
      if (expires !== null && expires < r.issuedOn) problems.push(problem(r.row, "expiresOn", "certificates.errors.expiresBeforeIssued"));
      if (r.lastReviewedOn && r.lastReviewedOn < r.issuedOn) problems.push(problem(r.row, "lastReviewedOn", "certificates.errors.reviewBeforeIssued"));
      if (r.lastReviewedOn && r.lastReviewedOn > today()) problems.push(problem(r.row, "lastReviewedOn", "certificates.errors.reviewInFuture"));
      const key = `${r.typeId}|${r.number}`;
      if (seen.has(key)) problems.push(problem(r.row, "number", "certificates.errors.duplicateInFile", { row: seen.get(key) ?? "" }));
      seen.set(key, r.row);
      const own = owner.get(key);
      if (own !== undefined && member && own !== member.id) problems.push(problem(r.row, "number", "certificates.errors.numberTaken"));
      if (member) ready.push({ ...r, memberId: member.id, expires });
      // A later review date of a type with a cycle: a review, checked as one recorded by hand.
      const stored = storedReview.get(key) ?? null;
      if (
        member &&
        type?.active &&
        type.reviewEveryYears !== null &&
        r.lastReviewedOn &&
        r.lastReviewedOn !== stored &&
        r.lastReviewedOn >= r.issuedOn &&
        r.lastReviewedOn <= today()
      ) {
        const target = {
          memberId: member.id,
          orgPath: member.orgPath,
          issuedOn: r.issuedOn,
          lastReviewedOn: stored,
          everyYears: type.reviewEveryYears,
          reviewHours: Number(type.reviewHours),
          reviewTest: type.reviewTest,
        };
        const v: ReviewInput = { certificateId: 1, reviewedOn: r.lastReviewedOn, hours: null, evidence: "", testPassed: false, ...r.review };
        const checked = await checkReview(tx, actor, target, v, today());
        if (checked.ok) reviews.push({ key, target, v, hours: checked.value.hours });
        // (Scope and one's own were refused above, on the employee number.)
        else if (checked.code !== "certificates.errors.notFound" && checked.code !== "certificates.review.errors.own")
          problems.push(problem(r.row, "lastReviewedOn", checked.code, checked.params));
      }
    }
    const reviewed = new Set(reviews.map((x) => x.key));
    // Problems found while reading the file come first: every problem of the file is reported at once.
    const all = [...prior, ...problems].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    if (dryRun) {
      if (all.length) return { ok: false as const, problems: all };
      return { ok: true as const, created: 0, updated: 0, updates: new Set(ready.filter((r) => owner.has(`${r.typeId}|${r.number}`)).map((r) => r.row)) };
    }
    if (problems.length || prior.length) return { ok: false as const, problems: [...prior, ...problems].sort((a, b) => (a.row ?? 0) - (b.row ?? 0)) };
    let created = 0;
    let updated = 0;
    for (const r of ready) {
      const key = `${r.typeId}|${r.number}`;
      if (owner.has(key)) {
        await tx
          .update(memberCertificates)
          .set({ issuedOn: r.issuedOn, expiresOn: r.expires, ...(r.lastReviewedOn && !reviewed.has(key) ? { lastReviewedOn: r.lastReviewedOn } : {}) })
          .where(and(eq(memberCertificates.certificateTypeId, r.typeId), eq(memberCertificates.number, r.number)));
        updated++;
      } else {
        await tx.insert(memberCertificates).values({
          memberId: r.memberId,
          certificateTypeId: r.typeId,
          number: r.number,
          issuedOn: r.issuedOn,
          expiresOn: r.expires,
          lastReviewedOn: reviewed.has(key) ? null : (r.lastReviewedOn ?? null),
          createdBy: actor.userId,
        });
        created++;
      }
    }
    // The reviews, as recording one by hand writes them (a row each, the date, the audit entry).
    for (const x of reviews) {
      const [typeId, number] = [Number(x.key.slice(0, x.key.indexOf("|"))), x.key.slice(x.key.indexOf("|") + 1)];
      const [c] = await tx
        .select({ id: memberCertificates.id })
        .from(memberCertificates)
        .where(and(eq(memberCertificates.certificateTypeId, typeId), eq(memberCertificates.number, number)));
      await writeReview(tx, actor, { ...x.target, id: c!.id }, { ...x.v, certificateId: c!.id }, x.hours);
    }
    await audit(tx, {
      actorUserId: actor.userId,
      action: "certificates.write",
      entity: "member_certificates",
      after: {
        created,
        updated,
        certificates: ready.slice(0, 50).map((r) => ({
          memberId: r.memberId,
          typeId: r.typeId,
          number: r.number,
          issuedOn: r.issuedOn,
          expiresOn: r.expires,
          ...(r.lastReviewedOn ? { lastReviewedOn: r.lastReviewedOn } : {}),
        })),
      },
    });
    return { ok: true as const, created, updated, updates: new Set<number | null>() };
  });
}

/** One certificate entered by hand; a refusal names its first problem. */
export async function addCertificate(db: Db, actor: Principal, input: CertificateInput): Promise<Result<{ created: number; updated: number }>> {
  if (!can(actor, "member.write")) return forbidden();
  const r = await writeCertificates(db, actor, [{ ...input, row: null }]);
  if (r.ok) return ok({ created: r.created, updated: r.updated });
  const first = r.problems[0];
  if (!first) return importFailure(r.problems);
  return fail(
    first.code,
    first.params,
    first.code === "certificates.errors.noMember" ? "notFound" : first.code === "certificates.errors.own" ? "forbidden" : "refused",
  );
}

/** The import file's columns: Chinese header, English header. */
export const IMPORT_COLUMNS = [
  { key: "employeeNo", zh: "工号", en: "Employee number", required: true },
  { key: "type", zh: "证书类型", en: "Certificate type", required: true },
  { key: "number", zh: "证书编号", en: "Certificate number", required: true },
  { key: "issuedOn", zh: "发证日期", en: "Issued on", required: true },
  { key: "expiresOn", zh: "有效期至", en: "Expires on", required: false },
  { key: "lastReviewedOn", zh: "上次复审日期", en: "Last reviewed on", required: false },
  { key: "reviewHours", zh: "复审学时", en: "Review hours", required: false },
  { key: "reviewTest", zh: "复审考试合格", en: "Review test passed", required: false },
  { key: "reviewEvidence", zh: "复审依据", en: "Review evidence", required: false },
] as const;

/** A yes/no cell: 是/合格/通过/yes/y/true/1 (anything else, or empty, is no). */
function cellYes(c: CellValue | undefined): boolean {
  return ["是", "合格", "通过", "yes", "y", "true", "1", "√"].includes(cellText(c).toLowerCase());
}

function cellText(c: CellValue | undefined): string {
  if (c === null || c === undefined) return "";
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  return String(c).trim();
}

/** A date cell: an Excel date, or text 2026-01-31 / 2026/1/31 / 2026.1.31. */
function cellDay(c: CellValue | undefined): string | null {
  if (c instanceof Date) return Number.isNaN(c.getTime()) ? null : c.toISOString().slice(0, 10);
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(cellText(c));
  if (!m) return null;
  const d = `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`;
  return isDay(d) ? d : null;
}

function importFailure(problems: Problem[]) {
  return failWithProblems("certificates.failed", problems, { count: problems.length });
}

/** The template's example rows (the first with the old template's demo worker): recognised and skipped. */
export const EXAMPLE_ROWS = [
  { employeeNo: "800001", number: "T-2026-0001" },
  { employeeNo: "900004", type: "GAS-OP", number: "T-2026-0001", issuedOn: "2026-01-15" },
] as const;

/** Imports certificates from an .xlsx or CSV: every row checked first, then all written or none. */
export async function importCertificates(
  db: Db,
  actor: Principal,
  file: Uint8Array,
  mode: Omit<ImportMode, "preview"> = {},
): Promise<Result<{ created: number; updated: number }>> {
  const r = await runImport(db, actor, file, { ...mode, preview: false });
  if (!r.ok) return r;
  return r.value.kind === "written" ? ok({ created: r.value.created, updated: r.value.updated }) : fail("errors.generic");
}

/** What importing the file would do, row by row; writes nothing. */
export async function previewCertificates(db: Db, actor: Principal, file: Uint8Array): Promise<Result<ImportPreview>> {
  const r = await runImport(db, actor, file, { preview: true });
  if (!r.ok) return r;
  return r.value.kind === "preview" ? ok(r.value.preview) : fail("errors.generic");
}

async function runImport(
  db: Db,
  actor: Principal,
  file: Uint8Array,
  mode: ImportMode,
): Promise<Result<{ kind: "written"; created: number; updated: number } | { kind: "preview"; preview: ImportPreview }>> {
  if (!can(actor, "member.write")) return forbidden();
  if (changedSincePreview(file, mode)) return fail("importPreview.changed");
  const read = await readSpreadsheet(file);
  if (!read.ok) return importFailure(read.problems);
  const { header } = read.sheet;
  const index = new Map<string, number>();
  for (const c of IMPORT_COLUMNS) {
    const i = header.findIndex((h) => h === c.zh || h.toLowerCase() === c.en.toLowerCase());
    if (i >= 0) index.set(c.key, i);
  }
  const missing = IMPORT_COLUMNS.filter((c) => c.required && !index.has(c.key));
  if (missing.length)
    return importFailure([
      { row: read.sheet.headerRow, column: null, code: "certificates.errors.missingColumns", params: { columns: missing.map((c) => c.zh).join("、") } },
    ]);
  const examples = exampleRows(read.sheet, (key) => index.get(key), EXAMPLE_ROWS);
  const rows = withoutRows(read.sheet, examples).rows;
  const colName = (key: string) => header[index.get(key)!] ?? key;
  const types = await db.select().from(certificateTypes);
  const problems: RowProblem[] = [];
  const parsed: Row[] = [];
  for (const r of rows) {
    const get = (key: string) => (index.has(key) ? r.cells[index.get(key)!] : null);
    const employeeNo = cellText(get("employeeNo"));
    const typeText = cellText(get("type"));
    const number = cellText(get("number"));
    const issuedOn = cellDay(get("issuedOn"));
    const expiresRaw = cellText(get("expiresOn"));
    const expiresOn = expiresRaw === "" ? null : cellDay(get("expiresOn"));
    const reviewedRaw = cellText(get("lastReviewedOn"));
    const lastReviewedOn = reviewedRaw === "" ? null : cellDay(get("lastReviewedOn"));
    const type = types.find((t) => t.code === typeText || t.name === typeText);
    let bad = false;
    const add = (key: Column, code: MessageKey, params?: Params) => {
      bad = true;
      problems.push(problem(r.row, colName(key), code, params));
    };
    if (!employeeNo) add("employeeNo", "certificates.errors.required");
    if (!typeText) add("type", "certificates.errors.required");
    else if (!type) add("type", "certificates.errors.noTypeNamed", { value: typeText });
    if (!number) add("number", "certificates.errors.required");
    else if (number.length > 60 || /\u0000/.test(number)) add("number", "certificates.errors.badValue");
    if (!issuedOn) add("issuedOn", "certificates.errors.badDate");
    if (expiresRaw !== "" && !expiresOn) add("expiresOn", "certificates.errors.badDate");
    if (reviewedRaw !== "" && !lastReviewedOn) add("lastReviewedOn", "certificates.errors.badDate");
    const hoursRaw = cellText(get("reviewHours"));
    const reviewHours = hoursRaw === "" ? null : Number(hoursRaw);
    if (reviewHours !== null && !(Number.isFinite(reviewHours) && reviewHours >= 0 && reviewHours <= 1000))
      add("reviewHours", "certificates.review.errors.badHours");
    const evidence = cellText(get("reviewEvidence"));
    if (evidence.length > 200 || /\u0000/.test(evidence)) add("reviewEvidence", "certificates.errors.badValue");
    const review = { hours: reviewHours, testPassed: cellYes(get("reviewTest")), evidence };
    if (!bad) parsed.push({ row: r.row, employeeNo, typeId: type!.id, number, issuedOn: issuedOn!, expiresOn, lastReviewedOn, review });
  }
  const named = (ps: RowProblem[]) => ps.map((p) => ({ ...p, column: p.column && index.has(p.column) ? colName(p.column) : p.column }));
  if (!mode.preview && parsed.length === 0 && problems.length === 0) return fail("importPreview.nothing");
  const w = await writeCertificates(db, actor, parsed, problems, mode.preview);
  if (mode.preview)
    return ok({
      kind: "preview" as const,
      preview: buildPreview({
        bytes: file,
        sheet: read.sheet,
        columns: IMPORT_COLUMNS.filter((c) => index.has(c.key)).map((c) => colName(c.key)),
        cells: (r) => IMPORT_COLUMNS.filter((c) => index.has(c.key)).map((c) => cellText(r.cells[index.get(c.key)!])),
        examples,
        updates: w.ok ? new Set([...w.updates].filter((x): x is number => x !== null)) : new Set(),
        problems: w.ok ? [] : named(w.problems),
      }),
    });
  if (!w.ok) return importFailure(named(w.problems));
  return ok({ kind: "written" as const, created: w.created, updated: w.updated });
}
