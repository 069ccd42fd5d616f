import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { HLS_FILE, ladderArgs, rungsFor, runFfmpeg, signPlaylist } from "@/lib/video/ladder";

describe("the HLS ladder", () => {
  it("skips rungs above the source, and keeps the lowest (not upscaled) for a tiny source", () => {
    expect(rungsFor(1080).map((r) => r.name)).toEqual(["240p", "360p", "720p"]);
    expect(rungsFor(720).map((r) => r.name)).toEqual(["240p", "360p", "720p"]);
    expect(rungsFor(480).map((r) => r.name)).toEqual(["240p", "360p"]);
    expect(rungsFor(181)).toMatchObject([{ name: "240p", height: 180 }]);
  });

  it("signs every URI of a playlist and leaves the tags alone", () => {
    const m = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n240p/index.m3u8\n\n#EXTINF:4.0,\nseg_0000.ts\n";
    expect(signPlaylist(m, "a.b+c")).toBe("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n240p/index.m3u8?t=a.b%2Bc\n\n#EXTINF:4.0,\nseg_0000.ts?t=a.b%2Bc\n");
  });

  it("serves only the ladder's own file names", () => {
    for (const ok of ["master.m3u8", "240p/index.m3u8", "720p/seg_0012.ts"]) expect(HLS_FILE.test(ok), ok).toBe(true);
    for (const bad of ["../x.m3u8", "240p/../../a.ts", "240p/seg_1.ts", "master.m3u8/x", "240p/index.m3u8.bak", "x/index.m3u8"])
      expect(HLS_FILE.test(bad), bad).toBe(false);
  });

  it("reports ffmpeg's progress as a rising percent of the duration, and ffmpeg's error on failure", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "jr-ladder-"));
    try {
      const src = path.join(dir, "in.mp4");
      execFileSync("ffmpeg", [
        "-v",
        "error",
        "-f",
        "lavfi",
        "-i",
        "testsrc=size=426x240:rate=25:duration=6",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-pix_fmt",
        "yuv420p",
        src,
      ]);
      const seen: number[] = [];
      await runFfmpeg("ffmpeg", ladderArgs(src, path.join(dir, "out"), rungsFor(240), false), 6, (p) => seen.push(p));
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((p, i) => p >= 0 && p <= 99 && (i === 0 || p >= seen[i - 1]!))).toBe(true);
      expect(seen.at(-1)).toBeGreaterThanOrEqual(80);
      expect(readdirSync(path.join(dir, "out", "240p")).filter((f) => f.endsWith(".ts")).length).toBe(2);
      await expect(runFfmpeg("ffmpeg", ladderArgs(path.join(dir, "missing.mp4"), path.join(dir, "o2"), rungsFor(240), false), 6, () => {})).rejects.toThrow(
        /ffmpeg exit/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
