/**
 * A unit's 一人一档 as one .zip: a manager, trainer or admin over the unit asks for it
 * (`requestUnitFiles`); the `unit-files` job (`runUnitExports`) prints one PDF per member of
 * the unit and its sub-units — those the requester may read, read again with the requester's
 * rights when the job runs — into a .zip streamed to a temporary file, batch by batch
 * (`personFiles`: one read per section for a batch), recording how many are done; then hands it
 * to storage. The requester (or an admin) downloads it until it expires (EXPORT_DAYS, from the
 * clock); the same job deletes expired ones.
 */
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, desc, eq, inArray, lte, sql } from "drizzle-orm";
import { Zip, ZipPassThrough } from "fflate";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { orgUnits, unitFileExports } from "@/db/schema";
import { loadCurrentUser } from "@/lib/auth/accounts";
import { can, type Principal } from "@/lib/auth/permissions";
import { audit } from "@/lib/core/audit";
import * as clock from "@/lib/core/clock";
import { config } from "@/lib/core/config";
import { log } from "@/lib/core/log";
import { badRequest, forbidden, notFound, ok, type Result } from "@/lib/core/result";
import { dayIn } from "@/lib/core/time";
import { isLocale, makeTranslator, type Locale } from "@/lib/i18n";
import { escapeLike } from "@/lib/org/scope";
import { getStorage } from "@/lib/storage";
import { personFiles, type PersonFile } from "./index";
import { personFilePdf } from "./pdf";
import { openPrintPool, PrintThreadsUnavailable, printThreads } from "./pdf-pool";

/** Days an export stays downloadable. */
export const EXPORT_DAYS = 7;
/** Members read per batch (one read per section each). */
const BATCH = 50;
/** A run that has not finished after this long is taken to have died and is run again. */
const STALE_MS = 3600_000;

const isAdmin = (p: Principal) => p.roles.some((r) => r.role === "admin" && r.scopePath === null);

export const unitFilesInput = z.object({ unitId: z.coerce.number().int().positive().max(2_147_483_647) });

export type ExportState = (typeof unitFileExports.$inferSelect)["state"];

export interface UnitExport {
  id: number;
  unitId: number;
  unitName: string;
  state: ExportState;
  total: number;
  done: number;
  sizeBytes: number | null;
  createdAt: Date;
  finishedAt: Date | null;
  expiresAt: Date;
}

/**
 * Members who left are printed for this many calendar years before the current one (and the
 * current year): an inspector asks for the files of people who worked there too. The site keeps
 * no retention period of its own; three years covers the current and the previous year the brief
 * of issue 15 asked for at least.
 */
export const LEFT_YEARS = 3;

/** A member whose file goes into a unit's zip; `left` for one who has left the unit since. */
export interface UnitFileMember {
  id: number;
  /** Left: the last unit of the subtree they were in, and the day they left it (null: not recorded). */
  left: { lastUnit: string; day: string | null } | null;
}

/**
 * The members of the unit subtree at `unitPath` whose files the principal may read, by number:
 * those there now (active or on leave), then those who left since 1 January LEFT_YEARS years
 * ago — left or retired while in the subtree (the day from `away_since`; not recorded before
 * that column existed, and then printed anyway), or moved to a unit outside it (an edit in the member
 * audit log from a unit inside to one outside; an import records no such edit) — with their last unit there.
 * A member who moved outside the principal's scope is not theirs to read and is left out.
 */
