// kill -9 of a web process under `npm start` → serving again.
// Usage: npx tsx bench/restart.ts <port> <pid to kill> [path]
// Sends requests one after another (a new connection each, 3 s timeout) for 2 s, kills the process,
// and goes on until 10 s after it: prints the answers, the failed requests (the one in flight in
// the killed process fails), and the time from the kill to the first good answer to a request sent
// after the kill (with one web process, the new process's start; with two, the next request).
import { argv } from "node:process";

const [portArg, pidArg, pathArg] = argv.slice(2);
const url = `http://127.0.0.1:${portArg}${pathArg ?? "/login"}`;
const pid = Number(pidArg);
const t0 = performance.now();
let killedAt = 0;
let failed = 0;
let servingAgain = 0;
let slowest = 0;
let ok = 0;
while (performance.now() - t0 < 12_000) {
  if (!killedAt && performance.now() - t0 > 2_000) {
    process.kill(pid, "SIGKILL");
    killedAt = performance.now();
  }
  const sent = performance.now();
  try {
    const r = await fetch(url, { headers: { connection: "close" }, signal: AbortSignal.timeout(3_000) });
    await r.arrayBuffer();
    if (r.status >= 500) throw new Error(String(r.status));
    ok++;
    if (killedAt && sent >= killedAt && !servingAgain) servingAgain = performance.now();
    if (killedAt) slowest = Math.max(slowest, performance.now() - sent);
  } catch {
    failed++;
    await new Promise((r) => setTimeout(r, 20));
  }
}
console.log(JSON.stringify({ ok, failed, killToServingMs: Math.round(servingAgain - killedAt), slowestAfterKillMs: Math.round(slowest) }));
