// Throughput of `npm start` with 1 and 2 web processes, measured in one run, alternating.
// Usage: DATABASE_URL=postgres://… npx tsx bench/web-concurrency.ts [seconds per round] [rounds] [path]
// Each round starts scripts/start.ts with WEB_CONCURRENCY=n (JOBS_IN_WEB=false: no job worker),
// waits for /api/ready, sends requests from 16 connections for the round's seconds, stops it.
// Prints answers per second per round and the median ratio of 2 processes to 1.
import { type ChildProcess, spawn } from "node:child_process";
import { argv, env, execPath } from "node:process";

const seconds = Number(argv[2] ?? 8);
const rounds = Number(argv[3] ?? 2);
const target = argv[4] ?? "/login";
const port = Number(env.BENCH_PORT ?? 3497);

async function ready(child: ChildProcess) {
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error("the server ended");
    const r = await fetch(`http://127.0.0.1:${port}/api/ready`).catch(() => null);
    if (r?.status === 200) return;
    await new Promise((res) => setTimeout(res, 500));
  }
  throw new Error("not ready");
}

async function round(web: number): Promise<number> {
  const child = spawn(execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/start.ts"], {
    stdio: "ignore",
    detached: true,
    env: { ...env, PORT: String(port), WEB_CONCURRENCY: String(web), JOBS_IN_WEB: "false", LOG_LEVEL: "warn" },
  });
  try {
    await ready(child);
    // Warm-up: each process renders the page once or twice.
    for (let i = 0; i < 4 * web; i++) await (await fetch(`http://127.0.0.1:${port}${target}`)).arrayBuffer();
    let done = 0;
    const until = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (performance.now() < until) {
          const r = await fetch(`http://127.0.0.1:${port}${target}`);
          await r.arrayBuffer();
          if (r.status === 200) done++;
        }
      }),
    );
    return done / seconds;
  } finally {
    if (child.pid) process.kill(-child.pid, "SIGTERM");
    await new Promise((res) => setTimeout(res, 3000));
  }
}

const ratios: number[] = [];
for (let i = 0; i < rounds; i++) {
  const one = await round(1);
  const two = await round(2);
  ratios.push(two / one);
  console.log(
    JSON.stringify({ round: i + 1, onePerS: Math.round(one * 10) / 10, twoPerS: Math.round(two * 10) / 10, ratio: Math.round((two / one) * 100) / 100 }),
  );
}
ratios.sort((a, b) => a - b);
console.log(`median ratio 2 : 1 = ${ratios[Math.floor(ratios.length / 2)]?.toFixed(2)}`);