async function membersOf(db: Db, p: Principal, unitPath: string, now: Date): Promise<UnitFileMember[]> {
  const prefix = `${escapeLike(unitPath)}%`;
  const tz = clock.timeZone();
  const since = `${Number(dayIn(now, tz).slice(0, 4)) - LEFT_YEARS}-01-01`;
  const here = rowsOf<{ id: number; path: string; status: string; away_since: string | null; unit: string }>(
    await db.execute(sql`SELECT m.id, u.path, m.status::text AS status, m.away_since::text AS away_since, u.name AS unit
      FROM members m JOIN org_units u ON u.id = m.org_unit_id
      WHERE u.path LIKE ${prefix} AND (m.status IN ('active', 'leave') OR m.away_since IS NULL OR m.away_since >= ${since}::date)
      ORDER BY m.employee_no`),
  );
  // A move out is one edit whose unit before is in the subtree and after is not (the member
  // still outside now); compared as text, so no other entity's audit rows are cast.
  const moved = rowsOf<{ id: number; path: string; unit: string; day: string }>(
    await db.execute(sql`
      SELECT DISTINCT ON (m.id) m.id, cu.path, u.name AS unit, to_char(a.at AT TIME ZONE ${tz}, 'YYYY-MM-DD') AS day
        FROM audit_log a
        JOIN org_units u ON u.id::text = a.before->>'orgUnitId'
        JOIN org_units nu ON nu.id::text = a.after->>'orgUnitId'
        JOIN members m ON m.id::text = a.entity_id
        JOIN org_units cu ON cu.id = m.org_unit_id
       WHERE a.entity = 'member' AND a.action = 'member.update' AND a.at >= (${since}::date::timestamp AT TIME ZONE ${tz})
         AND u.path LIKE ${prefix} AND nu.path NOT LIKE ${prefix} AND cu.path NOT LIKE ${prefix}
       ORDER BY m.id, a.at DESC`),
  );
  const readable = (r: { id: number; path: string }) => Number(r.id) === p.memberId || can(p, "member.read", r.path);
  const current: UnitFileMember[] = [];
  const left: UnitFileMember[] = [];
  for (const r of here.filter(readable)) {
    if (r.status === "active" || r.status === "leave") current.push({ id: Number(r.id), left: null });
    else left.push({ id: Number(r.id), left: { lastUnit: r.unit, day: r.away_since } });
  }
  for (const r of moved.filter(readable)) left.push({ id: Number(r.id), left: { lastUnit: r.unit, day: r.day } });
  return [...current, ...left];
}

/**
 * Asks for the files of a unit and its sub-units: `member.read` over the unit (a manager,
 * trainer or admin in scope), else refused and nothing recorded. The caller kicks the job.
 */
export async function requestUnitFiles(db: Db, actor: Principal, input: unknown, locale: Locale, now: Date = clock.now()): Promise<Result<{ id: number }>> {
  const parsed = unitFilesInput.safeParse(input);
  if (!parsed.success) return badRequest("personFile.export.badUnit");
  const [unit] = await db.select({ id: orgUnits.id, path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, parsed.data.unitId));
  if (!unit) return notFound();
  if (!can(actor, "member.read", unit.path)) return forbidden();
  const total = (await membersOf(db, actor, unit.path, now)).length;
  const [row] = await db
    .insert(unitFileExports)
    .values({
      orgUnitId: unit.id,
      requestedBy: actor.userId,
      locale,
      total,
      createdAt: now,
      expiresAt: new Date(now.getTime() + EXPORT_DAYS * 86_400_000),
    })
    .returning({ id: unitFileExports.id });
  if (!row) throw new Error("export not recorded");
  await audit(db, { actorUserId: actor.userId, action: "unit_files.request", entity: "unit_file_export", entityId: row.id, after: { unitId: unit.id, total } });
  return ok({ id: row.id });
}

const view = {
  id: unitFileExports.id,
  unitId: unitFileExports.orgUnitId,
  unitName: orgUnits.name,
  state: unitFileExports.state,
  total: unitFileExports.total,
  done: unitFileExports.done,
  sizeBytes: unitFileExports.sizeBytes,
  createdAt: unitFileExports.createdAt,
  finishedAt: unitFileExports.finishedAt,
  expiresAt: unitFileExports.expiresAt,
  requestedBy: unitFileExports.requestedBy,
  storageKey: unitFileExports.storageKey,
};

async function loadExport(db: Db, actor: Principal, id: number) {
  const [r] = await db.select(view).from(unitFileExports).innerJoin(orgUnits, eq(orgUnits.id, unitFileExports.orgUnitId)).where(eq(unitFileExports.id, id));
  // Another person's export does not exist for them.
  if (!r || (r.requestedBy !== actor.userId && !isAdmin(actor))) return null;
  return r;
}

const strip = ({ requestedBy: _r, storageKey: _k, ...rest }: Awaited<ReturnType<typeof loadExport>> & object): UnitExport => rest;

/** One export and its progress: its requester, or an admin. An expired one reads as expired. */
export async function getUnitExport(db: Db, actor: Principal, id: number, now: Date = clock.now()): Promise<Result<UnitExport>> {
  const r = await loadExport(db, actor, id);
  if (!r) return notFound();
  const out = strip(r);
  return ok(r.expiresAt <= now ? { ...out, state: "expired" } : out);
}

