import { eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jobs, members, orgUnits, userRoles, users } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { hashPassword, passwordProblem } from "@/lib/auth/password";
import { can, type Principal } from "@/lib/auth/permissions";
import { fail, failWithProblems, forbidden, ok, type Result } from "@/lib/core/result";
import { buildPreview, cellString, changedSincePreview, exampleRows, withoutRows, type ImportMode, type ImportPreview } from "@/lib/core/import-preview";
import { mapColumns, type ColumnKey } from "./columns";
import { validateRows, type ImportRecord, type Lookups } from "./parse";
import { readSpreadsheet } from "./read";
import { capProblems, problem, type ImportResult, type Problem, type Sheet } from "./types";
import * as clock from "@/lib/core/clock";
import { listSpecialties } from "@/lib/org/specialties";
import { searchWords } from "@/lib/core/search-words";
import { applyMemberChanges } from "@/lib/induction";
import type { InductionMemberState } from "@/lib/induction/rules";

/** Rows per INSERT: ~11 parameters a row stays far below PostgreSQL's 65,535. */
const CHUNK = 1000;

/** The optional columns and the members column each one writes. */
const OPTIONAL: { key: ColumnKey; field: "jobId" | "techTitle" | "partyMember" | "hiredOn" | "status" | "phone" }[] = [
  { key: "job", field: "jobId" },
  { key: "techTitle", field: "techTitle" },
  { key: "partyMember", field: "partyMember" },
  { key: "hiredOn", field: "hiredOn" },
  { key: "status", field: "status" },
  { key: "phone", field: "phone" },
];

function dataColumns(sheet: Sheet): Set<number> {
  const out = new Set<number>();
  for (const r of sheet.rows) {
    r.cells.forEach((c, i) => {
      if (c !== null && !(typeof c === "string" && c.trim() === "")) out.add(i);
    });
  }
  return out;
}

async function loadLookups(db: Db): Promise<Lookups> {
  const [units, jobRows] = [
    await db.select({ id: orgUnits.id, code: orgUnits.code, name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.active, true)),
    await db.select({ id: jobs.id, code: jobs.code, name: jobs.name }).from(jobs).where(eq(jobs.active, true)),
  ];
  const specialtyRows = (await listSpecialties(db)).filter((s) => s.active);
  return { units, jobs: jobRows, specialties: specialtyRows };
}

/** The template's example row (template.ts): recognised and skipped, never imported. */
export const EXAMPLE_ROWS = [{ employeeNo: "800001", name: "王小明" }] as const;

/** The columns a preview shows of each row. */
const PREVIEW_COLUMNS: ColumnKey[] = ["employeeNo", "name", "unit", "specialty", "job"];

/**
 * What importing the file would do, row by row, without writing anything (see importMembers
 * for the rules; the same checks run).
 */
export async function previewMembers(db: Db, actor: Principal, file: Uint8Array, fileName: string, opts: { initialPassword?: string | null } = {}) {
  return runImport(db, actor, file, fileName, { ...opts, preview: true }) as Promise<Result<ImportPreview>>;
}

/**
 * Imports members from an .xlsx or CSV file (职工批量导入), all or nothing: the whole file is
 * checked first and every problem reported with its row and column; only a file without any
 * problem is written, in one transaction. A member whose employee number exists is updated
 * (columns left out of the file keep their values), others are created. With an initial
 * password, every imported member without an account gets one (worker role, password to be
 * changed at first sign-in).
 *
 * Empty cells in a column that is present mean the default, not "keep": no job, 技术等级 无,
 * not a party member, no hire date, 在岗, no phone.
 *
 * The actor needs `member.write` over every unit a row places a member in, and over the unit of
 * every existing member a row updates; a row outside that scope is a problem of the file.
 */
export async function importMembers(
  db: Db,
  actor: Principal,
  file: Uint8Array,
  fileName: string,
  opts: { initialPassword?: string | null } & Omit<ImportMode, "preview"> = {},
): Promise<ImportResult> {
  return runImport(db, actor, file, fileName, { ...opts, preview: false }) as Promise<ImportResult>;
}

