import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { questionMedia, questions, questionVersions } from "@/db/schema";
import type { Principal } from "@/lib/auth/permissions";
import { exportMoodleXml, moodleXmlBody } from "@/lib/quiz";
import { importQuestionFile, questionsForExport, questionsWithMedia } from "@/lib/quiz/admin";
import { derivedName } from "@/lib/quiz/import/moodle-xml";
import { pictureFiles, pictureSource, storeImage } from "@/lib/quiz/media";
import type { Question } from "@/lib/quiz/types";
import { mediaRefs, mediaToken } from "@/lib/quiz/media-refs";
import { createTestDb, drivers } from "../helpers/db";
import { areaTrainer, principalOf } from "../helpers/quiz";

let mediaDir: string;
beforeAll(async () => {
  mediaDir = await mkdtemp(path.join(os.tmpdir(), "jr-qmedia-import-"));
  process.env.MEDIA_DIR = mediaDir;
});
afterAll(async () => {
  await rm(mediaDir, { recursive: true, force: true });
});

async function png(width: number, height: number, r: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r, g: 120, b: 40 } } })
    .png()
    .toBuffer();
}

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/**
 * A Moodle XML file as Moodle 4 writes pictures (an <img> of @@PLUGINFILE@@/name with the file
 * base64 in the same field) and as Moodle 1.x–2.x did (<image> + <image_base64>), with two
 * questions whose pictures cannot be kept: a missing file and a video.
 */
