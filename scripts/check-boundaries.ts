// `npm run check:deps` (part of npm test): the import rules of .dependency-cruiser.cjs over the
// whole tree, and no cycle between the domains of lib/ (lib/<domain>), app, db and scripts — a
// folder-level cycle (quiz → i18n → quiz) that no single module shows. Exit 1 on any violation.
import { createRequire } from "node:module";
import { cruise, type ICruiseResult } from "dependency-cruiser";

const require = createRequire(import.meta.url);
const config = require("../.dependency-cruiser.cjs");
const FILES = [
  "lib",
  "app",
  "db",
  "scripts",
  "tests",
  "bench",
  "instrumentation.ts",
  "proxy.ts",
  "next.config.ts",
  "drizzle.config.ts",
  "playwright.config.ts",
  "vitest.config.ts",
];

const result = await cruise(FILES, { ...config.options, validate: true, ruleSet: { forbidden: config.forbidden }, outputType: "json" });
const out = (typeof result.output === "string" ? JSON.parse(result.output) : result.output) as ICruiseResult;
let problems = 0;
for (const v of out.summary.violations) {
  problems++;
  console.error(`${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (${v.cycle.map((c) => c.name).join(" → ")})` : ""}`);
}

/** The layer or domain a module belongs to; tests and benches stand outside (they use everything). */
function group(file: string): string | null {
  const m = /^(lib\/[^/]+|app|db|scripts)(\/|\.|$)/.exec(file);
  return m ? m[1]! : null;
}
const edges = new Map<string, Set<string>>();
const witness = new Map<string, string>();
for (const m of out.modules) {
  const a = group(m.source);
  if (!a) continue;
  for (const d of m.dependencies) {
    const b = group(d.resolved);
    if (!b || b === a) continue;
    if (!edges.has(a)) edges.set(a, new Set());
    edges.get(a)!.add(b);
    if (!witness.has(`${a}>${b}`)) witness.set(`${a}>${b}`, `${m.source} → ${d.resolved}`);
  }
}
// Tarjan's strongly connected components: any component of more than one group is a cycle.
let index = 0;
const idx = new Map<string, number>();
const low = new Map<string, number>();
const stack: string[] = [];
const on = new Set<string>();
const cycles: string[][] = [];
function visit(v: string) {
  idx.set(v, index);
  low.set(v, index++);
  stack.push(v);
  on.add(v);
  for (const w of edges.get(v) ?? []) {
    if (!idx.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v)!, low.get(w)!));
    } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
  }
  if (low.get(v) === idx.get(v)) {
    const c: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      on.delete(w);
      c.push(w);
    } while (w !== v);
    if (c.length > 1) cycles.push(c.sort());
  }
}
for (const v of edges.keys()) if (!idx.has(v)) visit(v);
for (const c of cycles) {
  problems++;
  const inCycle = new Set(c);
  const links = [...witness.entries()].filter(([k]) => k.split(">").every((g) => inCycle.has(g))).map(([, w]) => `    ${w}`);
  console.error(`domain cycle: ${c.join(" ⇄ ")}\n${links.join("\n")}`);
}
console.log(`check:deps: ${out.summary.totalCruised} modules, ${out.summary.totalDependenciesCruised} imports, ${edges.size} domains; ${problems} problem(s)`);
process.exit(problems ? 1 : 0);
