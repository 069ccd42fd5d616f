import { access, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { eq, inArray } from "drizzle-orm";
import JSZip from "jszip";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { questionMedia, questions, questionVersions } from "@/db/schema";
import type { Principal } from "@/lib/auth/permissions";
import { exportXlsx } from "@/lib/quiz";
import { importQuestionFile, previewQuestionFile } from "@/lib/quiz/admin";
import { pictureObject } from "@/lib/quiz/media";
import { mediaRefs } from "@/lib/quiz/media-refs";
import { shortClips } from "../helpers/clips";
import { createTestDb, drivers } from "../helpers/db";
import { areaTrainer } from "../helpers/quiz";

let mediaDir: string;
beforeAll(async () => {
  mediaDir = await mkdtemp(path.join(os.tmpdir(), "jr-xlsx-pictures-"));
  process.env.MEDIA_DIR = mediaDir;
});
afterAll(async () => {
  await rm(mediaDir, { recursive: true, force: true });
});

const HEADER = ["题型", "题干", "选项A", "选项B", "答案", "解析", "图片", "解析图片"];

/** A sheet as a trainer fills the template: one row per question, pictures named by file. */
async function sheet(rows: (string | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("题库");
  ws.addRow(HEADER);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function zip(files: Record<string, Uint8Array | string>, opts: { compression?: "STORE" | "DEFLATE" } = {}): Promise<Buffer> {
  const z = new JSZip();
  for (const [name, data] of Object.entries(files)) z.file(name, data);
  return z.generateAsync({ type: "nodebuffer", compression: opts.compression ?? "DEFLATE" });
}

let pngBytes: Buffer;
let jpegBytes: Buffer;
beforeAll(async () => {
  pngBytes = await sharp({ create: { width: 300, height: 200, channels: 3, background: { r: 10, g: 120, b: 40 } } })
    .png()
    .toBuffer();
  // Larger than the stored size: the pipeline fits it within 1280 px.
  jpegBytes = await sharp({ create: { width: 2000, height: 1000, channels: 3, background: { r: 200, g: 30, b: 90 } } })
    .jpeg()
    .toBuffer();
});

const rowsGood = () => [
  ["单选", "压力表读数是多少？", "1.6 MPa", "2.5 MPa", "A", "看指针。", "gauge.png；阀门.JPG", "gauge.png"],
  ["判断", "图中阀门处于关闭状态。", null, null, "对", null, "照片/阀门.jpg", null],
  ["判断", "没有图片的题。", null, null, "错", null, null, null],
];

async function filesIn(dir: string): Promise<number> {
  try {
    return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((d) => d.isFile()).length;
  } catch {
    return 0;
  }
}

describe.each(drivers())("xlsx template with a pictures zip on %s", (driver) => {
  let h: DbHandle;
  let trainer: Principal;

  beforeAll(async () => {
    h = await createTestDb(driver);
    const { seedDemo } = await import("@/scripts/demo");
    await seedDemo(h.db, { members: 10 });
    trainer = await areaTrainer(h.db);
  });
  afterAll(async () => h?.close());

  /** The current version of each imported question. */
  const currentVersions = async (ids: number[]) =>
    (
      await h.db
        .select({ v: questionVersions })
        .from(questions)
        .innerJoin(questionVersions, eq(questionVersions.id, questions.currentVersionId))
        .where(inArray(questions.id, ids))
    ).map((x) => x.v);

  const counts = async () => ({
    questions: (await h.db.select({ id: questions.id }).from(questions)).length,
    media: (await h.db.select({ id: questionMedia.id }).from(questionMedia)).length,
    files: await filesIn(path.join(mediaDir, "questions")),
  });

  it("the template download has the 图片 and 解析图片 columns, explained on its 说明 sheet", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportXlsx([])) as unknown as ArrayBuffer);
    const header = (wb.getWorksheet("题库")!.getRow(1).values as unknown[]).filter(Boolean);
    expect(header).toEqual(expect.arrayContaining(["图片", "解析图片"]));
    const help = wb.getWorksheet("说明")!;
    const said = new Map<string, string>();
    help.eachRow((r) => said.set(String(r.getCell(1).value), String(r.getCell(2).value)));
    expect(said.get("图片")).toContain(".zip");
    expect(said.get("解析图片")).toBeTruthy();
  });

  it("previews each row's pictures writing nothing, then imports them through the media pipeline (resized, thumbnail, storage)", async () => {
    const before = await counts();
    const xlsx = await sheet(rowsGood());
    // The pictures in a folder, as a trainer zips the folder of photos; a stray readme is passed over.
    const pics = await zip({ "照片/gauge.png": pngBytes, "照片/阀门.jpg": jpegBytes, "照片/说明.txt": "不是图片", "__MACOSX/照片/._gauge.png": "x" });

    const p = await previewQuestionFile(h.db, trainer, xlsx, "题库.xlsx", pics);
    if (!p.ok) throw new Error(JSON.stringify(p));
    expect(p.value.problems).toEqual([]);
    expect(p.value.importable).toBe(3);
    expect(p.value.rows.map((r) => [r.row, r.found.map((f) => f.name)])).toEqual([
      // Each file once (gauge.png is named for the explanation too).
      [2, ["gauge.png", "阀门.jpg"]],
      [3, ["阀门.jpg"]],
    ]);
    expect(p.value.rows[0]!.found[0]!.thumb).toMatch(/^data:image\/png;base64,/);
    expect(p.value.rows[1]!.found[0]!.thumb).toMatch(/^data:image\/jpeg;base64,/);
    expect(await counts()).toEqual(before);

    const r = await importQuestionFile(h.db, trainer, xlsx, "题库.xlsx", { pictures: pics });
    if (!r.ok) throw new Error(JSON.stringify(r));
    expect(r.value.created).toBe(3);
    const versions = await currentVersions(r.value.questionIds);
    const choice = versions.find((v) => v.type === "single")!;
    const tf = versions.find((v) => v.stem.startsWith("图中阀门"))!;
    expect(choice.stem).toMatch(/^压力表读数是多少？\n\[\[img:[a-z0-9]{16}:300x200\]\]\n\[\[img:[a-z0-9]{16}:1280x640\]\]$/);
    expect(choice.explanation).toMatch(/^看指针。\n\[\[img:[a-z0-9]{16}:300x200\]\]$/);
    expect(tf.stem).toMatch(/^图中阀门处于关闭状态。\n\[\[img:[a-z0-9]{16}:1280x640\]\]$/);
    expect(versions.find((v) => v.stem === "没有图片的题。")).toBeTruthy();

    // Two pictures stored, each once (the same file named in three places), with a thumbnail in storage.
    const [gauge, valve] = mediaRefs(choice.stem);
    expect(mediaRefs(choice.explanation)[0]!.id).toBe(gauge!.id);
    expect(mediaRefs(tf.stem)[0]!.id).toBe(valve!.id);
    const rows = await h.db
      .select()
      .from(questionMedia)
      .where(inArray(questionMedia.id, [gauge!.id, valve!.id]));
    expect(rows.map((m) => [m.filename, m.mime, m.width, m.height]).sort()).toEqual([
      ["gauge.png", "image/png", 300, 200],
      ["阀门.jpg", "image/jpeg", 1280, 640],
    ]);
    for (const m of rows) {
      const thumb = await pictureObject(h.db, m.id, "thumb");
      expect(thumb?.key).toBe(m.thumbKey);
      await access(path.join(mediaDir, m.thumbKey));
      await access(path.join(mediaDir, m.storageKey));
      const meta = await sharp(path.join(mediaDir, m.thumbKey)).metadata();
      expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(320);
    }
  });

  it("refuses each bad sheet or zip with the row and name, writing nothing", async () => {
    const before = await counts();
    const xlsx = await sheet(rowsGood());
    const good = { "gauge.png": pngBytes, "阀门.jpg": jpegBytes };
    const codes = async (file: Buffer, pics: Buffer | undefined, name = "题库.xlsx") => {
      const r = await importQuestionFile(h.db, trainer, file, name, { pictures: pics, importRest: true });
      expect(r.ok).toBe(false);
      if (r.ok || !("format" in r)) throw new Error("expected problems");
      return r.problems.map((p) => ({ row: p.row, column: p.column, code: p.code, params: p.params }));
    };

    // A named file missing from the zip, and a named file that is no picture: the row and the name.
    const bad = await sheet([
      ["判断", "缺图。", null, null, "对", null, "nope.png", null],
      ["判断", "不是图。", null, null, "对", null, null, "说明.txt"],
    ]);
    expect(await codes(bad, await zip({ ...good, "说明.txt": "文字" }))).toEqual([
      { row: 2, column: "图片", code: "quiz.import.zip.missing", params: { name: "nope.png" } },
      { row: 3, column: "解析图片", code: "quiz.import.zip.notImage", params: { name: "说明.txt" } },
    ]);
    // Pictures named, no zip uploaded.
    expect((await codes(bad, undefined)).map((p) => [p.row, p.code])).toEqual([
      [2, "quiz.import.zip.none"],
      [3, "quiz.import.zip.none"],
    ]);
    // A zip with a sheet that is not the template.
    expect((await codes(Buffer.from("::Q1:: 1+1? {=2 ~3}"), await zip(good), "q.gift")).map((p) => p.code)).toEqual(["quiz.import.zip.onlyTemplate"]);
    // Not a zip at all.
    expect((await codes(xlsx, Buffer.from("plain text, not a zip"))).map((p) => p.code)).toEqual(["quiz.import.zip.notZip"]);
    // Too large an upload.
    expect((await codes(xlsx, Buffer.alloc(21 * 1024 * 1024))).map((p) => p.code)).toEqual(["quiz.import.zip.tooLarge"]);
    // Too many entries.
    const many: Record<string, string> = {};
    for (let i = 0; i < 2_001; i++) many[`f${i}.txt`] = "";
    expect((await codes(xlsx, await zip({ ...good, ...many }))).map((p) => p.code)).toEqual(["quiz.import.zip.tooManyEntries"]);
    // An entry that declares more than a picture may be (11 MB of zeros, a few KB zipped).
    const zeros = new Uint8Array(11 * 1024 * 1024);
    expect(await codes(xlsx, await zip({ ...good, "huge.png": zeros }))).toEqual([
      { row: undefined, column: undefined, code: "quiz.import.zip.entryTooLarge", params: { name: "huge.png", max: "10.0 MB" } },
    ]);
    // The same entry, its headers lying about its size: stopped while it inflates.
    const lying = await zip({ "gauge.png": pngBytes, "huge.png": zeros });
    const view = new DataView(lying.buffer, lying.byteOffset, lying.byteLength);
    for (let i = 0; i < lying.byteLength - 4; i++) {
      const sig = view.getUint32(i, true);
      if (sig === 0x04034b50 && lying.subarray(i + 30, i + 38).toString() === "huge.png") view.setUint32(i + 22, 100, true);
      if (sig === 0x02014b50 && lying.subarray(i + 46, i + 54).toString() === "huge.png") view.setUint32(i + 24, 100, true);
    }
    expect((await codes(xlsx, lying)).map((p) => [p.code, p.params?.name])).toEqual([["quiz.import.zip.entryTooLarge", "huge.png"]]);
    // Path traversal, and the same name twice (folders and case aside).
    expect((await codes(xlsx, await zip({ ...good, "../../etc/evil.png": pngBytes }))).map((p) => [p.code, p.params?.name])).toEqual([
      ["quiz.import.zip.unsafeName", "../../etc/evil.png"],
    ]);
    expect((await codes(xlsx, await zip({ ...good, "其他/GAUGE.png": pngBytes }))).map((p) => p.code)).toEqual(["quiz.import.zip.duplicateName"]);

    // A file that starts like a PNG but does not decode: refused by the pipeline before any picture of the file is stored.
    const fresh = await sharp({ create: { width: 50, height: 40, channels: 3, background: { r: 1, g: 2, b: 3 } } })
      .png()
      .toBuffer();
    const broken = Buffer.concat([pngBytes.subarray(0, 16), Buffer.alloc(200, 7)]);
    const two = await sheet([
      ["判断", "新图。", null, null, "对", null, "fresh.png", null],
      ["判断", "坏图。", null, null, "对", null, "broken.png", null],
    ]);
    expect((await codes(two, await zip({ "fresh.png": fresh, "broken.png": broken }))).map((p) => [p.code, p.params?.name])).toEqual([
      ["quiz.import.pictureUnreadable", "broken.png"],
    ]);

    expect(await counts()).toEqual(before);
  });

  it("takes short audio and video clips from the zip as players, checked like an upload", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "jr-xlsx-clips-"));
    try {
      const { mp3, mp4 } = await shortClips(dir);
      const xlsx = await sheet([["判断", "听泵声：盘根漏失。", null, null, "对", null, "泵声.mp3；操作.mp4", null]]);
      // A clip may be larger than a picture (20 MB, not 10): an 11 MB .mp4 is not refused for its size.
      const roomy = await zip({ "泵声.mp3": mp3, "操作.mp4": mp4, "备用.mp4": new Uint8Array(11 * 1024 * 1024) });
      const p = await previewQuestionFile(h.db, trainer, xlsx, "题库.xlsx", roomy);
      if (!p.ok) throw new Error(JSON.stringify(p));
      expect(p.value.problems).toEqual([]);
      expect(p.value.rows[0]!.found.map((f) => [f.name, f.thumb])).toEqual([
        ["泵声.mp3", null],
        ["操作.mp4", null],
      ]);
      const r = await importQuestionFile(h.db, trainer, xlsx, "题库.xlsx", { pictures: roomy });
      if (!r.ok) throw new Error(JSON.stringify(r));
      const [v] = await currentVersions(r.value.questionIds);
      expect(v!.stem).toMatch(/^听泵声：盘根漏失。\n\[\[audio:[a-z0-9]{16}\]\]\n\[\[video:[a-z0-9]{16}\]\]$/);
      const stored = await h.db
        .select()
        .from(questionMedia)
        .where(
          inArray(
            questionMedia.id,
            mediaRefs(v!.stem).map((m) => m.id),
          ),
        );
      expect(stored.map((m) => [m.filename, m.mime, m.bytes]).sort()).toEqual([
        ["操作.mp4", "video/mp4", mp4.byteLength],
        ["泵声.mp3", "audio/mpeg", mp3.byteLength],
      ]);

      // A file named like a clip that is none is named, and a clip's name does not lift a picture's limit.
      const before = await counts();
      const bad = await sheet([["判断", "坏音频。", null, null, "对", null, "坏.mp3", null]]);
      const refused = await importQuestionFile(h.db, trainer, bad, "题库.xlsx", { pictures: await zip({ "坏.mp3": "not a clip at all" }), importRest: true });
      expect(refused.ok).toBe(false);
      if (refused.ok || !("format" in refused)) throw new Error("expected problems");
      expect(refused.problems.map((x) => [x.code, x.params?.name])).toEqual([["quiz.import.zip.notImage", "坏.mp3"]]);
      const big = await importQuestionFile(h.db, trainer, bad, "题库.xlsx", {
        pictures: await zip({ "坏.mp3": mp3, "大.png": new Uint8Array(11 * 1024 * 1024) }),
      });
      if (big.ok || !("format" in big)) throw new Error("expected problems");
      expect(big.problems.map((x) => [x.code, x.params?.name])).toEqual([["quiz.import.zip.entryTooLarge", "大.png"]]);
      expect(await counts()).toEqual(before);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
