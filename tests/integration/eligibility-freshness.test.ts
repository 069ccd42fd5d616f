import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq, sql } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/client";
import { certificateTypes, jobs } from "@/db/schema";
import type { Principal } from "@/lib/auth/permissions";
import { addRequirement, requirementInput } from "@/lib/eligibility/admin";
import { coverage } from "@/lib/eligibility/coverage";
import { getRosterView, parseRosterFilter } from "@/lib/eligibility/service";
import { jobDefinitions } from "@/lib/jobs/definitions";
import { inProcessRunner, pgBossRunner, type JobRunner } from "@/lib/jobs/runner";
import { generateRosterData } from "@/bench/roster-data";
import { createTestDb, drivers } from "../helpers/db";
import { principalOf } from "../helpers/quiz";
import { first } from "../helpers/rows";

/**
 * A requirement edit marks the roster cache stale and nothing more: the roster page (and
 * coverage) read the last complete state, say it is pending and how old it is, and the
 * roster-refresh job (pg-boss on PostgreSQL, the in-process runner on the embedded database)
 * brings it up to date.
 */
const TODAY = "2026-11-24";
const NOW = new Date("2026-11-24T04:00:00Z");

async function until(what: string, check: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const end = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(drivers())("a requirement edit and the roster-refresh job (%s)", (driver) => {
  let h: DbHandle;
  let runner: JobRunner;
  let admin: Principal;
  const schema = `pgboss_f_${Math.random().toString(36).slice(2, 10)}`;

  beforeAll(async () => {
    // The job reads "now" from the clock: pinned to the day the data are dated from (only Date is
    // faked; timers run, so the runner polls as it does).
    vi.useFakeTimers({ toFake: ["Date"], now: NOW });
    h = await createTestDb(driver);
    await generateRosterData(h.db, { members: 300, jobs: 6, today: TODAY, seed: 3 });
    const someone = first(rowsOf<{ employee_no: string }>(await h.db.execute(sql`SELECT employee_no FROM members ORDER BY id LIMIT 1`)));
    admin = await principalOf(h.db, someone.employee_no, [{ role: "admin", scope: null }]);
    // A 1-second period: asks for a run in different seconds are different runs (pg-boss keeps
    // one run per period and job, so with the default minute the second ask would wait for the next).
    const defs = jobDefinitions({ SWEEP_INTERVAL_S: 1, POINTS_SWEEP_S: 600, NOTIFY_SEND_S: 15 });
    runner =
      driver === "postgres"
        ? pgBossRunner(h.db, defs, { connectionString: process.env.TEST_DATABASE_URL!, schema, schedule: false, pollingIntervalS: 0.5, max: 2 })
        : inProcessRunner(h.db, defs, { schedule: false });
    await runner.start();
  }, 300_000);
  afterAll(async () => {
    vi.useRealTimers();
    await runner?.stop();
    if (driver === "postgres") {
      const a = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
      await a.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await a.end();
    }
    await h?.close();
  });

  const state = async () =>
    first(
      rowsOf<{ stale: boolean; at: number | null }>(
        // Stale as a whole, or some jobs marked (a requirement edit marks its job).
        await h.db.execute(sql`SELECT full_dirty OR EXISTS (SELECT 1 FROM eligibility_dirty_jobs) AS stale, (extract(epoch FROM refreshed_at) * 1000)::float8 AS at
                                 FROM eligibility_cache_state WHERE id = 1`),
      ),
    );
  const view = async (job: number | null) => {
    const f = parseRosterFilter(job === null ? {} : { job: String(job) });
    if (!f.ok) throw new Error(f.code);
    const r = await getRosterView(h.db, admin, f.value, { now: NOW, tz: "Asia/Shanghai" });
    if (!r.ok) throw new Error(r.code);
    return r.value;
  };
  /** Runs the job as the runner does (asked for, then waited on), and waits until the state is fresh. */
  const runJob = async () => {
    // Asked for again each period until it has run (an ask in a period that already ran is that run).
    let asked = 0;
    await until("the roster-refresh run", async () => {
      if ((await state()).stale === false) return true;
      if (performance.now() - asked > 1100) {
        asked = performance.now();
        await runner.trigger("roster-refresh");
      }
      return false;
    });
  };

  it("a page before any run writes nothing and says the roster is not computed yet", async () => {
    const before = await state();
    const v = await view(null);
    expect(v.freshness).toEqual({ refreshedAt: null, pending: true });
    // Nothing was computed by the request.
    expect(await state()).toEqual(before);
    expect(Number(first(rowsOf<{ n: number }>(await h.db.execute(sql`SELECT count(*)::int AS n FROM eligibility_cells`))).n)).toBe(0);
  });

  it("after an edit the page shows the last complete state as pending; the job brings it up to date", { timeout: 180_000 }, async () => {
    await runJob();
    const job = first(await h.db.select().from(jobs).where(eq(jobs.code, "GJ02")));
    const fresh = await view(job.id);
    expect(fresh.freshness.pending).toBe(false);
    expect(fresh.freshness.refreshedAt).not.toBeNull();
    expect(fresh.counts.eligible + fresh.counts.expiring).toBeGreaterThan(0);
    const ran = await state();

    // The admin adds a requirement nobody meets: a certificate type nobody holds.
    const [type] = await h.db.insert(certificateTypes).values({ code: "NONE", name: "无人持有", validityMonths: 12 }).returning();
    const added = await addRequirement(h.db, admin, requirementInput.parse({ jobId: job.id, kind: "certificate", refId: type!.id }), NOW);
    expect(added.ok).toBe(true);

    // The page right after: the state before the edit, said to be pending, nothing recomputed.
    const stale = await view(job.id);
    expect(stale.freshness).toEqual({ refreshedAt: fresh.freshness.refreshedAt, pending: true });
    expect(stale.counts).toEqual(fresh.counts);
    expect(await state()).toEqual({ ...ran, stale: true });
    const cov = await coverage(h.db, admin, { unitId: null }, NOW);
    expect(cov.ok && cov.value.freshness.pending).toBe(true);

    // The job recomputes: nobody holds the job any more, and the page says it is current.
    await runJob();
    const after = await view(job.id);
    expect(after.freshness.pending).toBe(false);
    expect(after.counts.eligible + after.counts.expiring).toBe(0);
    expect(after.counts.missing).toBe(fresh.counts.eligible + fresh.counts.expiring + fresh.counts.missing);
  });
});