/** The actor's own exports (an admin's too), newest first, the last 20. */
export async function listUnitExports(db: Db, actor: Principal, now: Date = clock.now()): Promise<UnitExport[]> {
  const rows = await db
    .select(view)
    .from(unitFileExports)
    .innerJoin(orgUnits, eq(orgUnits.id, unitFileExports.orgUnitId))
    .where(eq(unitFileExports.requestedBy, actor.userId))
    .orderBy(desc(unitFileExports.id))
    .limit(20);
  return rows.map((r) => (r.expiresAt <= now ? { ...strip(r), state: "expired" as const } : strip(r)));
}

/** The stored .zip of a finished export, for its requester or an admin, audited; none once expired. */
export async function unitExportDownload(
  db: Db,
  actor: Principal,
  id: number,
  now: Date = clock.now(),
): Promise<Result<{ key: string; filename: string; size: number | null }>> {
  const r = await loadExport(db, actor, id);
  if (!r) return notFound();
  if (r.state !== "done" || !r.storageKey || r.expiresAt <= now) return notFound("personFile.export.notReady");
  await audit(db, { actorUserId: actor.userId, action: "unit_files.download", entity: "unit_file_export", entityId: r.id, after: { unitId: r.unitId } });
  return ok({ key: r.storageKey, filename: `一人一档-${r.unitName}-${dayOf(r.createdAt)}.zip`, size: r.sizeBytes });
}

const dayOf = (d: Date) => dayIn(d, clock.timeZone());

