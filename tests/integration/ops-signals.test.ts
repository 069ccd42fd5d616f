import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { openDb, type DbHandle } from "@/db/client";
import { migrationsFolder } from "@/db/migrate";
import { trustedProxies } from "@/lib/auth/settings";
import { connectionsByState, readiness, setQueueStatus } from "@/lib/core/health";
import { log, makeLogger, setLogger } from "@/lib/core/log";
import { metrics } from "@/lib/core/metrics";
import { getAttemptView, saveAnswers, startAttempt, submitAttempt, type AttemptView } from "@/lib/quiz/attempts";
import { seedDemo } from "@/scripts/demo";
import { instrument, metricsServer, requestIdOf } from "@/scripts/serve";
import { createTestDb, drivers } from "../helpers/db";
import { memberIdOf, publishedQuiz } from "../helpers/quiz";

/** A copy of the migrations folder whose journal lists one migration the database has not had. */
function folderWithOneMore(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "jr-migrations-"));
  cpSync(migrationsFolder, dir, { recursive: true });
  const file = path.join(dir, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(file, "utf8")) as { entries: { idx: number; when: number; tag: string }[] };
  const last = journal.entries.at(-1)!;
  journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1000, tag: "9999_not_applied" });
  writeFileSync(file, JSON.stringify(journal));
  writeFileSync(path.join(dir, "9999_not_applied.sql"), "SELECT 1;");
  return dir;
}

async function counter(name: string, labels: Record<string, string>): Promise<number> {
  const m = (await metrics().registry.getSingleMetric(name)?.get()) as { values: { labels: Record<string, string>; value: number }[] } | undefined;
  return m?.values.find((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x))?.value ?? 0;
}

describe.each(drivers())("readiness on %s", (driver) => {
  let h: DbHandle;
  let extra: string;
  beforeAll(async () => {
    h = await createTestDb(driver);
    extra = folderWithOneMore();
  });
  afterAll(async () => {
    await h?.close();
    rmSync(extra, { recursive: true, force: true });
  });

  it("is ready when every migration of the build is applied", async () => {
    const r = await readiness(Promise.resolve(h.db));
    expect(r).toMatchObject({ ready: true });
    expect(r.ready && r.migrations.applied).toBeGreaterThan(5);
  });

  it("is not ready while a migration of the build is missing from the database", async () => {
    const r = await readiness(Promise.resolve(h.db), extra);
    expect(r).toEqual({
      ready: false,
      reason: "migrations behind",
      migrations: { applied: r.migrations!.expected - 1, expected: r.migrations!.expected },
      queue: "off",
    });
  });

  it("reports the job queue of a process that runs jobs, and is not ready once it stopped", async () => {
    let state: "running" | "stopped" = "running";
    setQueueStatus(() => state);
    try {
      expect(await readiness(Promise.resolve(h.db))).toMatchObject({ ready: true, queue: "running" });
      state = "stopped";
      expect(await readiness(Promise.resolve(h.db))).toMatchObject({ ready: false, reason: "queue stopped", queue: "stopped" });
    } finally {
      setQueueStatus(undefined);
    }
    expect(await readiness(Promise.resolve(h.db))).toMatchObject({ ready: true, queue: "off" });
  });
});

