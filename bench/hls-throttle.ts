// Playback on a weak link: `npx tsx bench/hls-throttle.ts [seconds=60] [kbps=400] [latencyMs=400] [segmentS=4] [cpuSlowdown=4]`
// (`VARIANTS=a,b,…` picks variants from the table below, `RUNS=n` plays each n times, alternating).
// Makes a `seconds`-long 720p test pattern with sound at 5 Mbit/s (a phone recording, moov first)
// and its low rungs with the job's own ffmpeg command (lib/video/ladder.ts), serves them from a
// local HTTP server, and plays each in Chromium (/usr/bin/chromium) with the network throttled
// through CDP (Network.emulateNetworkConditions: `kbps` down, `latencyMs` latency) and the CPU slowed
// `cpuSlowdown` times (Emulation.setCPUThrottlingRate, as DevTools' "4× slowdown"; 1 = not slowed): the original
// file in a plain <video>, the ladder through hls.js from its master playlist (as the app does).
//
// "First frame" is the first frame painted (requestVideoFrameCallback), counted from t0:
// - warm: t0 = the play press; hls.js is already in the page, nothing of the video is fetched yet
//   (the worst case of pressing play at once on a page whose script has arrived);
// - cold: as warm, but the hls.js file itself is fetched at t0 through the throttled link (≈ a
//   worker who presses play before the chunk arrived; the page's own JS is not counted);
// - prewarm: the first lesson after the course page (app/_ui/hls-warm.tsx): the course page,
//   opened through the throttled link, fetches hls.js once it has loaded and is idle; then the
//   lesson page opens as a new page load (not a client-side navigation, which would find hls.js
//   already running: as warm) and at t0 takes hls.js from the browser's cache, as cold otherwise;
// - open: the app as it is — hls.js starts when the lesson page opens (the player's mount), the
//   worker presses play `OPEN_IDLE_S` (default 8) seconds later; t0 = the play press.
// Also: each step's time from t0 (master playlist, rung playlist, first segment loaded, appended),
// the stalls (`waiting` after the first frame) and the seconds stalled over `seconds` of wall
// time, and the bytes per minute of each rung (the segments on disk).
import { execFileSync } from "node:child_process";
import { createReadStream, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import { HLS_START } from "../lib/video/hls-config";
import { LADDER, ladderArgs, type Rung, rungKbps, runFfmpeg } from "../lib/video/ladder";

const seconds = Number(process.argv[2] ?? 60);
const kbps = Number(process.argv[3] ?? 400);
const latency = Number(process.argv[4] ?? 400);
const segmentS = Number(process.argv[5] ?? 4);
const cpuSlowdown = Number(process.argv[6] ?? 4);
const runs = Number(process.env.RUNS ?? 1);
const openIdleS = Number(process.env.OPEN_IDLE_S ?? 8);

const byName = (n: string) => LADDER.find((r) => r.name === n) as Rung;
const R240 = byName("240p");
/** A lower first rung tried (not kept: no faster than 240p with small chunks, and hls.js never left it on this link). */
const R180: Rung = { name: "180p", height: 180, videoKbps: 120, audioKbps: 32 };
/** hls.js as the player configured it before (startLevel 0, nothing else). */
const OLD_CONFIG = { startLevel: 0, capLevelToPlayerSize: false };

interface Variant {
  rungs: Rung[];
  segS: number;
  build: "full" | "light";
  load: "warm" | "cold" | "prewarm" | "open";
  config: Record<string, unknown>;
  /** Segment bytes handed to the demuxer at a time (progressive; hls.js's own: 128 kB). */
  chunkBytes?: number;
  /** The buffer cap from the first play (app/_ui/hls.ts bufferOnPlay; before it, the config's maxMaxBufferLength). */
  playBufferS?: number;
}
/** The player's configuration now (lib/video/hls-config.ts, app/_ui/hls.ts) on the 240p rung, pressed at once. */
const NOW: Variant = {
  rungs: [R240],
  segS: segmentS,
  build: "light",
  load: "warm",
  config: HLS_START.config,
  chunkBytes: HLS_START.chunkBytes,
  playBufferS: HLS_START.playBufferS,
};
const VARIANTS: Record<string, Variant | "original"> = {
  original: "original",
  /** Today's: 240p, 4 s segments, hls.js full build, startLevel 0. */
  "240p": { rungs: [R240], segS: segmentS, build: "full", load: "warm", config: OLD_CONFIG },
  "240p-cold": { rungs: [R240], segS: segmentS, build: "full", load: "cold", config: OLD_CONFIG },
  "240p-cold-light": { rungs: [R240], segS: segmentS, build: "light", load: "cold", config: OLD_CONFIG },
  "240p-open": { rungs: [R240], segS: segmentS, build: "full", load: "open", config: OLD_CONFIG },
  /** hls.js appends a segment as it arrives (fetch, progressive) instead of once whole. */
  "240p-prog": { rungs: [R240], segS: segmentS, build: "light", load: "warm", config: { ...OLD_CONFIG, progressive: true } },
  "240p-2s": { rungs: [R240], segS: 2, build: "light", load: "warm", config: OLD_CONFIG },
  /** A lower first rung, then up to 240p. */
  "180p+240p": { rungs: [R180, R240], segS: segmentS, build: "light", load: "warm", config: OLD_CONFIG },
  /** The player's configuration now (lib/video/hls-config.ts) on the 240p rung alone and on the ladder's low rungs. */
  "240p-prog16": { rungs: [R240], segS: segmentS, build: "light", load: "warm", config: { ...OLD_CONFIG, progressive: true }, chunkBytes: 16384 },
  "180p+240p-prog16": { rungs: [R180, R240], segS: segmentS, build: "light", load: "warm", config: { ...OLD_CONFIG, progressive: true }, chunkBytes: 16384 },
  "new-240p": NOW,
  /** …with 360p above it (does hls.js switch up and stall on this link?). */
  "new-240p+360p": { ...NOW, rungs: [R240, byName("360p")] },
  "new-cold": { ...NOW, load: "cold" },
  /** The phone opened the course page before the lesson (it fetched hls.js when idle). */
  "new-prewarm": { ...NOW, load: "prewarm" },
  /** The player before it kept one segment until play (hls.js buffering from the page's opening). */
  "open-before": { ...NOW, load: "open", config: { ...HLS_START.config, maxMaxBufferLength: 600 }, playBufferS: undefined },
  "new-open": { ...NOW, load: "open" },
};
const chosen = (process.env.VARIANTS ?? "original,240p").split(",").map((s) => s.trim());
for (const c of chosen) if (!VARIANTS[c]) throw new Error(`unknown variant ${c}; one of ${Object.keys(VARIANTS).join(", ")}`);

const dir = mkdtempSync(path.join(tmpdir(), "jr-throttle-"));
const src = path.join(dir, "original.mp4");
execFileSync("ffmpeg", [
  ...[
    "-v",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    `testsrc2=size=1280x720:rate=30:duration=${seconds}`,
    "-f",
    "lavfi",
    "-i",
    `sine=frequency=440:duration=${seconds}`,
  ],
  ...[
    "-c:v",
    "libx264",
    "-preset",
    "ultrafast",
    "-b:v",
    "5M",
    "-pix_fmt",
    "yuv420p",
    "-c:a",
    "aac",
    "-b:a",
    "128k",
    "-movflags",
    "+faststart",
    "-shortest",
    src,
  ],
]);
console.log(
  `original ${(statSync(src).size / 1e6).toFixed(1)} MB (${((statSync(src).size * 8) / seconds / 1000).toFixed(0)} kbit/s); link ${kbps} kbit/s, ${latency} ms; CPU ${cpuSlowdown}× slower; ${runs} run(s) of ${chosen.join(", ")}`,
);

/** One ladder per (rungs, segment length), made once: its directory under `dir`. */
const ladders = new Map<string, string>();
async function ladderFor(v: Variant): Promise<string> {
  const key = `${v.rungs.map((r) => `${r.name}-${r.videoKbps}-${r.audioKbps}`).join("_")}-${v.segS}s`;
  const have = ladders.get(key);
  if (have) return have;
  await runFfmpeg("ffmpeg", ladderArgs(src, path.join(dir, key), v.rungs, true, v.segS), seconds, () => {});
  ladders.set(key, key);
  for (const r of v.rungs) {
    const segs = readdirSync(path.join(dir, key, r.name)).filter((f) => f.endsWith(".ts"));
    const bytes = segs.reduce((s, f) => s + statSync(path.join(dir, key, r.name, f)).size, 0);
    const first = statSync(path.join(dir, key, r.name, "seg_0000.ts")).size;
    console.log(
      `  ${key}: ${r.name} (${rungKbps(r)} kbit/s nominal) ${((bytes * 8) / seconds / 1000).toFixed(0)} kbit/s on disk, ${(((bytes / seconds) * 60) / 1e6).toFixed(2)} MB per minute; first segment ${(first / 1000).toFixed(0)} kB`,
    );
  }
  return key;
}

const builds = { full: path.resolve("node_modules/hls.js/dist/hls.min.js"), light: path.resolve("node_modules/hls.js/dist/hls.light.min.js") };
const server = createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://x");
  if (url.pathname === "/course") {
    // As app/_ui/hls-warm.tsx: once loaded and idle, hls.js as an async script.
    const warm = `addEventListener("load", () => requestIdleCallback(() => { const s = document.createElement("script"); s.src = "/hls-light.js"; s.async = true; s.onload = () => { window.__warmMs = performance.now(); }; document.head.append(s); }, { timeout: 5000 }));`;
    return res.writeHead(200, { "Content-Type": "text/html" }).end(`<!doctype html><p>course</p><script>${warm}</script>`);
  }
  if (url.pathname === "/") {
    const pre = url.searchParams.get("pre");
    const tag = pre === "full" || pre === "light" ? `<script src="/hls-${pre}.js"></script>` : "";
    return res.writeHead(200, { "Content-Type": "text/html" }).end(`<!doctype html><video id=v muted playsinline width=640></video>${tag}`);
  }
  const m0 = /^\/hls-(full|light)\.js$/.exec(url.pathname);
  const file = m0 ? builds[m0[1] as "full" | "light"] : path.join(dir, path.normalize(url.pathname).replace(/^(\.\.[/\\])+/, ""));
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return res.writeHead(404).end();
  }
  const type = file.endsWith(".m3u8")
    ? "application/vnd.apple.mpegurl"
    : file.endsWith(".ts")
      ? "video/mp2t"
      : file.endsWith(".js")
        ? "text/javascript"
        : "video/mp4";
  // The script goes gzipped, as Next serves it (so the throttled link carries its compressed size).
  if (file.endsWith(".js")) {
    const gz = execFileSync("gzip", ["-c", "-9", file]);
    // Cached as Next's hashed static chunks are (only the prewarm variant's page keeps a cache).
    return res
      .writeHead(200, { "Content-Type": type, "Content-Encoding": "gzip", "Content-Length": gz.length, "Cache-Control": "public, max-age=31536000, immutable" })
      .end(gz);
  }
  const m = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? "");
  if (m) {
    const start = Number(m[1]);
    const end = m[2] ? Number(m[2]) : size - 1;
    res.writeHead(206, { "Content-Type": type, "Content-Range": `bytes ${start}-${end}/${size}`, "Content-Length": end - start + 1, "Accept-Ranges": "bytes" });
    return createReadStream(file, { start, end }).pipe(res);
  }
  res.writeHead(200, { "Content-Type": type, "Content-Length": size, "Accept-Ranges": "bytes" });
  createReadStream(file).pipe(res);
});
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

