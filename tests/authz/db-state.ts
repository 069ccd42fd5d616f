import { createHash } from "node:crypto";
import { cp, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import postgres from "postgres";
import { lookup } from "../helpers/rows";

/**
 * "Nothing changed": a fingerprint of every table (md5 of its rows in a fixed order, one query
 * for all of them) and of the media folder, taken before and after each call. After a call that
 * changed something (a hole, or a control), the changed tables (and the media folder) are put
 * back from a snapshot taken once, so every call starts from the same state and one hole cannot
 * hide the next (a disabled account, an archived course).
 */

/**
 * Tables a refused request may write, and why. Everything else must stay as it was.
 */
export const EXCLUDED_TABLES: Record<string, string> = {
  login_throttle: "a refused sign-in counts a failure: that is the throttle doing its work",
  login_known_addresses: "a sign-in remembers the address it came from",
  auth_sessions: "each request may touch its own session row (last seen, for the idle timeout); sign-out ends it",
  checkin_failures: "a refused check-in code is counted against guessing",
  quiz_proctor_failures: "a refused proctor code is counted against guessing",
  eligibility_cells: "the roster cache: recomputed when a roster is read",
  eligibility_member_summary: "the roster cache: recomputed when a roster is read",
  eligibility_dirty: "the roster cache's queue of members to recheck",
  eligibility_dirty_jobs: "the roster cache's queue of jobs to recompute (the background job empties it)",
  eligibility_cache_state: "the roster cache's date",
  hours_totals: "the 学时 totals: the dirty members recomputed when a report or roster is read",
  hours_dirty: "the 学时 totals' queue of members to recompute",
  hours_totals_state: "the 学时 totals' zone and last refresh",
};

const SNAPSHOT = "authz_snapshot";
/** The name a change of the media folder goes by in a list of changed tables. */
export const MEDIA = "(media files)";

export interface Fingerprint {
  /** Tables a refused call must leave alone. */
  tables: Record<string, string>;
  /** EXCLUDED_TABLES: not judged, but put back too after a call changed them. */
  excluded: Record<string, string>;
  media: string;
}

export class DbState {
  private readonly sql: postgres.Sql;
  private tables: string[] = [];
  private all: string[] = [];
  private columns = new Map<string, string[]>();
  private query = "";

  constructor(
    url: string,
    private readonly mediaDir: string,
  ) {
    this.sql = postgres(url, { max: 2, onnotice: () => {} });
  }

  /** Lists the tables and copies each into the snapshot schema. */
  async snapshot(): Promise<void> {
    const rows = await this.sql<{ table_name: string }[]>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`;
    this.all = rows.map((r) => r.table_name);
    this.tables = this.all.filter((t) => !(t in EXCLUDED_TABLES));
    const cols = await this.sql<{ table_name: string; column_name: string }[]>`
      SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND is_generated = 'NEVER' ORDER BY table_name, ordinal_position`;
    for (const c of cols) this.columns.set(c.table_name, [...(this.columns.get(c.table_name) ?? []), c.column_name]);
    this.query = this.all
      .map((t) => `SELECT '${t}' AS t, (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM public.${ident(t)} x) AS h`)
      .join(" UNION ALL ");
    await this.sql.unsafe(`DROP SCHEMA IF EXISTS ${SNAPSHOT} CASCADE; CREATE SCHEMA ${SNAPSHOT}`);
    for (const t of this.all) await this.sql.unsafe(`CREATE TABLE ${SNAPSHOT}.${ident(t)} AS TABLE public.${ident(t)}`);
    await rm(this.mediaSnapshot, { recursive: true, force: true });
    await cp(this.mediaDir, this.mediaSnapshot, { recursive: true, preserveTimestamps: true });
  }

  private get mediaSnapshot(): string {
    return `${this.mediaDir.replace(/\/+$/, "")}-snapshot`;
  }

  tableNames(): string[] {
    return [...this.tables];
  }

  async fingerprint(): Promise<Fingerprint> {
    const rows = await this.sql.unsafe<{ t: string; h: string }[]>(this.query);
    // The query has a row for every table, so a missing one is a bug here, not a difference.
    const hash = lookup(
      rows.map((r) => [r.t, r.h] as const),
      "fingerprint for table",
    );
    const pick = (names: string[]) => Object.fromEntries(names.map((t) => [t, hash(t)]));
    return { tables: pick(this.tables), excluded: pick(this.all.filter((t) => t in EXCLUDED_TABLES)), media: await folderPrint(this.mediaDir) };
  }

  /** The judged tables that differ between two fingerprints (and MEDIA when the files do). */
  static changed(a: Fingerprint, b: Fingerprint): string[] {
    const out = Object.keys(a.tables).filter((t) => a.tables[t] !== b.tables[t]);
    if (a.media !== b.media) out.push(MEDIA);
    return out;
  }

  /** Every table that differs, judged or not, and MEDIA. */
  static changedAny(a: Fingerprint, b: Fingerprint): string[] {
    return [...DbState.changed(a, b), ...Object.keys(a.excluded).filter((t) => a.excluded[t] !== b.excluded[t])];
  }

  /**
   * Puts `tables` (and MEDIA: the media folder) back as they were at the snapshot; foreign keys
   * are not checked meanwhile, since only whole tables come back, every one as it was.
   */
  async restore(tables: string[]): Promise<void> {
    if (tables.includes(MEDIA)) {
      await rm(this.mediaDir, { recursive: true, force: true });
      await cp(this.mediaSnapshot, this.mediaDir, { recursive: true, preserveTimestamps: true });
    }
    const list = tables.filter((t) => this.columns.has(t) && this.all.includes(t));
    if (list.length === 0) return;
    await this.sql.begin(async (tx) => {
      await tx.unsafe("SET LOCAL session_replication_role = replica");
      for (const t of list) {
        const cols = this.columns.get(t)!.map(ident).join(", ");
        await tx.unsafe(`DELETE FROM public.${ident(t)}`);
        await tx.unsafe(`INSERT INTO public.${ident(t)} (${cols}) OVERRIDING SYSTEM VALUE SELECT ${cols} FROM ${SNAPSHOT}.${ident(t)}`);
      }
    });
  }

  async close(): Promise<void> {
    await this.sql.end({ timeout: 5 });
  }
}

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Names and contents of every file under `dir` (part files of uploads included); a few small files here. */
async function folderPrint(dir: string): Promise<string> {
  const h = createHash("md5");
  async function walk(d: string): Promise<void> {
    const entries = await readdir(d, { withFileTypes: true }).catch(() => []);
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else {
        h.update(`${path.relative(dir, p)}\n`);
        h.update(await readFile(p).catch(() => Buffer.alloc(0)));
      }
    }
  }
  await walk(dir);
  return h.digest("hex");
}
