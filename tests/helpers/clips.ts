import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";

/** A clip made by ffmpeg into `dir` (`args`: everything before the output file). */
export async function ffmpegClip(dir: string, name: string, args: string[]): Promise<Buffer> {
  execFileSync("ffmpeg", ["-v", "error", "-y", ...args, path.join(dir, name)]);
  return readFile(path.join(dir, name));
}

/** A second of a tone as MP3 (about 4 kB) and a second of test picture with sound as H.264/AAC MP4 (about 10 kB). */
export async function shortClips(dir: string): Promise<{ mp3: Buffer; mp4: Buffer }> {
  const mp3 = await ffmpegClip(dir, "a.mp3", ["-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-ac", "1", "-b:a", "32k"]);
  const mp4 = await ffmpegClip(dir, "v.mp4", [
    ...["-f", "lavfi", "-i", "testsrc=size=160x120:rate=10:duration=1", "-f", "lavfi", "-i", "sine=duration=1"],
    ...["-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"],
  ]);
  return { mp3, mp4 };
}
