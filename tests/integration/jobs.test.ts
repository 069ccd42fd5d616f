import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { jobRuns } from "@/db/schema";
import type { Principal } from "@/lib/auth/permissions";
import { cronEvery, type JobDefinition, type JobName, jobDefinitions } from "@/lib/jobs/definitions";
import { inProcessRunner, pgBossRunner, type JobRunner } from "@/lib/jobs/runner";
import { listJobRuns } from "@/lib/jobs/runs";
import { metrics } from "@/lib/core/metrics";
import { createTestDb, drivers } from "../helpers/db";

const admin: Principal = { userId: 1, memberId: 1, roles: [{ role: "admin", scopePath: null }] };
const manager: Principal = { userId: 2, memberId: 2, roles: [{ role: "manager", scopePath: "/1/" }] };
/** The day the tests mean (runs are written at it, read as of an hour later). */
const DAY = new Date("2026-03-02T08:00:00Z");

async function metric(name: string, labels: Record<string, string>): Promise<number> {
  const m = (await metrics().registry.getSingleMetric(name)?.get()) as { values: { labels: Record<string, string>; value: number }[] } | undefined;
  return m?.values.find((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x))?.value ?? 0;
}

const job = (name: JobName, run: JobDefinition["run"], everyS = 3600): JobDefinition => ({ name, everyS, cron: cronEvery(everyS), run });