interface Result {
  /** The prewarm variant: when the course page had hls.js, ms after it began loading. */
  warmMs?: number | null;
  /** The open variants: bytes of segments fetched before play. */
  preplay: number | null;
  first: number | null;
  playing: number | null;
  marks: Record<string, number>;
  stalls: number;
  stalledMs: number;
  played: number;
}
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--autoplay-policy=no-user-gesture-required"] });
async function play(name: string): Promise<Result> {
  const v = VARIANTS[name]!;
  const ladder = v === "original" ? null : await ladderFor(v);
  const ctx = await browser.newContext();
  // tsx names the page function's inner functions through a helper the page lacks.
  await ctx.addInitScript("window.__name = (f) => f");
  const p = await ctx.newPage();
  const prewarm = v !== "original" && v.load === "prewarm";
  if (!prewarm) await p.goto(`${base}/?pre=${v !== "original" && v.load !== "cold" ? v.build : ""}`);
  const cdp = await ctx.newCDPSession(p);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: !prewarm });
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency, downloadThroughput: (kbps * 1000) / 8, uploadThroughput: (kbps * 1000) / 8 });
  if (cpuSlowdown > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpuSlowdown });
  let warmMs: number | null = null;
  if (prewarm) {
    // The course page through the throttled link, until its warm-up has fetched hls.js; then the lesson page.
    await p.goto(`${base}/course`);
    warmMs = await p
      .waitForFunction(() => (window as unknown as { __warmMs?: number }).__warmMs, null, { timeout: 60_000 })
      .then((h) => h.jsonValue() as Promise<number>);
    await p.goto(`${base}/?pre=`);
  }
  return p
    .evaluate(
      async ({ variant, seconds, ladder, openIdleS }) => {
        type HlsT = {
          new (
            c: object,
          ): { loadSource(u: string): void; attachMedia(v: HTMLVideoElement): void; on(e: string, f: (e: string, d: { frag?: { sn: number } }) => void): void };
          Events: Record<string, string>;
        };
        const v = document.getElementById("v") as HTMLVideoElement;
        const marks: Record<string, number> = {};
        let t0 = performance.now();
        const mark = (k: string) => {
          if (!(k in marks)) marks[k] = performance.now();
        };
        let first: number | null = null;
        let playing: number | null = null;
        let preplay: number | null = null;
        let stalls = 0;
        let stalledMs = 0;
        let since: number | null = null;
        v.addEventListener("waiting", () => {
          if (first !== null && since === null) {
            stalls++;
            since = performance.now();
          }
        });
        v.addEventListener("playing", () => {
          playing ??= performance.now();
          if (since !== null) stalledMs += performance.now() - since;
          since = null;
        });
        const startHls = (Hls: HlsT, config: object) => {
          let cfg = config;
          if (variant !== "original" && variant.chunkBytes) {
            // As lib/video/hls-config.ts's chunkedLoader (the page cannot import it).
            const Fetch = (
              new Hls({ progressive: true }) as unknown as {
                config: { loader: new (c: object) => { load(a: unknown, b: { highWaterMark?: number }, c: unknown): void } };
              }
            ).config.loader;
            const bytes = variant.chunkBytes;
            class Chunked extends Fetch {
              load(a: unknown, b: { highWaterMark?: number }, c: unknown) {
                const hwm = b.highWaterMark;
                super.load(a, hwm !== undefined && Number.isFinite(hwm) ? { ...b, highWaterMark: Math.min(hwm, bytes) } : b, c);
              }
            }
            cfg = { ...config, fLoader: Chunked };
          }
          const h = new Hls(cfg);
          if (variant !== "original" && variant.playBufferS) {
            const grow = variant.playBufferS;
            // As the player's bufferOnPlay (app/_ui/hls.ts).
            v.addEventListener("play", () => ((h as unknown as { config: { maxMaxBufferLength: number } }).config.maxMaxBufferLength = grow), { once: true });
          }
          h.on(Hls.Events.LEVEL_SWITCHED!, (_e, d) => {
            const height = (h as unknown as { levels: { height: number }[] }).levels[(d as { level: number }).level]?.height;
            mark(`${height}p`);
          });
          h.on(Hls.Events.MANIFEST_LOADED!, () => mark("master"));
          h.on(Hls.Events.LEVEL_LOADED!, () => mark("rung playlist"));
          h.on(Hls.Events.FRAG_LOADED!, (_e, d) => d.frag?.sn === 0 && mark("segment 0 loaded"));
          h.on(Hls.Events.FRAG_BUFFERED!, (_e, d) => d.frag?.sn === 0 && mark("segment 0 appended"));
          h.loadSource(`/${ladder}/master.m3u8`);
          h.attachMedia(v);
        };
        const win = window as unknown as { Hls?: HlsT };
        if (variant === "original") v.src = "/original.mp4";
        else if (variant.load === "open") {
          startHls(win.Hls!, variant.config);
          await new Promise((res) => setTimeout(res, openIdleS * 1000));
          t0 = performance.now();
          // What opening the lesson spent before play: the segments fetched whole by then.
          preplay = performance
            .getEntriesByType("resource")
            .filter((e) => e.name.endsWith(".ts"))
            .reduce((n, e) => n + (e as PerformanceResourceTiming).encodedBodySize, 0);
        } else if (variant.load === "cold" || variant.load === "prewarm") {
          const s = document.createElement("script");
          s.src = `/hls-${variant.build}.js`;
          await new Promise((res) => {
            s.onload = res;
            document.head.append(s);
          });
          mark("hls.js");
          startHls(win.Hls!, variant.config);
        } else startHls(win.Hls!, variant.config);
        v.requestVideoFrameCallback(() => {
          first = performance.now();
        });
        void v.play().catch(() => {});
        const end = t0 + seconds * 1000;
        while (performance.now() < end && !v.ended) await new Promise((res) => setTimeout(res, 250));
        if (since !== null) stalledMs += performance.now() - since;
        const rel = (x: number | null) => (x === null ? null : x - t0);
        return {
          preplay,
          first: rel(first),
          playing: rel(playing),
          marks: Object.fromEntries(Object.entries(marks).map(([k, x]) => [k, x - t0])),
          stalls,
          stalledMs,
          played: v.currentTime,
        };
      },
      { variant: v, seconds, ladder, openIdleS },
    )
    .then((r) => ({ ...r, warmMs }))
    .finally(() => ctx.close());
}