async function runImport(
  db: Db,
  actor: Principal,
  file: Uint8Array,
  fileName: string,
  opts: { initialPassword?: string | null } & ImportMode,
): Promise<ImportResult | Result<ImportPreview>> {
  if (!can(actor, "member.write")) return forbidden();
  if (changedSincePreview(file, opts)) return fail("importPreview.changed");
  const problems: Problem[] = [];
  const password = opts.initialPassword ? opts.initialPassword : null;
  if (password !== null) {
    const weak = passwordProblem(password);
    if (weak) problems.push(problem(null, null, "import.errors.weakPassword", { reason: weak }));
  }

  const read = await readSpreadsheet(file);
  if (!read.ok) return refused([...problems, ...read.problems]);
  const whole = read.sheet;
  const columns = mapColumns(whole.header, { headerRow: whole.headerRow, dataColumns: dataColumns(whole) });
  if (columns.problems.length) return refused([...problems, ...columns.problems]);
  const at = (key: string) => columns.map.index[key as ColumnKey];
  const examples = exampleRows(whole, at, EXAMPLE_ROWS);
  const sheet = withoutRows(whole, examples);

  // argon2 is slow on purpose: one hash for the whole import, started while the rows are checked.
  const hashing = password !== null && problems.length === 0 && !opts.preview ? hashPassword(password) : null;
  hashing?.catch(() => {}); // awaited below; this only keeps an early return from leaving it unhandled

  return db.transaction(async (tx) => {
    const { records, problems: rowProblems } = validateRows(sheet, columns.map, await loadLookups(tx));
    const outside = await outsideScope(tx, actor, records, columns.map.label);
    if (opts.preview) {
      const shown = PREVIEW_COLUMNS.filter((k) => at(k) !== undefined);
      const existing = await existingNos(
        tx,
        records.map((r) => r.employeeNo),
      );
      return ok(
        buildPreview({
          bytes: file,
          sheet: whole,
          columns: shown.map((k) => columns.map.label[k] ?? k),
          cells: (r) => shown.map((k) => cellString(r.cells[at(k)!])),
          examples,
          updates: new Set(records.filter((r) => existing.has(r.employeeNo)).map((r) => r.row)),
          problems: [...problems, ...rowProblems, ...outside],
        }),
      );
    }
    if (problems.length || rowProblems.length || outside.length) return refused([...problems, ...rowProblems, ...outside].sort(byRow));
    if (records.length === 0) return fail("importPreview.nothing");

    const present = OPTIONAL.filter((o) => columns.map.index[o.key] !== undefined);
    const now = clock.now();
    const excluded = (col: { name: string }) => sql`excluded.${sql.identifier(col.name)}`;
    const set: Record<string, unknown> = {
      name: excluded(members.name),
      searchWords: excluded(members.searchWords),
      orgUnitId: excluded(members.orgUnitId),
      specialty: excluded(members.specialty),
      updatedAt: now,
    };
    for (const o of present) set[o.field] = excluded(members[o.field]);

    const passwordHash = hashing ? await hashing : null;
    let created = 0;
    let updated = 0;
    let accounts = 0;
    for (let i = 0; i < records.length; i += CHUNK) {
      const chunk = records.slice(i, i + CHUNK);
      const previous = await memberStates(
        tx,
        chunk.map((r) => r.employeeNo),
      );
      const rows = await tx
        .insert(members)
        .values(chunk.map((r) => toValues(r, present)))
        .onConflictDoUpdate({ target: members.employeeNo, set })
        // xmax is 0 on a row version this statement inserted, and set on one it updated.
        .returning({ id: members.id, inserted: sql<boolean>`(xmax = 0)`, ...STATE });
      for (const r of rows) {
        if (r.inserted) created++;
        else updated++;
      }
      await applyMemberChanges(
        tx,
        rows.map(({ id, inserted, ...after }) => ({ memberId: id, before: inserted ? null : (previous.get(id) ?? null), after })),
        clock.today(),
      );
      if (passwordHash) {
        const newUsers = await tx
          .insert(users)
          .values(rows.map((r) => ({ memberId: r.id, passwordHash, mustChangePassword: true })))
          .onConflictDoNothing({ target: users.memberId })
          .returning({ id: users.id });
        if (newUsers.length) {
          await tx
            .insert(userRoles)
            .values(newUsers.map((u) => ({ userId: u.id, role: "worker" as const, scopeOrgUnitId: null })))
            .onConflictDoNothing();
        }
        accounts += newUsers.length;
      }
    }
    await audit(tx, {
      actorUserId: actor.userId,
      action: "member.import",
      entity: "member",
      after: { fileName, rows: records.length, created, updated, accounts, columns: sheet.header.filter((h) => h !== "") },
    });
    return ok({ created, updated, accounts });
  });
}

