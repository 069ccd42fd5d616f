// Playback on a weak link: `npx tsx bench/hls-throttle.ts [seconds=60] [kbps=400] [latencyMs=400] [segmentS=4] [cpuSlowdown=4]`.
// Makes a `seconds`-long 720p test pattern with sound at 5 Mbit/s (a phone recording, moov first)
// and its 240p rung with the job's own ffmpeg command (lib/video/ladder.ts), serves both from a
// local HTTP server, and plays each in Chromium (/usr/bin/chromium) with the network throttled
// through CDP (Network.emulateNetworkConditions: `kbps` down, `latencyMs` latency) and the CPU slowed
// `cpuSlowdown` times (Emulation.setCPUThrottlingRate, as DevTools' "4× slowdown"; 1 = not slowed): the original
// file in a plain <video>, the 240p ladder through hls.js from its master playlist (as the app does).
// Prints the time from play() to the first frame, the stalls (`waiting` after playback began)
// and the seconds spent stalled, over `seconds` of wall time of playback.
import { execFileSync } from "node:child_process";
import { createReadStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import { LADDER, ladderArgs, runFfmpeg } from "../lib/video/ladder";

const seconds = Number(process.argv[2] ?? 60);
const kbps = Number(process.argv[3] ?? 400);
const latency = Number(process.argv[4] ?? 400);
const segmentS = Number(process.argv[5] ?? 4);
const cpuSlowdown = Number(process.argv[6] ?? 4);
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
await runFfmpeg("ffmpeg", ladderArgs(src, path.join(dir, "hls"), [LADDER[0]!], true, segmentS), seconds, () => {});
console.log(
  `original ${(statSync(src).size / 1e6).toFixed(1)} MB (${((statSync(src).size * 8) / seconds / 1000).toFixed(0)} kbit/s); 240p in ${segmentS} s segments; link ${kbps} kbit/s, ${latency} ms; CPU ${cpuSlowdown}× slower`,
);

const hlsJs = path.resolve("node_modules/hls.js/dist/hls.min.js");
const page = `<!doctype html><video id=v muted playsinline width=640></video><script src="/hls.js"></script>`;
const server = createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://x");
  if (url.pathname === "/") return res.writeHead(200, { "Content-Type": "text/html" }).end(page);
  const file = url.pathname === "/hls.js" ? hlsJs : path.join(dir, path.normalize(url.pathname).replace(/^(\.\.[/\\])+/, ""));
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

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--autoplay-policy=no-user-gesture-required"] });
for (const variant of ["original", "240p"] as const) {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  await p.goto(base);
  const cdp = await ctx.newCDPSession(p);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency, downloadThroughput: (kbps * 1000) / 8, uploadThroughput: (kbps * 1000) / 8 });
  if (cpuSlowdown > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpuSlowdown });
  const r = await p.evaluate(
    async ({ variant, seconds }) => {
      const v = document.getElementById("v") as HTMLVideoElement;
      const t0 = performance.now();
      let first: number | null = null;
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
        if (since !== null) stalledMs += performance.now() - since;
        since = null;
      });
      v.requestVideoFrameCallback(() => {
        first = performance.now() - t0;
      });
      if (variant === "original") v.src = "/original.mp4";
      else {
        const Hls = (window as unknown as { Hls: new (c: object) => { loadSource(u: string): void; attachMedia(v: HTMLVideoElement): void } }).Hls;
        const h = new Hls({ startLevel: 0 });
        h.loadSource("/hls/master.m3u8");
        h.attachMedia(v);
      }
      void v.play().catch(() => {});
      const end = t0 + seconds * 1000;
      while (performance.now() < end && !v.ended) await new Promise((res) => setTimeout(res, 250));
      if (since !== null) stalledMs += performance.now() - since;
      return { first, stalls, stalledMs, played: v.currentTime };
    },
    { variant, seconds },
  );
  const wallS = seconds;
  console.log(
    `${variant.padEnd(8)} first frame ${r.first === null ? "never" : `${(r.first / 1000).toFixed(2)} s`}; ${r.stalls} stalls (${(r.stalls / (wallS / 60)).toFixed(1)}/min), ${(r.stalledMs / 1000).toFixed(1)} s stalled; ${r.played.toFixed(1)} s of video played in ${wallS} s`,
  );
  await ctx.close();
}
await browser.close();
server.close();
rmSync(dir, { recursive: true, force: true });
