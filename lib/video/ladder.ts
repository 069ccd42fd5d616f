import { spawn } from "node:child_process";
import { execFile } from "node:child_process";

/**
 * The HLS ladder and the ffmpeg command that makes it (pure but for running ffmpeg/ffprobe):
 * one ffmpeg pass decodes the original once and encodes every rung, with key frames forced on
 * the same 4-second grid in every rung, so a segment covers the same media time whatever the rung
 * (the player's watched intervals are media time: a switch of rung changes nothing there).
 */

export interface Rung {
  name: string;
  height: number;
  videoKbps: number;
  audioKbps: number;
}

/** 240p ≈ 300 kbit/s, 360p ≈ 600, 720p ≈ 1,500 (video and AAC audio together). */
export const LADDER: readonly Rung[] = [
  { name: "240p", height: 240, videoKbps: 250, audioKbps: 48 },
  { name: "360p", height: 360, videoKbps: 530, audioKbps: 64 },
  { name: "720p", height: 720, videoKbps: 1400, audioKbps: 96 },
];

export const SEGMENT_S = 4;

export const rungKbps = (r: Rung) => r.videoKbps + r.audioKbps;

/** The rungs for a source of this height: none above it (but always the lowest, scaled no higher than the source). */
export function rungsFor(sourceHeight: number): Rung[] {
  const fit = LADDER.filter((r) => r.height <= sourceHeight);
  if (fit.length) return fit;
  const h = Math.max(2, Math.floor(sourceHeight / 2) * 2);
  return [{ ...LADDER[0]!, height: h }];
}

/** ffmpeg's arguments: `src` into `outDir/<rung>/index.m3u8` + `seg_NNNN.ts`, and `outDir/master.m3u8` (`segmentS`: benches only). */
export function ladderArgs(src: string, outDir: string, rungs: Rung[], hasAudio: boolean, segmentS = SEGMENT_S): string[] {
  const n = rungs.length;
  const split = `[0:v]split=${n}${rungs.map((_, i) => `[s${i}]`).join("")}`;
  const scales = rungs.map((r, i) => `[s${i}]scale=-2:${r.height},setsar=1[v${i}]`);
  const args = ["-v", "error", "-y", "-nostats", "-progress", "pipe:1", "-i", src, "-filter_complex", [split, ...scales].join(";")];
  rungs.forEach((r, i) => {
    args.push("-map", `[v${i}]`, `-c:v:${i}`, "libx264", `-b:v:${i}`, `${r.videoKbps}k`, `-maxrate:v:${i}`, `${Math.round(r.videoKbps * 1.1)}k`);
    args.push(`-bufsize:v:${i}`, `${r.videoKbps * 2}k`);
    if (hasAudio) args.push("-map", "0:a:0", `-c:a:${i}`, "aac", `-b:a:${i}`, `${r.audioKbps}k`, `-ac:a:${i}`, "2");
  });
  args.push("-preset", "veryfast", "-profile:v", "main", "-pix_fmt", "yuv420p", "-sc_threshold", "0");
  args.push("-force_key_frames", `expr:gte(t,n_forced*${segmentS})`);
  args.push("-f", "hls", "-hls_time", String(segmentS), "-hls_playlist_type", "vod", "-hls_flags", "independent_segments");
  args.push("-hls_segment_filename", `${outDir}/%v/seg_%04d.ts`, "-master_pl_name", "master.m3u8");
  args.push("-var_stream_map", rungs.map((r, i) => (hasAudio ? `v:${i},a:${i},name:${r.name}` : `v:${i},name:${r.name}`)).join(" "));
  args.push(`${outDir}/%v/index.m3u8`);
  return args;
}

/** The source's picture height and whether it has sound (ffprobe), or null when it cannot be read. */
export function probeStreams(ffprobe: string, file: string): Promise<{ height: number; hasAudio: boolean; durationS: number } | null> {
  return new Promise((resolve) => {
    execFile(
      ffprobe,
      ["-v", "error", "-show_entries", "stream=codec_type,height:format=duration", "-of", "json", file],
      { timeout: 60_000, maxBuffer: 1 << 20 },
      (err, stdout) => {
        if (err) return resolve(null);
        try {
          const j = JSON.parse(String(stdout)) as { streams?: { codec_type?: string; height?: number }[]; format?: { duration?: string } };
          const v = j.streams?.find((s) => s.codec_type === "video" && Number(s.height) > 0);
          if (!v) return resolve(null);
          resolve({
            height: Number(v.height),
            hasAudio: Boolean(j.streams?.some((s) => s.codec_type === "audio")),
            durationS: Number(j.format?.duration) || 0,
          });
        } catch {
          resolve(null);
        }
      },
    );
  });
}

/**
 * Runs ffmpeg with `-progress pipe:1` and calls `onPercent` with the share of `durationS` done
 * (0–99; 100 is the caller's, once everything is stored). Rejects with ffmpeg's last error lines.
 */
export function runFfmpeg(ffmpeg: string, args: string[], durationS: number, onPercent: (p: number) => void, timeoutMs = 6 * 3600_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, args, { stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    let buf = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      buf += chunk;
      let nl = buf.indexOf("\n");
      while (nl >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        nl = buf.indexOf("\n");
        const m = /^out_time_(?:us|ms)=(\d+)$/.exec(line);
        if (m && durationS > 0) onPercent(Math.max(0, Math.min(99, Math.floor((Number(m[1]) / 1e6 / durationS) * 100))));
      }
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      err = (err + chunk).slice(-2000);
    });
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`ffmpeg ${signal ?? `exit ${code}`}: ${err.trim().split("\n").slice(-3).join(" ") || "no message"}`));
    });
  });
}

/** A playlist whose every URI (segment or variant playlist) carries the media token `token`. */
export function signPlaylist(text: string, token: string): string {
  return text
    .split("\n")
    .map((line) => {
      const l = line.trim();
      if (!l || l.startsWith("#")) return line;
      return `${l}${l.includes("?") ? "&" : "?"}t=${encodeURIComponent(token)}`;
    })
    .join("\n");
}

/** A path inside a rendition the media route serves: the master, a rung's playlist or one of its segments. */
export const HLS_FILE = /^(?:master\.m3u8|[0-9]{3,4}p\/(?:index\.m3u8|seg_[0-9]{4}\.ts))$/;

export const hlsMime = (rel: string) => (rel.endsWith(".m3u8") ? "application/vnd.apple.mpegurl" : "video/mp2t");