describe("readiness of an unreachable database", () => {
  it("says so when the database cannot be opened, or does not answer", async () => {
    expect(await readiness(Promise.reject(new Error("connect ECONNREFUSED 10.0.0.9:5432")))).toEqual({
      ready: false,
      reason: "database unreachable",
      queue: "off",
    });
    const nowhere = await openDb({ url: "postgres://postgres@127.0.0.1:1/none" });
    try {
      expect(await readiness(Promise.resolve(nowhere.db))).toEqual({ ready: false, reason: "database unreachable", queue: "off" });
    } finally {
      await nowhere.close();
    }
  });

  it("/api/ready answers 503 with the reason and nothing of the error", async () => {
    const before = process.env.DATABASE_URL;
    process.env.DATABASE_URL = "postgres://postgres:secret-pw@127.0.0.1:1/none";
    try {
      const { GET } = await import("@/app/api/ready/route");
      const res = await GET();
      expect(res.status).toBe(503);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ status: "not ready", reason: "database unreachable", queue: "off" });
      expect(text).not.toMatch(/127\.0\.0\.1|secret|ECONNREFUSED/);
      const { GET: health } = await import("@/app/api/health/route");
      expect(await health().json()).toEqual({ status: "ok" });
    } finally {
      if (before === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = before;
    }
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)("database connections on PostgreSQL", () => {
  it("counts this pool's connections by state, by its application_name", async () => {
    const name = `jr-conn-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    const h = await openDb({ url: process.env.TEST_DATABASE_URL, max: 3, applicationName: name });
    try {
      await Promise.all([1, 2, 3].map(() => h.db.execute(sql`SELECT pg_sleep(0.05)`)));
      const by = await connectionsByState(h.db, "postgres");
      expect(by.active).toBe(1); // the query asking
      expect((by.active ?? 0) + (by.idle ?? 0)).toBe(3);
    } finally {
      await h.close();
    }
  });
});

describe.each(drivers())("quiz metrics on %s", (driver) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { members: 40 });
  });
  afterAll(async () => h?.close());

  it("counts each save and submit, by outcome", async () => {
    const worker = await memberIdOf(h.db, "900004");
    const { quizId } = await publishedQuiz(h.db);
    const s = await startAttempt(h.db, { quizId, memberId: worker });
    if (!s.ok) throw new Error(s.code);
    const view = (await getAttemptView(h.db, s.value.attemptId, worker)) as { ok: true; value: AttemptView };
    const tf = view.value.questions.find((q) => q.question.type === "truefalse")!.position;
    const saved = await counter("jobready_quiz_saves_total", { outcome: "ok" });
    const refused = await counter("jobready_quiz_saves_total", { outcome: "refused" });
    const submitted = await counter("jobready_quiz_submits_total", { outcome: "submitted" });
    const answer = { position: tf, response: { type: "truefalse", value: true }, seq: 1 };
    expect((await saveAnswers(h.db, { attemptId: s.value.attemptId, memberId: worker, answers: [answer] })).ok).toBe(true);
    expect((await saveAnswers(h.db, { attemptId: s.value.attemptId, memberId: worker + 100_000, answers: [answer] })).ok).toBe(false);
    expect(await counter("jobready_quiz_saves_total", { outcome: "ok" })).toBe(saved + 1);
    expect(await counter("jobready_quiz_saves_total", { outcome: "refused" })).toBe(refused + 1);
    // A submit carrying answers counts as a submit, not as a save too.
    expect((await submitAttempt(h.db, { attemptId: s.value.attemptId, memberId: worker, answers: [{ ...answer, seq: 2 }] })).ok).toBe(true);
    expect(await counter("jobready_quiz_submits_total", { outcome: "submitted" })).toBe(submitted + 1);
    expect(await counter("jobready_quiz_saves_total", { outcome: "ok" })).toBe(saved + 1);
  });
});

describe("the server's request id, logs and latency", () => {
  const lines: Record<string, unknown>[] = [];
  let app: Server;
  let ops: Server;
  let restore: ReturnType<typeof log>;
  const port = (s: Server) => (s.address() as { port: number }).port;

  beforeAll(async () => {
    restore = setLogger((ctx) =>
      makeLogger(
        ctx,
        new Writable({
          write(chunk, _enc, done) {
            for (const l of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(l));
            done();
          },
        }),
      ),
    );
    const { createServer } = await import("node:http");
    // Stands in for Next: logs from deep inside (after an await, as lib code does), then answers.
    app = createServer(
      instrument(async (req, res) => {
        await new Promise((r) => setTimeout(r, 5));
        log().info({ where: "lib" }, "saving answers");
        if (req.url?.startsWith("/boom")) throw new Error("broken");
        res.end("ok");
      }, trustedProxies("127.0.0.1")),
    );
    ops = metricsServer();
    await Promise.all([new Promise<void>((r) => app.listen(0, "127.0.0.1", r)), new Promise<void>((r) => ops.listen(0, "127.0.0.1", r))]);
  });
  afterAll(async () => {
    setLogger(() => restore);
    await Promise.all([new Promise((r) => app.close(r)), new Promise((r) => ops.close(r))]);
  });

  function get(p: number, url: string, headers: Record<string, string> = {}): Promise<{ status: number; id: string | undefined; body: string }> {
    return new Promise((resolve, reject) => {
      request({ host: "127.0.0.1", port: p, path: url, headers }, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, id: res.headers["x-request-id"] as string | undefined, body }));
      })
        .on("error", reject)
        .end();
    });
  }

  it("gives every request an id, answered and carried by every log line of the request", async () => {
    const a = await get(port(app), "/api/attempts/17/answers");
    const b = await get(port(app), "/api/attempts/18/answers");
    expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.id).not.toBe(a.id);
    const libLines = lines.filter((l) => l.where === "lib");
    expect(libLines.map((l) => l.requestId)).toEqual([a.id, b.id]);
    expect(libLines[0]).toMatchObject({ level: "info", msg: "saving answers" });
  });

  it("takes a trusted proxy's id (this test's server trusts 127.0.0.1), and logs a failure with it", async () => {
    const r = await get(port(app), "/boom", { "X-Request-Id": "nginx-abc123" });
    expect(r.id).toBe("nginx-abc123");
    expect(r.status).toBe(500);
    expect(lines.find((l) => l.msg === "request failed")).toMatchObject({ level: "error", requestId: "nginx-abc123", err: { message: "broken" } });
    const bad = await get(port(app), "/x", { "X-Request-Id": "bad id with spaces" });
    expect(bad.id).toMatch(/^[0-9a-f-]{36}$/);
    // From anyone else the header is not believed.
    expect(requestIdOf("nginx-abc123", false)).not.toBe("nginx-abc123");
    expect(requestIdOf("nginx-abc123", true)).toBe("nginx-abc123");
  });

  it("times requests per route, ids folded, and serves the metrics on its own port only", async () => {
    const text = (await get(port(ops), "/metrics")).body;
    expect(text).toMatch(/jobready_http_request_duration_seconds_count\{method="GET",route="\/api\/attempts\/:id\/answers",status="200"\} [2-9]/);
    expect(text).toContain("jobready_process_cpu_seconds_total");
    expect(text).toContain("jobready_quiz_saves_total");
    expect((await get(port(ops), "/")).status).toBe(404);
  });
});
