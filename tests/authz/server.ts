import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import postgres from "postgres";

/**
 * The matrix's own PostgreSQL database and `next start` on it, from the build the e2e run already
 * made (E2E_DIST_DIR). Background sweeps are pushed out of the run's way: a quiz sweep or points
 * refill writing mid-matrix would look like a refused call that changed something.
 */

export interface MatrixServer {
  url: string;
  databaseUrl: string;
  mediaDir: string;
  stop(): Promise<void>;
}

export const AUTH_SECRET = "authz-matrix-secret-not-for-production-0123456789";

export async function createDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `jr_authz_${randomBytes(4).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

export function serverEnv(databaseUrl: string, mediaDir: string, distDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PGLITE_DIR: "",
    MEDIA_DIR: mediaDir,
    NEXT_DIST_DIR: distDir,
    AUTH_SECRET,
    SEED_DEMO: "false",
    SWEEP_INTERVAL_S: "86400",
    POINTS_SWEEP_S: "86400",
    // No job queue: a scheduled run would write job_runs between a call and its fingerprint.
    JOBS_IN_WEB: "false",
    APP_TIME_ZONE: "Asia/Shanghai",
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_ENV: "production",
  };
}

/** Runs a command to the end; its output is kept for the error message. */
export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (out += d));
    p.on("error", reject);
    p.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(" ")} exited ${code}:\n${out.slice(-4000)}`))));
  });
}

export async function startServer(opts: {
  port: number;
  databaseUrl: string;
  mediaDir: string;
  distDir: string;
  log: (line: string) => void;
}): Promise<MatrixServer> {
  const url = `http://localhost:${opts.port}`;
  const child: ChildProcess = spawn(path.join("node_modules", ".bin", "next"), ["start", "-p", String(opts.port)], {
    env: serverEnv(opts.databaseUrl, opts.mediaDir, opts.distDir),
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: `next start` may fork, and stopping must take the whole group.
    detached: true,
  });
  const kill = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  child.stdout?.on("data", (d) => opts.log(String(d)));
  child.stderr?.on("data", (d) => opts.log(String(d)));
  const exited = new Promise<never>((_, reject) => child.on("exit", (code) => reject(new Error(`next start exited (${code})`))));
  const deadline = Date.now() + 120_000;
  for (;;) {
    const ok = await Promise.race([
      fetch(`${url}/login`).then(
        (r) => r.status === 200,
        () => false,
      ),
      exited,
    ]);
    if (ok) break;
    if (Date.now() > deadline) {
      kill("SIGKILL");
      throw new Error(`next start on ${url} did not answer within 120 s`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  exited.catch(() => {});
  return {
    url,
    databaseUrl: opts.databaseUrl,
    mediaDir: opts.mediaDir,
    async stop() {
      if (child.exitCode === null) {
        const gone = new Promise((r) => child.once("exit", r));
        kill("SIGTERM");
        await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) kill("SIGKILL");
      }
    },
  };
}

export async function freshFolder(dir: string): Promise<string> {
  const abs = path.resolve(dir);
  await rm(abs, { recursive: true, force: true });
  await mkdir(abs, { recursive: true });
  return abs;
}