const safe = (s: string) => s.replace(/[\\/:*?"<>|\u0000-\u001f]/g, "_");

/**
 * A zip entry's name: 工号_姓名.pdf, without characters a file system refuses; one who has left
 * the unit in the folder `folder`, their last unit there and the day they left in the name.
 */
export function entryName(employeeNo: string, name: string, left?: { folder: string; lastUnit: string; day: string | null }): string {
  if (!left) return safe(`${employeeNo}_${name}.pdf`);
  return `${safe(left.folder)}/${safe([employeeNo, name, left.lastUnit, left.day].filter(Boolean).join("_"))}.pdf`;
}

/** Deletes the stored files of expired exports and marks them so: how many. */
async function expireOld(db: Db, now: Date): Promise<number> {
  const old = await db
    .select({ id: unitFileExports.id, key: unitFileExports.storageKey })
    .from(unitFileExports)
    .where(and(lte(unitFileExports.expiresAt, now), inArray(unitFileExports.state, ["queued", "done", "failed"])));
  for (const o of old) {
    if (o.key) await getStorage().delete(o.key);
    await db.update(unitFileExports).set({ state: "expired", storageKey: null }).where(eq(unitFileExports.id, o.id));
  }
  return old.length;
}

/** Takes the next export waiting (or one whose run died), marking it running; null when none. */
async function claim(db: Db, now: Date) {
  const stale = new Date(now.getTime() - STALE_MS).toISOString();
  const [row] = rowsOf<{ id: number }>(
    await db.execute(sql`
      UPDATE unit_file_exports SET state = 'running', started_at = ${now.toISOString()}, done = 0
      WHERE id = (SELECT id FROM unit_file_exports
        WHERE state = 'queued' OR (state = 'running' AND started_at < ${stale})
        ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING id`),
  );
  if (!row) return null;
  const [r] = await db
    .select()
    .from(unitFileExports)
    .where(eq(unitFileExports.id, Number(row.id)));
  return r ?? null;
}

type ExportRow = typeof unitFileExports.$inferSelect;

/** Prints one export's files into a .zip and stores it. */
async function build(db: Db, row: ExportRow, now: Date): Promise<boolean> {
  const user = await loadCurrentUser(db, row.requestedBy);
  const [unit] = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, row.orgUnitId));
  // The requester's rights as they are now: a role taken away since the request prints nothing.
  if (!user || !unit || !can(user, "member.read", unit.path)) {
    await db.update(unitFileExports).set({ state: "failed", error: "forbidden", finishedAt: clock.now() }).where(eq(unitFileExports.id, row.id));
    return false;
  }
  const locale: Locale = isLocale(row.locale) ? row.locale : "zh-CN";
  const t = makeTranslator(locale);
  const list = await membersOf(db, user, unit.path, now);
  const ids = list.map((m) => m.id);
  const leftOf = new Map(list.map((m) => [m.id, m.left]));
  const folder = t("personFile.export.leftFolder");
  await db.update(unitFileExports).set({ total: ids.length }).where(eq(unitFileExports.id, row.id));
  const dir = await mkdtemp(path.join(tmpdir(), "unit-files-"));
  const file = path.join(dir, "files.zip");
  try {
    const out = createWriteStream(file);
    const finished = new Promise<void>((resolve, reject) => {
      out.on("finish", resolve);
      out.on("error", reject);
    });
    let zipError: Error | null = null;
    const zip = new Zip((err, chunk, final) => {
      if (err) zipError = err;
      else out.write(chunk);
      if (final || err) out.end();
    });
    let done = 0;
    let reported = performance.now();
    // The next batch is read while this one is printed (the database works while this process
    // lays out PDFs); at most two batches of data are held, never the PDFs.
    const read = (from: number) => {
      const p = personFiles(db, user, ids.slice(from, from + BATCH), now);
      p.catch(() => {}); // awaited below; not an unhandled rejection if a PDF fails first
      return p;
    };
    let next = read(0);
    // A batch's files go to the print threads at once and into the zip in order as they come
    // back (at most a batch of PDFs held); without threads, or once they fail, printed here.
    const printed = dayIn(now, clock.timeZone());
    const threads = printThreads(config().PDF_THREADS);
    let pool = threads > 1 && ids.length > 1 ? openPrintPool(threads) : null;
    const printHere = (f: PersonFile) => personFilePdf(t, f, printed);
    try {
      for (let i = 0; i < ids.length; i += BATCH) {
        const batch = ids.slice(i, i + BATCH);
        const files = await next;
        if (i + BATCH < ids.length) next = read(i + BATCH);
        const inThreads = new Map<number, Promise<Uint8Array>>();
        if (pool)
          for (const id of batch) {
            const f = files.get(id);
            if (!f) continue;
            const p = pool.print(locale, f, printed);
            p.catch(() => {}); // awaited in order below
            inThreads.set(id, p);
          }
        for (const id of batch) {
          const f = files.get(id);
          if (!f) continue;
          let pdf: Uint8Array;
          try {
            pdf = await (inThreads.get(id) ?? printHere(f));
          } catch (err) {
            if (!(err instanceof PrintThreadsUnavailable) || !pool) throw err;
            log().warn({ err, export: row.id }, "print threads unavailable: printing in the job's own thread");
            await pool.close();
            pool = null;
            inThreads.clear();
            pdf = await printHere(f);
          }
          // PDFs are compressed already: stored, not deflated again.
          const left = leftOf.get(id);
          const entry = new ZipPassThrough(entryName(f.member.employeeNo, f.member.name, left ? { folder, ...left } : undefined));
          entry.mtime = now;
          zip.add(entry);
          entry.push(pdf, true);
          // The file takes the zip at the disk's pace: nothing piles up in memory when it is slower.
          if (out.writableNeedDrain) await once(out, "drain");
          done++;
          // A PDF is a few hundred ms of CPU: let the requests waiting on this process through
          // between two (the job runs in the web process on the embedded database).
          await new Promise((resolve) => setImmediate(resolve));
          if (performance.now() - reported >= 1000) {
            reported = performance.now();
            await db.update(unitFileExports).set({ done }).where(eq(unitFileExports.id, row.id));
          }
        }
        await db.update(unitFileExports).set({ done }).where(eq(unitFileExports.id, row.id));
      }
    } finally {
      await pool?.close();
    }
    zip.end();
    await finished;
    if (zipError) throw zipError;
    const key = `exports/unit-files/${row.id}-${randomBytes(12).toString("hex")}.zip`;
    const size = (await stat(file)).size;
    await getStorage().putFile(key, file, "application/zip");
    await db
      .update(unitFileExports)
      .set({ state: "done", done, total: ids.length, storageKey: key, sizeBytes: size, finishedAt: clock.now() })
      .where(eq(unitFileExports.id, row.id));
    return true;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The `unit-files` job: deletes expired exports, then builds every export waiting, one at a
 * time. A failed build is recorded as failed (the requester asks again). Returns the counts.
 */
export async function runUnitExports(db: Db, now: Date = clock.now()): Promise<{ built: number; failed: number; expired: number }> {
  const expired = await expireOld(db, now);
  let built = 0;
  let failed = 0;
  for (let row = await claim(db, now); row; row = await claim(db, now)) {
    try {
      if (await build(db, row, now)) built++;
      else failed++;
    } catch (err) {
      failed++;
      log().error({ err, export: row.id }, "unit files export failed");
      await db
        .update(unitFileExports)
        .set({ state: "failed", error: String((err as Error).message ?? err).slice(0, 500), finishedAt: clock.now() })
        .where(eq(unitFileExports.id, row.id));
    }
  }
  return { built, failed, expired };
}
