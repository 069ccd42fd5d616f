// Where the server's CPU went, from a V8 CPU profile of `next start` (quiz-storm --cpu-prof).
//
//   npx tsx bench/lib/cpuprofile.ts <file.cpuprofile> [--report bench/out/quiz-storm-….json --phase "closed saves"] [--top 30]
//
// The production server code is minified: frames are mapped back to their sources through the
// build's source maps (node:module SourceMap), then time is grouped by package. "Self" is time in
// the function itself; "inclusive" counts a sample once for every group anywhere on its stack,
// e.g. the share of all samples that were inside next-auth.
import { existsSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: Node[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const maps = new Map<string, SourceMap | null>();
function mapOf(url: string): SourceMap | null {
  if (maps.has(url)) return maps.get(url)!;
  let m: SourceMap | null = null;
  try {
    const file = url.startsWith("file://") ? fileURLToPath(url) : url;
    if (existsSync(`${file}.map`)) m = new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8")));
  } catch {
    m = null;
  }
  maps.set(url, m);
  return m;
}

interface Where {
  group: string;
  label: string;
}

function group(rawSource: string): string {
  let source = rawSource;
  try {
    source = decodeURIComponent(rawSource);
  } catch {
    /* keep */
  }
  if (source.startsWith("turbopack:///[turbopack]")) return "next";
  if (/node_modules\/src\//.test(source)) return "drizzle-orm"; // drizzle's maps point at ../src
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (nm?.[1]) return nm[1];
  if (source.startsWith("node:")) return `node:${source.slice(5).split("/")[0]}`;
  if (/(^|\/)(app|lib|db)\//.test(source) || /(^|\/)(instrumentation|proxy)\.ts$/.test(source)) return "app code (app/ lib/ db/)";
  if (source === "") return "(native / vm)";
  return source.replace(/^.*\/(\.next[^/]*)\//, "$1/").slice(0, 80);
}

/** Packages rolled up into what a reader asks about. */
export function category(g: string): string {
  if (["next-auth", "@auth/core", "jose", "@panva/hkdf", "oauth4webapi", "preact-render-to-string", "preact", "cookie"].includes(g))
    return "auth: next-auth / @auth/core / jose (JWT session)";
  if (g === "next" || g === "@next/env" || g.startsWith(".next")) return "Next.js (routing, request/response, async storage)";
  if (g === "postgres") return "postgres.js (driver)";
  if (g === "drizzle-orm") return "drizzle-orm";
  if (g === "zod") return "zod";
  if (g.startsWith("app code")) return "app code";
  if (g === "(garbage collector)") return "GC";
  if (g.startsWith("node:") || g.startsWith("(")) return "node internals / native (uncharged)";
  return `other: ${g}`;
}

const whereCache = new Map<number, Where>();
function where(n: Node): Where {
  const hit = whereCache.get(n.id);
  if (hit) return hit;
  const { functionName, url, lineNumber, columnNumber } = n.callFrame;
  let w: Where;
  if (!url) {
    w = { group: functionName.startsWith("(") ? functionName : "(native / vm)", label: functionName || "(anonymous)" };
  } else {
    const m = mapOf(url);
    const e = m ? (m.findEntry(lineNumber, columnNumber) as { originalSource?: string; originalLine?: number; name?: string }) : {};
    const source = e.originalSource ?? url;
    // Files of a package run as they are (next's own dist): the package is in the URL.
    const fromUrl = url.includes("/node_modules/") && !/\/\.next[^/]*\//.test(url) ? group(url) : null;
    const short = source
      .replace(/^.*node_modules\//, "")
      .replace(/^.*\[project\]\//, "")
      .replace(/^file:\/\/.*?\/work\/main\//, "");
    w = { group: fromUrl ?? group(source), label: `${e.name ?? functionName ?? "(anonymous)"} ${short}:${(e.originalLine ?? lineNumber) + 1}` };
  }
  whereCache.set(n.id, w);
  return w;
}

export function summariseProfile(file: string, window?: { fromUs: number; toUs: number }, top = 30): string {
  const p = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const selfGroup = new Map<string, number>();
  const callerGroup = new Map<string, number>();
  const internal = (g: string) => g.startsWith("node:") || g.startsWith("(");
  const incl = new Map<string, number>();
  let t = p.startTime;
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const delta = p.timeDeltas[i] ?? 0;
    t += delta;
    if (window && (t < window.fromUs || t > window.toUs)) continue;
    const dt = p.timeDeltas[i + 1] ?? delta;
    const leaf = byId.get(p.samples[i]!)!;
    if (leaf.callFrame.functionName === "(idle)") continue;
    total += dt;
    const w = where(leaf);
    self.set(w.label, (self.get(w.label) ?? 0) + dt);
    selfGroup.set(w.group, (selfGroup.get(w.group) ?? 0) + dt);
    // Node internals and native code charged to the nearest package or app frame that called them.
    let owner = w.group;
    for (let id: number | undefined = leaf.id; id !== undefined && internal(owner); id = parent.get(id)) owner = where(byId.get(id)!).group;
    if (owner === "(root)") owner = w.group;
    callerGroup.set(owner, (callerGroup.get(owner) ?? 0) + dt);
    const groups = new Set<string>();
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) groups.add(where(byId.get(id)!).group);
    for (const g of groups) incl.set(g, (incl.get(g) ?? 0) + dt);
  }
  const cat = new Map<string, number>();
  for (const [g, v] of callerGroup) cat.set(category(g), (cat.get(category(g)) ?? 0) + v);
  const pc = (x: number) => `${((100 * x) / total).toFixed(1)}%`;
  const ms = (x: number) => `${(x / 1000).toFixed(0)} ms`;
  const rows = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `| ${k} | ${ms(v)} | ${pc(v)} |`);
  return [
    `busy CPU in window: ${ms(total)} (idle excluded)`,
    "",
    "| category (self time, node internals charged to their caller) | time | share |",
    "|---|---|---|",
    ...rows(cat, 12),
    "",
    "| group (self) | time | share |",
    "|---|---|---|",
    ...rows(selfGroup, 25),
    "",
    "| group (self, node internals charged to their caller) | time | share |",
    "|---|---|---|",
    ...rows(callerGroup, 25),
    "",
    "| group (inclusive: anywhere on the stack) | time | share |",
    "|---|---|---|",
    ...rows(incl, 25),
    "",
    "| function (self) | time | share |",
    "|---|---|---|",
    ...rows(self, top),
  ].join("\n");
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const { values, positionals } = parseArgs({
    options: { report: { type: "string" }, phase: { type: "string" }, top: { type: "string", default: "30" } },
    allowPositionals: true,
  });
  let window: { fromUs: number; toUs: number } | undefined;
  if (values.report && values.phase) {
    const rep = JSON.parse(readFileSync(values.report, "utf8")) as { marks: { name: string; fromUs: number; toUs: number }[] };
    window = rep.marks.find((m) => m.name === values.phase);
    if (!window) throw new Error(`no phase "${values.phase}" in ${values.report}: ${rep.marks.map((m) => m.name).join(", ")}`);
  }
  const [file] = positionals;
  if (!file) throw new Error("usage: cpuprofile.ts <file.cpuprofile> [--report r.json --phase name] [--top n]");
  console.log(summariseProfile(file, window, Number(values.top)));
}
