import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { MEDIA_MAX_BYTES, MEDIA_MAX_SIDE, normaliseImage } from "@/lib/quiz/media";
import { mediaRefs, mediaToken, mediaUrl, removeMedia, splitMedia, withoutMedia } from "@/lib/quiz/media-refs";

const ID = "abcdefgh01234567";
const OTHER = "zzzzzzzz99999999";

/** A real picture: a gradient, so encoders cannot shrink it to nothing. */
async function picture(width: number, height: number, format: "jpeg" | "png" | "webp", withExif = false): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    raw[i * 3] = (i % width) & 0xff;
    raw[i * 3 + 1] = Math.floor(i / width) & 0xff;
    raw[i * 3 + 2] = 128;
  }
  let img = sharp(raw, { raw: { width, height, channels: 3 } });
  if (withExif) img = img.withMetadata({ orientation: 6, exif: { IFD0: { Make: "PhoneCo", Model: "Secret GPS phone" } } });
  return img.toFormat(format).toBuffer();
}

describe("picture references in question text", () => {
  it("splits text into text and pictures, with sizes", () => {
    const text = `看图：${mediaToken({ id: ID, width: 640, height: 480 })}这是什么阀门？`;
    expect(splitMedia(text)).toEqual([
      { kind: "text", text: "看图：" },
      { kind: "image", id: ID, width: 640, height: 480 },
      { kind: "text", text: "这是什么阀门？" },
    ]);
    expect(mediaRefs(text + mediaToken({ id: ID, width: 640, height: 480 }))).toEqual([{ kind: "image", id: ID, width: 640, height: 480 }]);
    expect(withoutMedia(text)).toBe("看图：这是什么阀门？");
  });

  it("leaves anything that is not a well-formed token as text: no HTML, no URLs, no other ids", () => {
    for (const text of [
      '<img src="https://evil.example/x.png" onerror="alert(1)">',
      "[[img:https://evil.example/x.png:10x10]]",
      "[[img:ABCDEFGH01234567:10x10]]",
      "[[img:abcdefgh0123456:10x10]]",
      "[[img:abcdefgh01234567:10x10x]]",
      "[[img:abcdefgh01234567:javascript]]",
      "![x](javascript:alert(1))",
    ]) {
      expect(splitMedia(text).every((s) => s.kind === "text")).toBe(true);
    }
  });

  it("clamps absurd sizes and only ever points at our own route", () => {
    const [img] = splitMedia("[[img:abcdefgh01234567:99999x0]]");
    expect(img).toEqual({ kind: "image", id: ID, width: 10_000, height: 1 });
    expect(mediaUrl(ID)).toBe(`/api/media/questions/${ID}`);
    expect(mediaUrl(ID, "thumb")).toBe(`/api/media/questions/${ID}?size=thumb`);
  });

  it("removes one picture and keeps the others and the text", () => {
    const a = mediaToken({ id: ID, width: 1, height: 2 });
    const b = mediaToken({ id: OTHER, width: 3, height: 4 });
    expect(removeMedia(`前${a}中${b}后${a}`, ID)).toBe(`前中${b}后`);
  });
});

describe("normaliseImage", () => {
  it("fits a large photo within the long side, turns it upright and strips its EXIF", async () => {
    // 2000 × 1000 stored, EXIF orientation 6 (rotate 90°): shown as 1000 × 2000.
    const input = await picture(2000, 1000, "jpeg", true);
    expect((await sharp(input).metadata()).exif).toBeDefined();
    const r = await normaliseImage(input);
    if (!r.ok) throw new Error(r.code);
    expect(r.value).toMatchObject({ ext: "jpg", width: 640, height: MEDIA_MAX_SIDE });
    const meta = await sharp(r.value.full).metadata();
    expect({ w: meta.width, h: meta.height, exif: meta.exif, orientation: meta.orientation ?? 1 }).toEqual({
      w: 640,
      h: 1280,
      exif: undefined,
      orientation: 1,
    });
    const thumb = await sharp(r.value.thumb).metadata();
    expect(Math.max(thumb.width!, thumb.height!)).toBe(320);
  });

  it("keeps a small clean picture byte for byte, so normalising twice changes nothing", async () => {
    const once = await normaliseImage(await picture(1600, 900, "png"));
    if (!once.ok) throw new Error(once.code);
    expect([once.value.width, once.value.height]).toEqual([1280, 720]);
    const twice = await normaliseImage(once.value.full);
    if (!twice.ok) throw new Error(twice.code);
    expect(twice.value.full.equals(once.value.full)).toBe(true);
  });

  it("takes WebP and never enlarges a small picture", async () => {
    const r = await normaliseImage(await picture(200, 100, "webp"));
    expect(r.ok && [r.value.ext, r.value.width, r.value.height]).toEqual(["webp", 200, 100]);
  });

  it("refuses by content, not by name: text, SVG, GIF, a truncated JPEG, an oversize file", async () => {
    expect(await normaliseImage(Buffer.from("hello"))).toMatchObject({ ok: false, code: "quiz.media.notImage" });
    expect(await normaliseImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toMatchObject({ ok: false, code: "quiz.media.notImage" });
    expect(await normaliseImage(Buffer.from("GIF89a......"))).toMatchObject({ ok: false, code: "quiz.media.notImage" });
    const jpeg = await picture(300, 300, "jpeg");
    expect(await normaliseImage(jpeg.subarray(0, 200))).toMatchObject({ ok: false, code: "quiz.media.unreadable" });
    const big = Buffer.alloc(MEDIA_MAX_BYTES + 1);
    jpeg.copy(big);
    expect(await normaliseImage(big)).toMatchObject({ ok: false, code: "quiz.media.tooLarge" });
  });

  it("refuses a small file that claims a huge canvas before decoding it", async () => {
    const bomb = await sharp({ create: { width: 7_000, height: 6_000, channels: 3, background: "white" } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(bomb.byteLength).toBeLessThan(MEDIA_MAX_BYTES);
    expect(await normaliseImage(bomb)).toMatchObject({ ok: false, code: "quiz.media.unreadable" });
  });
});