/** What the induction hook (lib/induction) compares before and after a row is written. */
const STATE = {
  hiredOn: members.hiredOn,
  orgUnitId: members.orgUnitId,
  jobId: members.jobId,
  status: members.status,
  awaySince: members.awaySince,
};

async function memberStates(db: Db, nos: string[]): Promise<Map<number, InductionMemberState>> {
  const rows = await db
    .select({ id: members.id, ...STATE })
    .from(members)
    .where(inArray(members.employeeNo, nos));
  return new Map(rows.map(({ id, ...state }) => [id, state]));
}

function toValues(r: ImportRecord, present: typeof OPTIONAL) {
  const v: typeof members.$inferInsert = {
    employeeNo: r.employeeNo,
    name: r.name,
    searchWords: searchWords(r.employeeNo, r.name),
    orgUnitId: r.orgUnitId,
    specialty: r.specialty,
  };
  // Only the columns in the file: the others take their defaults on insert and stay as they
  // are on update.
  for (const o of present) (v as Record<string, unknown>)[o.field] = r[o.field];
  return v;
}

/** Whole-file problems first, then by row (a stable sort keeps each row's own order). */
function byRow(a: Problem, b: Problem): number {
  return (a.row ?? 0) - (b.row ?? 0);
}

function refused(all: Problem[]) {
  const capped = capProblems(all);
  return failWithProblems("import.failed", capped.problems, { count: capped.total });
}

/** Which of these employee numbers are members already. */
async function existingNos(db: Db, nos: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < nos.length; i += CHUNK) {
    const rows = await db
      .select({ no: members.employeeNo })
      .from(members)
      .where(inArray(members.employeeNo, nos.slice(i, i + CHUNK)));
    for (const r of rows) out.add(r.no);
  }
  return out;
}

/** Rows that place a member in, or update a member of, a unit outside the actor's `member.write` scope. */
async function outsideScope(db: Db, actor: Principal, records: ImportRecord[], label: Partial<Record<ColumnKey, string>>): Promise<Problem[]> {
  if (records.length === 0 || can(actor, "member.write", "/")) return [];
  const unitIds = [...new Set(records.map((r) => r.orgUnitId))];
  const paths = new Map(
    (await db.select({ id: orgUnits.id, path: orgUnits.path }).from(orgUnits).where(inArray(orgUnits.id, unitIds))).map((u) => [u.id, u.path]),
  );
  const existing = new Map<string, string>();
  for (let i = 0; i < records.length; i += CHUNK) {
    const nos = records.slice(i, i + CHUNK).map((r) => r.employeeNo);
    const rows = await db
      .select({ no: members.employeeNo, path: orgUnits.path })
      .from(members)
      .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
      .where(inArray(members.employeeNo, nos));
    for (const r of rows) existing.set(r.no, r.path);
  }
  const out: Problem[] = [];
  for (const r of records) {
    const current = existing.get(r.employeeNo);
    if (current !== undefined && !can(actor, "member.write", current))
      out.push(problem(r.row, label.employeeNo ?? null, "import.errors.memberOutOfScope", { value: r.employeeNo }));
    else if (!can(actor, "member.write", paths.get(r.orgUnitId) ?? null)) out.push(problem(r.row, label.unit ?? null, "import.errors.unitOutOfScope"));
  }
  return out;
}
