// Transcoding time of the HLS ladder (lib/video/ladder.ts, the job's own ffmpeg command):
// `npx tsx bench/transcode.ts [minutes=2] [height=1080]`. Makes a `minutes`-long test pattern
// (ffmpeg testsrc2 + a sine tone, 30 fps, H.264 at ~8 Mbit/s as a phone records) at `height`,
// transcodes it into every rung that fits, and prints the wall time, the ratio to real time, the
// time extrapolated to a 10-minute lesson and, per rung, the bytes per minute of playback.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ladderArgs, rungKbps, rungsFor, runFfmpeg } from "../lib/video/ladder";

const minutes = Number(process.argv[2] ?? 2);
const height = Number(process.argv[3] ?? 1080);
const width = Math.round((height * 16) / 9 / 2) * 2;
const seconds = Math.round(minutes * 60);
const dir = mkdtempSync(path.join(tmpdir(), "jr-transcode-"));
const src = path.join(dir, "source.mp4");

console.log(`source: ${seconds} s of ${width}x${height} testsrc2, 30 fps, H.264 8 Mbit/s + AAC`);
const g0 = performance.now();
execFileSync("ffmpeg", [
  "-v",
  "error",
  "-y",
  "-f",
  "lavfi",
  "-i",
  `testsrc2=size=${width}x${height}:rate=30:duration=${seconds}`,
  "-f",
  "lavfi",
  "-i",
  `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
  "-c:v",
  "libx264",
  "-preset",
  "ultrafast",
  "-b:v",
  "8M",
  "-pix_fmt",
  "yuv420p",
  "-c:a",
  "aac",
  "-b:a",
  "128k",
  "-shortest",
  src,
]);
console.log(`  generated in ${((performance.now() - g0) / 1000).toFixed(1)} s, ${(statSync(src).size / 1e6).toFixed(1)} MB`);

const rungs = rungsFor(height);
const out = path.join(dir, "hls");
const t0 = performance.now();
let last = -1;
await runFfmpeg("ffmpeg", ladderArgs(src, out, rungs, true), seconds, (p) => {
  if (p >= last + 25) {
    last = p;
    console.log(`  ${p}% after ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
});
const wall = (performance.now() - t0) / 1000;
console.log(
  `transcode (${rungs.map((r) => r.name).join(", ")}): ${wall.toFixed(1)} s wall for ${seconds} s of video = ${(wall / seconds).toFixed(2)}× real time`,
);
console.log(`  a 10-minute 1080p lesson: ≈ ${(((wall / seconds) * 600) / 60).toFixed(1)} min${seconds === 600 ? " (measured)" : " (extrapolated linearly)"}`);
console.log("rung   nominal kbit/s   MB per minute of playback");
for (const r of rungs) {
  const files = readdirSync(path.join(out, r.name)).filter((f) => f.endsWith(".ts"));
  const bytes = files.reduce((s, f) => s + statSync(path.join(out, r.name, f)).size, 0);
  console.log(`${r.name.padEnd(6)} ${String(rungKbps(r)).padStart(14)}   ${(((bytes / seconds) * 60) / 1e6).toFixed(2)} (${files.length} segments)`);
}
console.log(`original (8 Mbit/s)      ${(((statSync(src).size / seconds) * 60) / 1e6).toFixed(2)}`);
rmSync(dir, { recursive: true, force: true });
