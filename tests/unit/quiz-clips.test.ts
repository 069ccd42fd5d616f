import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIP_MAX_BYTES, checkClip, sniffClip } from "@/lib/quiz/clips";
import { htmlToText } from "@/lib/quiz/import/html-text";
import { exportMoodleXml, importMoodleXml, type ExportPicture } from "@/lib/quiz/import/moodle-xml";
import type { ImportedPicture } from "@/lib/quiz/import/problems";
import { mediaRefs, mediaToken, removeMedia, splitMedia, withoutMedia } from "@/lib/quiz/media-refs";
import { ffmpegClip, shortClips } from "../helpers/clips";
import { sampleOf } from "../helpers/quiz";

const bytes = (...b: (number | string)[]) => new Uint8Array(b.flatMap((x) => (typeof x === "string" ? [...Buffer.from(x, "latin1")] : [x])));

/**
 * Short clips in questions: judged by their first bytes (never the name), refused too large,
 * too long (ffprobe) or of another kind; tokens in text; Moodle XML carries them as
 * @@PLUGINFILE@@ files both ways.
 */
describe("question clips", () => {
  let dir: string;
  let mp3: Uint8Array;
  let mp4: Uint8Array;
  let long: Uint8Array;
  let voice: Uint8Array;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "jr-clips-"));
    const made = await shortClips(dir);
    mp3 = new Uint8Array(made.mp3);
    mp4 = new Uint8Array(made.mp4);
    long = new Uint8Array(await ffmpegClip(dir, "long.mp3", ["-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "200", "-b:a", "8k"]));
    voice = new Uint8Array(await ffmpegClip(dir, "voice.webm", ["-f", "lavfi", "-i", "sine=duration=1", "-c:a", "libopus"]));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("sniffs clips by content: mp3 (ID3 or frame sync), aac, m4a, ogg, wav, mp4, webm; not pictures, HEIC, an .exe or text", () => {
    expect(sniffClip(mp3)).toEqual({ kind: "audio", ext: "mp3", mime: "audio/mpeg" });
    expect(sniffClip(bytes(0xff, 0xfb, 0x90, 0x64))?.ext).toBe("mp3");
    expect(sniffClip(bytes(0xff, 0xf1, 0x50, 0x80))?.ext).toBe("aac");
    expect(sniffClip(bytes(0, 0, 0, 0x20, "ftypM4A ", 0, 0, 0, 0))).toMatchObject({ kind: "audio", mime: "audio/mp4" });
    expect(sniffClip(bytes("OggS", 0, 2))?.mime).toBe("audio/ogg");
    expect(sniffClip(bytes("RIFF", 0, 0, 0, 0, "WAVEfmt "))?.mime).toBe("audio/wav");
    expect(sniffClip(mp4)).toEqual({ kind: "video", ext: "mp4", mime: "video/mp4" });
    expect(sniffClip(voice)?.mime).toBe("video/webm");
    expect(sniffClip(bytes(0, 0, 0, 0x18, "ftypheic", 0, 0, 0, 0))).toBeNull();
    expect(sniffClip(bytes(0xff, 0xd8, 0xff, 0xe0))).toBeNull(); // a JPEG
    expect(sniffClip(bytes("MZ", 0x90, 0, 3, 0, 0, 0))).toBeNull(); // an .exe, whatever it is named
    expect(sniffClip(bytes("RIFF", 0, 0, 0, 0, "WEBPVP8 "))).toBeNull();
    expect(sniffClip(Buffer.from("<html>"))).toBeNull();
  });

  it("checks a clip: kind and length by ffprobe (a WebM of sound only is audio); refuses too large, too long and what is no clip", async () => {
    expect(await checkClip(mp3)).toMatchObject({ ok: true, value: { kind: "audio", mime: "audio/mpeg" } });
    expect(await checkClip(mp4)).toMatchObject({ ok: true, value: { kind: "video", mime: "video/mp4" } });
    expect(await checkClip(voice)).toMatchObject({ ok: true, value: { kind: "audio", mime: "audio/webm", ext: "webm" } });
    const big = new Uint8Array(CLIP_MAX_BYTES + 1);
    big.set(mp3.subarray(0, 64));
    expect(await checkClip(big)).toMatchObject({ ok: false, code: "quiz.media.clipTooLarge", kind: "tooLarge", params: { mb: 20 } });
    expect(await checkClip(long)).toMatchObject({ ok: false, code: "quiz.media.clipTooLong", params: { s: 200, max: 3 } });
    expect(await checkClip(bytes("MZ", 0x90, 0, 3, 0, 0, 0))).toMatchObject({ ok: false, code: "quiz.media.notMedia", kind: "unsupportedMedia" });
    // Clip bytes at the start, then garbage: ffprobe cannot read it.
    expect(await checkClip(bytes(0, 0, 0, 0x20, "ftypisom", ..."garbage garbage garbage"))).toMatchObject({ ok: false, code: "quiz.media.clipUnreadable" });
  });

  it("tokens: [[audio:id]] and [[video:id]] beside pictures; removed, listed and stripped like them", () => {
    const a = "abcdefgh01234567";
    const v = "vvvvvvvv01234567";
    const text = `听录音：${mediaToken({ id: a, width: 0, height: 0, kind: "audio" })}\n${mediaToken({ id: v, width: 9, height: 9, kind: "video" })}`;
    expect(text).toBe(`听录音：[[audio:${a}]]\n[[video:${v}]]`);
    expect(splitMedia(text).map((s) => s.kind)).toEqual(["text", "audio", "text", "video"]);
    expect(mediaRefs(text)).toEqual([
      { kind: "audio", id: a, width: 0, height: 0 },
      { kind: "video", id: v, width: 0, height: 0 },
    ]);
    expect(withoutMedia(text)).toBe("听录音：");
    expect(removeMedia(text, a)).toBe(`听录音：\n[[video:${v}]]`);
    // Not well formed: text.
    expect(splitMedia("[[audio:short]] [[video:abcdefgh01234567:1x1]]").every((s) => s.kind === "text")).toBe(true);
  });

  it("HTML: a player of a question file (src or <source>) and a link to one are kept; any other player is media that cannot be kept", () => {
    const keep = (src: string) => (src.startsWith("@@PLUGINFILE@@/") ? `<${src.slice(15)}>` : null);
    expect(htmlToText('<p>听：<audio controls><source src="@@PLUGINFILE@@/a.mp3">@@PLUGINFILE@@/a.mp3</audio>再答</p>', keep)).toEqual({
      text: "听：\n<a.mp3>\n再答",
      hasMedia: false,
    });
    expect(htmlToText('<video src="@@PLUGINFILE@@/v.mp4"></video>', keep)).toEqual({ text: "<v.mp4>", hasMedia: false });
    expect(htmlToText('看<a href="@@PLUGINFILE@@/v.mp4">v.mp4</a>', keep)).toEqual({ text: "看\n<v.mp4>", hasMedia: false });
    expect(htmlToText('<a href="https://example.com/x">链接</a>', keep)).toEqual({ text: "链接", hasMedia: false });
    expect(htmlToText('<video src="https://example.com/v.mp4"></video>', keep).hasMedia).toBe(true);
  });

  it("Moodle XML: clips in stem, option and explanation go out as <audio>/<video> with base64 files and come back as the same clips", async () => {
    const audio = { id: "aaaaaaaa01234567", kind: "audio" as const, width: 0, height: 0 };
    const video = { id: "vvvvvvvv01234567", kind: "video" as const, width: 0, height: 0 };
    const single = sampleOf("single");
    const q = {
      ...single,
      stem: `${single.stem}\n${mediaToken(audio)}`,
      options: single.options.map((o, i) => (i === 1 ? { ...o, text: `${o.text}\n${mediaToken(video)}` } : o)),
      explanation: `见视频：\n${mediaToken(video)}`,
    };
    const files = new Map<string, ExportPicture>([
      [audio.id, { name: "泵声.mp3", bytes: mp3 }],
      [video.id, { name: "op.mp4", bytes: mp4 }],
    ]);
    const xml = exportMoodleXml([q], files);
    expect(xml).toContain(`<audio controls src="@@PLUGINFILE@@/${encodeURIComponent("泵声.mp3")}"></audio>`);
    expect(xml).toContain('<video controls src="@@PLUGINFILE@@/op.mp4"></video>');
    expect(xml).toContain(`encoding="base64">${Buffer.from(mp3).toString("base64")}</file>`);
    const media = new Map<string, ImportedPicture>();
    const back = await importMoodleXml(Buffer.from(xml), { media });
    if (!back.ok) throw new Error(JSON.stringify(back.problems));
    const [again] = back.questions;
    // Placeholders of the right kinds, in the same places, with the same bytes (a file per field:
    // the video of the option and of the explanation are two placeholders the caller stores as one).
    const refs = mediaRefs(JSON.stringify(again));
    expect(refs.map((r) => r.kind)).toEqual(["audio", "video", "video"]);
    const original = (id: string) => {
      const b = Buffer.from(media.get(id)!.bytes);
      return b.equals(Buffer.from(mp3)) ? audio.id : b.equals(Buffer.from(mp4)) ? video.id : "unknown";
    };
    const json = JSON.stringify(again).replace(/\[\[(audio|video):([a-z0-9]{16})\]\]/g, (_t, k: string, id: string) => `[[${k}:${original(id)}]]`);
    const back2 = JSON.parse(json) as typeof q;
    expect([back2.stem, back2.explanation, back2.options.map((o) => o.text)]).toEqual([q.stem, q.explanation, q.options.map((o) => o.text)]);
  });
});
