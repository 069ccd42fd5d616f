import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/client";
import { cacheFreshness, refreshCache } from "@/lib/eligibility/cache";
import { generateRosterData } from "@/bench/roster-data";
import { createTestDb } from "../helpers/db";
import { cacheMismatches } from "../helpers/roster-cache";

/**
 * Edits that land while the roster-refresh job's transaction runs (PostgreSQL, where transactions
 * really run side by side; PGlite runs one statement at a time). The refresh is held after it has
 * read what it recomputes from: a second connection holds a SHARE lock on eligibility_cells, which
 * every recompute writes. Meanwhile another connection edits; then the refresh goes on. The edit
 * must not be lost: the cache still says a recompute is pending, and the next run agrees with the
 * pure rules.
 */
const TZ = "Asia/Shanghai";
const D0 = "2026-11-24";

describe.skipIf(!process.env.TEST_DATABASE_URL)("a roster refresh racing with edits (postgres)", () => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await createTestDb("postgres", { max: 6 });
    await generateRosterData(h.db, { members: 300, jobs: 6, today: D0, seed: 5 });
    await refreshCache(h.db, D0, TZ);
  }, 120_000);
  afterAll(async () => h?.close());

  const rows = async <T>(q: ReturnType<typeof sql>) => rowsOf<T>(await h.db.execute(q));
  const n = async (q: ReturnType<typeof sql>) => Number((await rows<{ n: number }>(q))[0]?.n ?? 0);

  /**
   * Opens a transaction that runs `hold` and then stays open: resolves once `hold` has run, with
   * `release` (lets the transaction commit) and `done` (the transaction).
   */
  async function holdOpen(hold: (tx: Parameters<Parameters<DbHandle["db"]["transaction"]>[0]>[0]) => Promise<void>) {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let held!: () => void;
    const holding = new Promise<void>((r) => {
      held = r;
    });
    const done = h.db.transaction(async (tx) => {
      await hold(tx);
      held();
      await gate;
    });
    await Promise.race([holding, done]);
    return { release, done };
  }

  /** Polls until the count query `q` is above zero; `what` names the wait in the error after `tries` polls. */
  async function waitFor(q: ReturnType<typeof sql>, tries: number, what: string) {
    for (let i = 0; ; i++) {
      if ((await n(q)) > 0) return;
      if (i > tries) throw new Error(what);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Runs `during` while a refresh is held just before it writes eligibility_cells; returns the refresh's result. */
  async function refreshWith(during: () => Promise<void>) {
    const holder = await holdOpen(async (tx) => {
      await tx.execute(sql`LOCK TABLE eligibility_cells IN SHARE MODE`);
    });
    const refresh = refreshCache(h.db, D0, TZ);
    try {
      // Until the refresh waits for the lock (it has read the state, the requirements and the dirty members).
      await waitFor(
        sql`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = 'eligibility_cells'::regclass`,
        200,
        "the refresh never reached eligibility_cells",
      );
      await during();
    } finally {
      holder.release();
      await holder.done;
    }
    return refresh;
  }

  /** The cache agrees with the pure rules on every member × job. */
  async function agrees() {
    expect((await cacheMismatches(h.db, D0, TZ)).slice(0, 5)).toEqual([]);
  }

  async function settled() {
    for (let i = 0; i < 5 && (await refreshCache(h.db, D0, TZ)).kind !== "none"; i++);
    expect((await cacheFreshness(h.db, D0, TZ)).pending).toBe(false);
  }

  it("a requirement edited while a whole recompute runs is not lost: the cache stays stale and the next run has it", async () => {
    await settled();
    const [req] = await rows<{ id: number; job_id: number }>(
      sql`SELECT r.id, r.job_id FROM job_requirements r
           WHERE r.kind = 'certificate' AND (SELECT count(*) FROM eligibility_cells c WHERE c.job_id = r.job_id) > 5
           ORDER BY r.id LIMIT 1`,
    );
    expect(req).toBeDefined();
    await h.db.execute(sql`UPDATE eligibility_cache_state SET full_dirty = true WHERE id = 1`);
    const r = await refreshWith(async () => {
      // Points the requirement at a certificate type that does not exist: nobody meets it any more.
      await h.db.execute(sql`UPDATE job_requirements SET ref_id = -1 WHERE id = ${req!.id}`);
    });
    expect(r.kind).toBe("full");
    // The run computed from the requirements before the edit: it must not call itself current.
    expect((await cacheFreshness(h.db, D0, TZ)).pending).toBe(true);
    expect((await refreshCache(h.db, D0, TZ)).kind).not.toBe("none");
    expect(await n(sql`SELECT count(*)::int AS n FROM eligibility_cells WHERE job_id = ${req!.job_id}`)).toBe(0);
    await agrees();
    await settled();
  });

  it("a job's requirement edited again while a refresh recomputes that job keeps the job marked for the next run", async () => {
    await settled();
    const [req] = await rows<{ id: number; job_id: number }>(
      sql`SELECT r.id, r.job_id FROM job_requirements r
           WHERE r.kind = 'certificate' AND r.ref_id > 0 AND (SELECT count(*) FROM eligibility_cells c WHERE c.job_id = r.job_id) > 5
           ORDER BY r.id LIMIT 1`,
    );
    expect(req).toBeDefined();
    // First edit: marks the job; the refresh starts recomputing it.
    await h.db.execute(sql`UPDATE job_requirements SET min_score = min_score WHERE id = ${req!.id}`);
    const r = await refreshWith(async () => {
      await h.db.execute(sql`UPDATE job_requirements SET ref_id = -1 WHERE id = ${req!.id}`);
    });
    expect(r).toMatchObject({ kind: "partial", jobs: 1 });
    expect((await cacheFreshness(h.db, D0, TZ)).pending).toBe(true);
    expect(await refreshCache(h.db, D0, TZ)).toMatchObject({ kind: "partial", jobs: 1 });
    expect(await n(sql`SELECT count(*)::int AS n FROM eligibility_cells WHERE job_id = ${req!.job_id}`)).toBe(0);
    await agrees();
    await settled();
  });

  it("a page reading the roster while a whole recompute is about to commit gets the last complete state at once", async () => {
    await settled();
    const cellsBefore = await n(sql`SELECT count(*)::int AS n FROM eligibility_cells`);
    const summariesBefore = await n(sql`SELECT count(*)::int AS n FROM eligibility_member_summary`);
    expect(cellsBefore).toBeGreaterThan(0);
    await h.db.execute(sql`UPDATE eligibility_cache_state SET full_dirty = true WHERE id = 1`);
    // Hold the refresh at its last statement (the state row): it has rewritten every cell by then.
    const holder = await holdOpen(async (tx) => {
      await tx.execute(sql`SELECT 1 FROM eligibility_cache_state WHERE id = 1 FOR UPDATE`);
    });
    const refresh = refreshCache(h.db, D0, TZ);
    try {
      await waitFor(
        sql`SELECT count(*)::int AS n FROM pg_stat_activity
             WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'UPDATE eligibility_cache_state%'`,
        400,
        "the refresh never reached its last statement",
      );
      // A page's reads, with a short timeout: they must not wait for the refresh.
      const read = await h.db.transaction(async (tx) => {
        await tx.execute(sql`SET LOCAL statement_timeout = 2000`);
        const c = rowsOf<{ n: number }>(await tx.execute(sql`SELECT count(*)::int AS n FROM eligibility_cells`));
        const s = rowsOf<{ n: number }>(await tx.execute(sql`SELECT count(*)::int AS n FROM eligibility_member_summary`));
        return { cells: Number(c[0]?.n), summaries: Number(s[0]?.n) };
      });
      expect(read).toEqual({ cells: cellsBefore, summaries: summariesBefore });
    } finally {
      holder.release();
      await holder.done;
    }
    expect((await refresh).kind).toBe("full");
    await agrees();
  });

  it("a member's record changed by a transaction still open when a partial refresh takes the dirty members is recomputed by the next run", async () => {
    await settled();
    // A member eligible for a job through a certificate, already waiting in eligibility_dirty.
    const [x] = await rows<{ member_id: number; job_id: number; type_id: number }>(
      sql`SELECT c.member_id, c.job_id, r.ref_id AS type_id FROM eligibility_cells c
            JOIN job_requirements r ON r.job_id = c.job_id AND r.kind = 'certificate'
           ORDER BY c.member_id, c.job_id LIMIT 1`,
    );
    expect(x).toBeDefined();
    await h.db.execute(sql`UPDATE members SET name = name WHERE id = ${x!.member_id}`);
    expect(await n(sql`SELECT count(*)::int AS n FROM eligibility_dirty WHERE member_id = ${x!.member_id}`)).toBe(1);

    // The member's certificates are deleted by a transaction that commits only after the refresh.
    const edit = await holdOpen(async (tx) => {
      await tx.execute(sql`DELETE FROM member_certificates WHERE member_id = ${x!.member_id} AND certificate_type_id = ${x!.type_id}`);
    });
    try {
      const r = await refreshCache(h.db, D0, TZ);
      expect(r.kind).toBe("partial");
    } finally {
      edit.release();
      await edit.done;
    }
    // The member is still waiting: the run could not see the change.
    expect(await n(sql`SELECT count(*)::int AS n FROM eligibility_dirty WHERE member_id = ${x!.member_id}`)).toBe(1);
    expect((await cacheFreshness(h.db, D0, TZ)).pending).toBe(true);
    expect((await refreshCache(h.db, D0, TZ)).kind).toBe("partial");
    expect(await n(sql`SELECT count(*)::int AS n FROM eligibility_cells WHERE member_id = ${x!.member_id} AND job_id = ${x!.job_id}`)).toBe(0);
    await agrees();
  });
});
