// `npm start`: builds the app when no build exists, makes a session secret on the first run, and
// serves it with one web process per core (Node's cluster: the processes share one port, the
// primary hands each new connection to the next one) plus one job worker.
//
// - PostgreSQL: WEB_CONCURRENCY web processes (0, the default: one per core), each serving the app
//   (scripts/serve.ts) with JOBS_IN_WEB off, and one job worker process (scripts/worker.ts) that
//   runs the background jobs; with JOBS_IN_WEB=false set here, the jobs are left to a
//   `npm run worker` run elsewhere. On several machines each runs its own; pg-boss runs every job
//   once across all of them.
// - Embedded PGlite: one web process that also runs the jobs. PGlite is a database inside the
//   process that opens its folder: two processes on one folder would corrupt it, so
//   WEB_CONCURRENCY is ignored there (said at start). Move to PostgreSQL (`npm run db:move`) for more.
//
// A process that dies (a crash, the OOM killer, kill -9) is replaced at once; while it starts again
// (≈ 2–4 s on PostgreSQL on this machine; ≈ 23 s on PGlite, which recovers its folder first) the
// other web processes take every new connection. SIGTERM/SIGINT stop
// the processes gracefully (connections drained, a job run under way finished), then the primary.
import cluster, { type Worker } from "node:cluster";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { config } from "../lib/core/config";
import { log } from "../lib/core/log";
import { processPlan } from "./serve";

const root = path.resolve(import.meta.dirname, "..");
type Role = "web" | "jobs";

async function primary() {
  const dataDir = path.join(root, "data");
  mkdirSync(dataDir, { recursive: true });
  if (!process.env.AUTH_SECRET) {
    const file = path.join(dataDir, ".auth-secret");
    if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
    process.env.AUTH_SECRET = readFileSync(file, "utf8").trim();
  }
  const distDir = process.env.NEXT_DIST_DIR || ".next";
  if (!existsSync(path.join(root, distDir, "BUILD_ID")) || process.argv.includes("--rebuild")) {
    const next = path.join(root, "node_modules", "next", "dist", "bin", "next");
    const r = spawnSync(process.execPath, [next, "build"], { cwd: root, stdio: "inherit", env: process.env });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  // A bad setting stops here with the variable's name, before anything is served.
  const settings = config();
  const plan = processPlan(settings, availableParallelism());
  if (!settings.DATABASE_URL && settings.WEB_CONCURRENCY > 1)
    log().warn(
      { WEB_CONCURRENCY: settings.WEB_CONCURRENCY },
      "the embedded database (PGlite) allows one process per folder: serving with 1 web process; move to PostgreSQL (npm run db:move) for more",
    );

  const roles = new Map<Worker, Role>();
  let stopping = false;
  let served = false;
  const recentDeaths: number[] = [];
  const fork = (role: Role) => {
    const env: Record<string, string> = { JOBREADY_ROLE: role };
    if (role === "web") env.JOBS_IN_WEB = String(plan.jobsInWeb);
    const w = cluster.fork(env);
    roles.set(w, role);
    return w;
  };
  cluster.on("exit", (worker, code, signal) => {
    const role = roles.get(worker) ?? "web";
    roles.delete(worker);
    if (stopping) {
      if (roles.size === 0) process.exit(0);
      return;
    }
    if (!served) {
      log().fatal({ code, signal }, "the first web process ended before it served (its error is above)");
      process.exit(1);
    }
    // A process that keeps dying at once is restarted more slowly (up to 10 s), not in a tight loop.
    const t = performance.now();
    recentDeaths.push(t);
    while (recentDeaths.length && (recentDeaths[0] ?? 0) < t - 30_000) recentDeaths.shift();
    const delay = recentDeaths.length <= 2 ? 0 : Math.min(10_000, 250 * 2 ** (recentDeaths.length - 2));
    log().error({ pid: worker.process.pid, role, code, signal, restartInMs: delay }, `${role} process ended; starting another`);
    setTimeout(() => fork(role), delay);
  });
  // The first web process migrates the database and loads a first run's data; the others start
  // once it listens, so they find that done.
  const first = fork("web");
  first.once("listening", () => {
    served = true;
    for (let i = 1; i < plan.web; i++) fork("web");
    if (plan.jobWorker) fork("jobs");
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log().info({ signal }, "stopping: letting every process finish");
    if (roles.size === 0) process.exit(0);
    for (const w of roles.keys()) w.process.kill("SIGTERM");
    // A process that does not finish within 30 s is ended.
    setTimeout(() => {
      for (const w of roles.keys()) w.process.kill("SIGKILL");
      process.exit(1);
    }, 30_000).unref();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  log().info(
    { port: settings.PORT, web: plan.web, jobWorker: plan.jobWorker, database: settings.DATABASE_URL ? "postgres" : "pglite" },
    `JobReady on http://localhost:${settings.PORT}: ${plan.web} web process${plan.web === 1 ? "" : "es"}${plan.jobWorker ? " and a job worker" : ""} (${settings.DATABASE_URL ? "PostgreSQL" : `embedded PGlite in ${settings.PGLITE_DIR}`})`,
  );
}

async function child(role: Role) {
  if (role === "jobs") {
    await import("./worker");
    return;
  }
  const { serve } = await import("./serve");
  const port = config().PORT;
  await serve({ dir: root, port });
  log().info({ port }, "web process serving");
}

if (cluster.isPrimary) await primary();
else await child(process.env.JOBREADY_ROLE === "jobs" ? "jobs" : "web");