async function until(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const end = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("job schedules", () => {
  it("turns periods into cron expressions", () => {
    expect(cronEvery(60)).toBe("* * * * *");
    expect(cronEvery(10)).toBe("* * * * *");
    expect(cronEvery(600)).toBe("*/10 * * * *");
    expect(cronEvery(3600)).toBe("0 * * * *");
    expect(cronEvery(6 * 3600)).toBe("0 */6 * * *");
    expect(cronEvery(86_400)).toBe("0 0 * * *");
    const names = jobDefinitions({ SWEEP_INTERVAL_S: 60, POINTS_SWEEP_S: 600, NOTIFY_SEND_S: 15 }).map((j) => [j.name, j.cron]);
    expect(names).toEqual([
      ["quiz-sweep", "* * * * *"],
      ["class-reminders", "* * * * *"],
      ["roster-refresh", "* * * * *"],
      ["hours-refresh", "* * * * *"],
      ["points-refresh", "*/10 * * * *"],
      ["notify-send", "* * * * *"],
      ["notify-sweep", "*/10 * * * *"],
      ["video-transcode", "* * * * *"],
      ["unit-files", "* * * * *"],
    ]);
  });
});

describe.each(drivers())("the in-process job runner on %s", (driver) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await createTestDb(driver);
  });
  afterAll(async () => h?.close());

  it("runs the real jobs when asked and records each run", async () => {
    const runner = inProcessRunner(h.db, jobDefinitions({ SWEEP_INTERVAL_S: 60, POINTS_SWEEP_S: 600, NOTIFY_SEND_S: 15 }), { schedule: false });
    await runner.start();
    expect(runner.running()).toBe(true);
    for (const name of ["quiz-sweep", "class-reminders", "roster-refresh", "hours-refresh", "points-refresh", "video-transcode"] as const)
      await runner.trigger(name);
    await runner.stop();
    expect(runner.running()).toBe(false);
    const rows = await h.db.select().from(jobRuns);
    expect(rows.map((r) => [r.job, r.ok, r.attempt]).sort()).toEqual([
      ["class-reminders", true, 0],
      ["hours-refresh", true, 0],
      ["points-refresh", true, 0],
      ["quiz-sweep", true, 0],
      ["roster-refresh", true, 0],
      ["video-transcode", true, 0],
    ]);
  });

  it("retries a failing job with doubling waits, records every try as failed, never overlaps runs", async () => {
    await h.db.delete(jobRuns);
    const failuresBefore = await metric("jobready_job_failures_total", { job: "quiz-sweep" });
    const waits: number[] = [];
    let calls = 0;
    const runner = inProcessRunner(
      h.db,
      [
        job("quiz-sweep", async () => {
          calls++;
          throw new Error("the sweep broke");
        }),
      ],
      { schedule: false, retry: { retryLimit: 2, retryDelayS: 5 }, sleep: async (ms) => void waits.push(ms) },
    );
    await runner.start();
    await Promise.all([runner.trigger("quiz-sweep"), runner.trigger("quiz-sweep")]);
    await runner.stop();
    expect(calls).toBe(3);
    expect(waits).toEqual([5000, 10_000]);
    const rows = await h.db.select().from(jobRuns).orderBy(jobRuns.id);
    expect(rows.map((r) => [r.job, r.ok, r.attempt, r.error])).toEqual([
      ["quiz-sweep", false, 0, "the sweep broke"],
      ["quiz-sweep", false, 1, "the sweep broke"],
      ["quiz-sweep", false, 2, "the sweep broke"],
    ]);
    expect((await metric("jobready_job_failures_total", { job: "quiz-sweep" })) - failuresBefore).toBe(3);
  });

  it("shows an administrator each job's last run, its duration and the failures; nobody else", async () => {
    await h.db.delete(jobRuns);
    const at = (min: number) => new Date(DAY.getTime() + min * 60_000);
    await h.db.insert(jobRuns).values([
      { job: "quiz-sweep", startedAt: at(-1500), durationMs: 10, ok: true, runner: "a 1" },
      { job: "quiz-sweep", startedAt: at(-2), durationMs: 40, ok: false, error: "boom", runner: "a 1" },
      { job: "quiz-sweep", startedAt: at(-1), durationMs: 35, ok: true, attempt: 1, runner: "b 2" },
      { job: "points-refresh", startedAt: at(-10), durationMs: 900, ok: true, runner: "b 2" },
    ]);
    const r = await listJobRuns(h.db, admin, { now: DAY });
    if (!r.ok) throw new Error(r.code);
    const quiz = r.value.jobs.find((j) => j.job === "quiz-sweep")!;
    expect(quiz.last).toMatchObject({ durationMs: 35, ok: true, attempt: 1, runner: "b 2" });
    expect(quiz.last?.startedAt.toISOString()).toBe(at(-1).toISOString());
    // The run 25 hours before is outside the last day.
    expect([quiz.runs24h, quiz.failures24h]).toEqual([2, 1]);
    expect(quiz.lastFailure).toMatchObject({ error: "boom", durationMs: 40 });
    expect(r.value.jobs.find((j) => j.job === "points-refresh")).toMatchObject({ runs24h: 1, failures24h: 0, lastFailure: null });
    expect(r.value.jobs.find((j) => j.job === "class-reminders")).toMatchObject({ last: null, runs24h: 0 });
    expect(r.value.recent.map((x) => x.durationMs)).toEqual([35, 40, 900, 10]);
    expect((await listJobRuns(h.db, manager, { now: DAY })).ok).toBe(false);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)("the pg-boss job runner on PostgreSQL", () => {
  let h: DbHandle;
  const schema = `pgboss_t_${Math.random().toString(36).slice(2, 10)}`;
  const url = process.env.TEST_DATABASE_URL!;
  const runners: JobRunner[] = [];
  const make = (jobs: JobDefinition[], retry = { retryLimit: 1, retryDelayS: 1 }) => {
    const r = pgBossRunner(h.db, jobs, { connectionString: url, schema, schedule: false, retry, pollingIntervalS: 0.5, max: 2 });
    runners.push(r);
    return r;
  };

  beforeAll(async () => {
    h = await createTestDb("postgres");
  });
  afterAll(async () => {
    await Promise.allSettled(runners.map((r) => r.stop()));
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
    await h?.close();
  });

  it("runs a job asked for by two instances in the same period once", async () => {
    let runs = 0;
    const sweep = job("roster-refresh", async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 200));
    });
    const a = make([sweep]);
    const b = make([sweep]);
    await a.start();
    await b.start();
    expect(a.running() && b.running()).toBe(true);
    await Promise.all([a.trigger("roster-refresh"), b.trigger("roster-refresh"), a.trigger("roster-refresh")]);
    await until("the run", async () => (await h.db.select().from(jobRuns)).length >= 1);
    // Both workers poll every 0.5 s: a second run would have come by now.
    await new Promise((r) => setTimeout(r, 2000));
    expect(runs).toBe(1);
    const rows = await h.db.select().from(jobRuns);
    expect(rows.map((r) => [r.job, r.ok])).toEqual([["roster-refresh", true]]);
    expect(await a.depth()).toEqual({ "roster-refresh": 0 });
    await a.stop();
    await b.stop();
  });

  it("retries a failing job with backoff and records both tries as failed", async () => {
    await h.db.delete(jobRuns);
    const r = make([
      job("class-reminders", async () => {
        throw new Error("no mail server");
      }),
    ]);
    await r.start();
    await r.trigger("class-reminders");
    await until("two tries", async () => (await h.db.select().from(jobRuns)).length >= 2);
    await new Promise((res) => setTimeout(res, 1500));
    const rows = await h.db.select().from(jobRuns).orderBy(jobRuns.id);
    expect(rows.map((x) => [x.job, x.ok, x.attempt, x.error])).toEqual([
      ["class-reminders", false, 0, "no mail server"],
      ["class-reminders", false, 1, "no mail server"],
    ]);
    await r.stop();
  });
});