async function moodleFile() {
  const stemPic = await png(300, 200, 10);
  const optionPic = await png(120, 80, 200);
  const feedbackPic = await png(200, 100, 90);
  const oldPic = await png(160, 90, 250);
  const file = (name: string, b: Buffer) => `<file name="${name}" path="/" encoding="base64">${b.toString("base64")}</file>`;
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top/看图/压力表</text></category></question>
  <question type="multichoice">
    <name><text>读表</text></name>
    <questiontext format="html"><text><![CDATA[<p>压力表读数是多少？</p><p><img src="@@PLUGINFILE@@/gauge%20one.png" alt="表" width="300" height="200"></p>]]></text>${file("gauge one.png", stemPic)}</questiontext>
    <generalfeedback format="html"><text><![CDATA[<p>看指针：<img src="@@PLUGINFILE@@/hint.png"></p>]]></text>${file("hint.png", feedbackPic)}</generalfeedback>
    <single>true</single>
    <answer fraction="100" format="html"><text><![CDATA[<p>1.6 MPa <img src="@@PLUGINFILE@@/a.png"></p>]]></text>${file("a.png", optionPic)}</answer>
    <answer fraction="0" format="html"><text>2.5 MPa</text></answer>
  </question>
  <question type="truefalse">
    <name><text>旧图</text></name>
    <questiontext format="html"><text>图中阀门处于关闭状态。</text></questiontext>
    <image>valve.png</image>
    <image_base64>${oldPic.toString("base64")}</image_base64>
    <answer fraction="100"><text>true</text></answer>
    <answer fraction="0"><text>false</text></answer>
  </question>
  <question type="shortanswer">
    <name><text>缺图</text></name>
    <questiontext format="html"><text><![CDATA[<p>图中设备叫什么？<img src="@@PLUGINFILE@@/missing.png"></p>]]></text></questiontext>
    <answer fraction="100"><text>分离器</text></answer>
  </question>
  <question type="essay">
    <name><text>视频</text></name>
    <questiontext format="html"><text><![CDATA[<p>看视频后说明操作要点。<video src="@@PLUGINFILE@@/op.mp4"></video></p>]]></text></questiontext>
  </question>
</quiz>
`;
  return { xml: Buffer.from(xml), stemPic, optionPic, feedbackPic, oldPic };
}

describe.each(drivers())("Moodle XML with pictures on %s", (driver) => {
  let h: DbHandle;
  let trainer: Principal;
  let f0: Awaited<ReturnType<typeof moodleFile>>;

  beforeAll(async () => {
    h = await createTestDb(driver);
    const { seedDemo } = await import("@/scripts/demo");
    await seedDemo(h.db, { members: 10 });
    trainer = await areaTrainer(h.db);
  });
  afterAll(async () => h?.close());

  it("lists the questions whose pictures cannot be kept, writes nothing, then imports the rest with every picture", async () => {
    const f = await moodleFile();
    f0 = f;
    const first = await importQuestionFile(h.db, trainer, f.xml, "pictures.xml");
    expect(first.ok).toBe(false);
    if (first.ok || !("importable" in first)) throw new Error("expected problems");
    expect(first.problems.map((p) => [p.code, p.line])).toEqual([
      ["quiz.import.moodle.images", 22],
      ["quiz.import.moodle.images", 27],
    ]);
    expect(first.importable).toBe(2);
    expect(await h.db.select().from(questionMedia)).toEqual([]);

    const r = await importQuestionFile(h.db, trainer, f.xml, "pictures.xml", { importRest: true });
    if (!r.ok) throw new Error(JSON.stringify(r));
    expect(r.value.created).toBe(2);
    const versions = await h.db
      .select({ v: questionVersions })
      .from(questions)
      .innerJoin(questionVersions, eq(questionVersions.id, questions.currentVersionId))
      .where(inArray(questions.id, r.value.questionIds));
    const choice = versions.find((x) => x.v.type === "single")!.v;
    const tf = versions.find((x) => x.v.type === "truefalse")!.v;

    expect(choice.stem).toMatch(/^压力表读数是多少？\n\[\[img:[a-z0-9]{16}:300x200\]\]$/);
    expect(JSON.stringify(choice.body)).toMatch(/1\.6 MPa\\n\[\[img:[a-z0-9]{16}:120x80\]\]/);
    expect(choice.explanation).toMatch(/^看指针：\n\[\[img:[a-z0-9]{16}:200x100\]\]$/);
    expect(tf.stem).toMatch(/^图中阀门处于关闭状态。\n\[\[img:[a-z0-9]{16}:160x90\]\]$/);

    // Each picture is stored once, byte for byte (already small and clean), with its name.
    const rows = await h.db.select().from(questionMedia);
    expect(rows.map((m) => m.filename).sort()).toEqual(["a.png", "gauge_one.png", "hint.png", "valve.png"]);
    for (const [text, pic] of [
      [choice.stem, f.stemPic],
      [choice.explanation, f.feedbackPic],
      [tf.stem, f.oldPic],
    ] as const) {
      const [ref] = mediaRefs(text);
      const row = rows.find((m) => m.id === ref!.id)!;
      expect(row.sha256).toBe(sha(pic));
      expect(sha(await readFile(path.join(mediaDir, row.storageKey)))).toBe(sha(pic));
    }

    // The same file again: the same pictures, no new rows.
    const again = await importQuestionFile(h.db, trainer, f.xml, "pictures.xml", { importRest: true });
    expect(again.ok).toBe(true);
    expect((await h.db.select().from(questionMedia)).length).toBe(4);
  });

  it("exported to Moodle XML with its pictures and imported again: the same questions and pictures (by sha-256), no new picture row", async () => {
    const inCategory = async () => (await questionsForExport(h.db, trainer)).filter((q) => q.category.join("/") === "看图/压力表");
    const before = await inCategory();
    expect(before.map((q) => q.type)).toEqual(["single", "truefalse", "single", "truefalse"]);
    const worker = await principalOf(h.db, "900004", [{ role: "worker", scope: null }]);
    expect(await pictureFiles(h.db, worker, before)).toMatchObject({ ok: false, kind: "forbidden" });
    const files = await pictureFiles(h.db, trainer, before);
    if (!files.ok) throw new Error(files.code);
    expect([...files.value.values()].map((f) => f.name).sort()).toEqual(["a.png", "gauge_one.png", "hint.png", "valve.png"]);
    const xml = exportMoodleXml(before, files.value);
    expect(xml).not.toContain("[[img:");
    // The bank page says before a GIFT download which questions have files GIFT cannot carry: these among them.
    const all = await questionsForExport(h.db, trainer);
    const shown = all.filter((q) => mediaRefs(JSON.stringify(q)).length > 0);
    const notice = await questionsWithMedia(h.db, trainer, undefined, 100);
    expect(notice.count).toBe(shown.length);
    expect(notice.names).toEqual(expect.arrayContaining(before.map((q) => q.title ?? derivedName(q.stem))));
    expect(await questionsWithMedia(h.db, worker)).toEqual({ count: 0, names: [] });
    // The download streams question by question, reading each picture as its question is written: the same bytes.
    expect(await pictureSource(h.db, worker, before)).toMatchObject({ ok: false, kind: "forbidden" });
    const source = await pictureSource(h.db, trainer, before);
    if (!source.ok) throw new Error(source.code);
    expect(await new Response(moodleXmlBody(before, source.value)).text()).toBe(xml);
    expect(xml.match(/<file name="[^"]+" path="\/" encoding="base64">/g)?.length).toBe(8); // stem, option, explanation; the old image in the stem: twice
    const rowsBefore = await h.db.select().from(questionMedia);

    const r = await importQuestionFile(h.db, trainer, Buffer.from(xml), "export.xml");
    if (!r.ok) throw new Error(JSON.stringify(r));
    expect(r.value.created).toBe(4);
    expect(await h.db.select().from(questionMedia)).toEqual(rowsBefore);
    const after = (await inCategory()).slice(4);
    expect(after.map(canonical)).toEqual(before.map(canonical));
    // The same pictures: every token names a row whose content is the original's.
    const shaOf = new Map(rowsBefore.map((m) => [m.id, m.sha256]));
    const refs = (qs: unknown) => mediaRefs(JSON.stringify(qs)).map((x) => shaOf.get(x.id));
    expect(refs(after)).toEqual(refs(before));
    expect(refs(after).sort()).toEqual([sha(f0.stemPic), sha(f0.optionPic), sha(f0.feedbackPic), sha(f0.oldPic)].sort());
  });
});

describe.each(drivers())("picture tokens written as text on %s", (driver) => {
  let h: DbHandle;
  let trainer: Principal;
  beforeAll(async () => {
    h = await createTestDb(driver);
    const { seedDemo } = await import("@/scripts/demo");
    await seedDemo(h.db, { members: 10 });
    trainer = await areaTrainer(h.db);
  });
  afterAll(async () => h?.close());

  it("a token naming a picture this bank does not have is listed by question, never imported without its picture", async () => {
    const stored = await storeImage(h.db, trainer.userId, await png(40, 30, 7), "c.png");
    if (!stored.ok) throw new Error(stored.code);
    // A matching choice with a picture goes out as its token (Moodle has no file there).
    const q = (name: string, choice: string) => `<question type="matching"><name><text>${name}</text></name>
      <questiontext format="plain_text"><text>连线</text></questiontext>
      <subquestion format="plain_text"><text>甲</text><answer><text>${choice}</text></answer></subquestion>
      <subquestion format="plain_text"><text>乙</text><answer><text>二</text></answer></subquestion></question>`;
    const xml = `<?xml version="1.0"?><quiz>${q("本库的图", `一 ${mediaToken(stored.value)}`)}${q("别处的图", "一 [[img:abcdefghijklmnop:10x10]]")}</quiz>`;
    const first = await importQuestionFile(h.db, trainer, Buffer.from(xml), "tokens.xml");
    if (first.ok || !("importable" in first)) throw new Error("expected problems");
    expect(first.problems).toEqual([{ code: "quiz.import.pictureNotInBank", params: { question: "别处的图" } }]);
    expect(first.importable).toBe(1);
    const rest = await importQuestionFile(h.db, trainer, Buffer.from(xml), "tokens.xml", { importRest: true });
    if (!rest.ok) throw new Error(JSON.stringify(rest));
    expect([rest.value.created, rest.value.skipped.map((p) => p.code)]).toEqual([1, ["quiz.import.pictureNotInBank"]]);
  });
});

/** A question with its option ids replaced by their order of appearance (import makes new random ones). */
function canonical(q: Question): unknown {
  let json = JSON.stringify(q);
  const ids = [...new Set([...json.matchAll(/"id":"([^"]+)"/g)].map((m) => m[1]!))];
  ids.forEach((id, i) => {
    json = json.split(`"${id}"`).join(`"#${i}"`);
  });
  return JSON.parse(json);
}