const results = new Map<string, Result[]>(chosen.map((c) => [c, []]));
for (let i = 0; i < runs; i++)
  for (const name of chosen) {
    const r = await play(name);
    results.get(name)!.push(r);
    const s = (x: number | null) => (x === null ? "never" : `${(x / 1000).toFixed(2)} s`);
    console.log(
      `${name.padEnd(16)} run ${i + 1}: first frame ${s(r.first)} (playing ${s(r.playing)}; ${Object.entries(r.marks)
        .map(([k, x]) => `${k} ${s(x)}`)
        .join(
          ", ",
        )}); ${r.warmMs ? `course page had hls.js at ${(r.warmMs / 1000).toFixed(2)} s; ` : ""}${r.preplay === null ? "" : `${(r.preplay / 1000).toFixed(0)} kB of segments before play; `}${r.stalls} stalls, ${(r.stalledMs / 1000).toFixed(1)} s stalled; ${r.played.toFixed(1)} s played in ${seconds} s`,
    );
  }
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : Number.NaN;
};
console.log(`\n| variant | first frame median (runs), s | stalls per minute (runs) | s stalled |\n|---|---|---|---|`);
for (const [name, rs] of results) {
  const firsts = rs.map((r) => (r.first ?? Number.POSITIVE_INFINITY) / 1000);
  console.log(
    `| ${name} | ${median(firsts).toFixed(2)} (${firsts.map((x) => x.toFixed(2)).join(", ")}) | ${median(rs.map((r) => r.stalls / (seconds / 60))).toFixed(1)} (${rs
      .map((r) => r.stalls)
      .join(", ")}) | ${median(rs.map((r) => r.stalledMs / 1000)).toFixed(1)} |`,
  );
}
await browser.close();
server.close();
rmSync(dir, { recursive: true, force: true });
