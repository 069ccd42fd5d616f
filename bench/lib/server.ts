// Builds the app into its own folder when needed and runs `next start` for a bench.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const SOURCES = ["app", "lib", "db", "proxy.ts", "instrumentation.ts", "next.config.ts", "package-lock.json", "postcss.config.mjs"];

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const d of readdirSync(p)) {
    if (d === "node_modules" || d.startsWith(".")) continue;
    m = Math.max(m, newestMtime(path.join(p, d)));
  }
  return m;
}

export interface BuildInfo {
  distDir: string;
  built: boolean;
  stale: boolean;
  buildId: string;
  note: string;
}

/**
 * `next build` into `distDir` when there is no build there or a source file is newer than it
 * (unless `never`). `next build` also adds `<distDir>/types/**` to tsconfig.json's include:
 * that file is not the bench's, so it is put back as it was.
 */
export function ensureBuild(root: string, distDir: string, opts: { force?: boolean; never?: boolean; log: string }): BuildInfo {
  const idFile = path.join(root, distDir, "BUILD_ID");
  const have = existsSync(idFile);
  const builtAt = have ? statSync(idFile).mtimeMs : 0;
  const newest = Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
  const stale = have && newest > builtAt;
  if (have && (opts.never || (!stale && !opts.force))) {
    return {
      distDir,
      built: false,
      stale,
      buildId: readFileSync(idFile, "utf8").trim(),
      note: stale ? "existing build is older than the sources (--no-build)" : "existing build is up to date",
    };
  }
  if (!have && opts.never) throw new Error(`no build in ${distDir} and --no-build given`);
  const tsconfig = path.join(root, "tsconfig.json");
  const before = readFileSync(tsconfig, "utf8");
  console.log(`building the app into ${distDir} (${have ? (opts.force ? "--rebuild" : "sources changed") : "no build yet"}); log: ${opts.log}`);
  const t = Date.now();
  const r = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    env: { ...process.env, NEXT_DIST_DIR: distDir, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  writeFileSync(opts.log, (r.stdout ?? "") + (r.stderr ?? ""));
  restoreTsconfig(tsconfig, before, distDir);
  if (r.status !== 0) {
    if (have) {
      console.warn(`!! the build failed (see ${opts.log}); using the previous build in ${distDir}, which is older than the sources`);
      return { distDir, built: false, stale: true, buildId: readFileSync(idFile, "utf8").trim(), note: "rebuild failed; previous build used" };
    }
    throw new Error(`next build failed (see ${opts.log})`);
  }
  console.log(`built in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  return { distDir, built: true, stale: false, buildId: readFileSync(idFile, "utf8").trim(), note: "built for this run" };
}

function restoreTsconfig(file: string, before: string, distDir: string): void {
  const now = readFileSync(file, "utf8");
  if (now === before) return;
  try {
    const cur = JSON.parse(now) as { include?: string[] };
    const mine = (s: string) => s.startsWith(`${distDir.replace(/^\.\//, "")}/`);
    const cleaned = { ...cur, include: (cur.include ?? []).filter((s) => !mine(s)) };
    if (JSON.stringify(cleaned) === JSON.stringify(JSON.parse(before))) writeFileSync(file, before);
    else writeFileSync(file, `${JSON.stringify(cleaned, null, 2)}\n`); // someone else changed it meanwhile: only take out ours
  } catch {
    /* leave a file we cannot read alone */
  }
}

export interface NextServer {
  pid: number;
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * `next start` on 127.0.0.1:port with `env`; resolves once it answers. With `web` > 0 it is
 * `npm start` instead (scripts/start.ts: `web` web processes sharing the port through Node's
 * cluster, plus the job worker), as production runs; its processes' CPU is counted together.
 */
export async function startNext(
  root: string,
  port: number,
  env: Record<string, string>,
  logFile: string,
  nodeArgs: string[] = [],
  web = 0,
): Promise<NextServer> {
  const log = createWriteStream(logFile, { flags: "a" });
  const args =
    web > 0
      ? // tsx hands the node flags to the process it runs the script in; its web processes (cluster
        // forks) inherit them from there: with --cpu-prof each writes its own profile at exit.
        [path.join(root, "node_modules/tsx/dist/cli.mjs"), ...nodeArgs, path.join(root, "scripts/start.ts")]
      : [...nodeArgs, path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1", "--keepAliveTimeout", "65000"];
  const clusterEnv = web > 0 ? { PORT: String(port), WEB_CONCURRENCY: String(web), HTTP_KEEPALIVE_S: "65", LOG_LEVEL: "warn" } : {};
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env, ...clusterEnv }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) =>
    child.on("exit", (code) => {
      exited = code;
      resolve();
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (exited !== undefined) return;
    child.kill("SIGTERM");
    const t = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await exit;
    clearTimeout(t);
    log.end();
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited !== undefined) throw new Error(`next start exited with ${exited} (see ${logFile})`);
    try {
      const r = await fetch(`${url}/login`, { redirect: "manual", signal: AbortSignal.timeout(5_000) });
      await r.arrayBuffer();
      if (r.status === 200) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`next start did not answer within 120 s (see ${logFile})`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return { pid: child.pid!, url, child, stop };
}

/** The web processes `npm start` (pid `root`) runs now: its descendants whose role is web (scripts/start.ts). */
export function webProcesses(root: number): number[] {
  const parent = new Map<number, number>();
  const web: number[] = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
      if (readFileSync(`/proc/${d}/environ`, "utf8").split("\0").includes("JOBREADY_ROLE=web")) web.push(Number(d));
    } catch {
      /* gone, or not ours to read */
    }
  }
  return web.filter((p) => {
    for (let q: number | undefined = parent.get(p), hops = 0; q !== undefined && q > 1 && hops < 8; q = parent.get(q), hops++) if (q === root) return true;
    return false;
  });
}
