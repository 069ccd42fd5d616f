// The demo seed's time on the embedded database (issue 18: it runs at every fresh `npm start` of
// the demo and in every e2e run): `npx tsx bench/demo-seed.ts [runs=3]`. Each run opens a new
// PGlite in a temp folder (as `npm start` does), migrates it (timed apart) and loads the demo,
// then prints the seed's wall-clock seconds per run and the median.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDb } from "../db/client";
import { runMigrations } from "../db/migrate";
import { seedDemo } from "../scripts/demo";

const runs = Number(process.argv[2] ?? 3);
const times: number[] = [];
for (let i = 0; i < runs; i++) {
  const dir = mkdtempSync(path.join(tmpdir(), "jr-bench-seed-"));
  const h = await openDb({ dataDir: dir });
  const m0 = performance.now();
  await runMigrations(h);
  const t0 = performance.now();
  await seedDemo(h.db, { quiz: true });
  const s = (performance.now() - t0) / 1000;
  times.push(s);
  console.log(`run ${i + 1}: migrate ${((t0 - m0) / 1000).toFixed(2)} s, seed ${s.toFixed(2)} s`);
  await h.close();
  rmSync(dir, { recursive: true, force: true });
}
times.sort((a, b) => a - b);
console.log(
  `seed median ${times[Math.floor(times.length / 2)]!.toFixed(2)} s over ${runs} runs (load average ${(await import("node:os")).loadavg()[0]!.toFixed(1)})`,
);
