import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { orgUnits, questionMedia } from "@/db/schema";
import { makeTranslator } from "@/lib/i18n";
import type { Principal } from "@/lib/auth/permissions";
import { questionPictureFor } from "@/lib/practice/media";
import { exportMoodleXml } from "@/lib/quiz";
import { importQuestionFile, questionsForExport } from "@/lib/quiz/admin";
import { getAttemptView, startAttempt } from "@/lib/quiz/attempts";
import { createPaperExam, paperExamToManage } from "@/lib/quiz/paper";
import { paperPdf } from "@/lib/quiz/paper-pdf";
import { uploadQuestionMedia } from "@/lib/quiz/clips";
import { pictureFiles, type StoredMedia } from "@/lib/quiz/media";
import { mediaRefs, mediaToken } from "@/lib/quiz/media-refs";
import { LocalStorage } from "@/lib/storage";
import { serveFile } from "@/lib/video/serve";
import { shortClips } from "../helpers/clips";
import { createTestDb, drivers } from "../helpers/db";
import { mediaWorld, publishedQuiz, sampleOf } from "../helpers/quiz";

let dir: string;
let mp3: Buffer;
let mp4: Buffer;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "jr-qclips-"));
  process.env.MEDIA_DIR = dir;
  ({ mp3, mp4 } = await shortClips(dir));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/**
 * Audio and video clips in questions against a real database and storage folder: a trainer
 * uploads (one row per content, its mime the kind), the media route's check serves a clip only
 * to a worker with the question before them, with byte ranges and its type; Moodle XML carries
 * clips out and back as the same rows.
 */
describe.each(drivers())("question clips on %s", (driver) => {
  let h: DbHandle;
  let storage: LocalStorage;
  let trainer: Principal;
  let worker: Principal;
  let outsider: Principal;
  let audio: StoredMedia;
  let video: StoredMedia;

  beforeAll(async () => {
    h = await createTestDb(driver);
    storage = new LocalStorage(dir);
    ({ trainer, worker, outsider } = await mediaWorld(h.db));
  });
  afterAll(async () => h?.close());

  it("a trainer uploads an mp3 and an mp4: stored as they came, kind by content; the same clip twice is one row; a worker may not upload", async () => {
    const a = await uploadQuestionMedia(h.db, trainer, mp3, "泵声 录音.MP3", storage);
    const v = await uploadQuestionMedia(h.db, trainer, mp4, "操作.mp4", storage);
    if (!a.ok || !v.ok) throw new Error("upload failed");
    expect(a.value).toMatchObject({ kind: "audio", mime: "audio/mpeg", filename: "泵声_录音.mp3" });
    expect(v.value).toMatchObject({ kind: "video", mime: "video/mp4", filename: "操作.mp4" });
    expect(mediaToken(a.value)).toBe(`[[audio:${a.value.id}]]`);
    audio = a.value;
    video = v.value;
    const again = await uploadQuestionMedia(h.db, trainer, mp3, "copy.mp3", storage);
    expect(again.ok && again.value.id).toBe(audio.id);
    const [row] = await h.db.select().from(questionMedia).where(eq(questionMedia.id, audio.id));
    expect((await readFile(storage.localPath(row!.storageKey)!)).equals(mp3)).toBe(true);
    expect(await uploadQuestionMedia(h.db, worker, mp3, "x.mp3", storage)).toMatchObject({ ok: false, kind: "forbidden" });
    // A renamed program is no clip, whatever its name.
    expect(await uploadQuestionMedia(h.db, trainer, Buffer.from("MZ\x90\0\x03\0\0\0"), "clip.mp3", storage)).toMatchObject({
      ok: false,
      code: "quiz.media.notMedia",
    });
  });

  it("a worker gets a clip of a question in their attempt (byte ranges, its type); one with no attempt is refused as for pictures", async () => {
    const single = sampleOf("single");
    const q = { ...single, stem: `${single.stem}\n${mediaToken({ ...audio, kind: "audio" })}\n${mediaToken({ ...video, kind: "video" })}` };
    const { quizId } = await publishedQuiz(h.db, { unitCode: "T09", by: trainer, questions: [q] });
    expect(await questionPictureFor(h.db, worker, audio.id, "full")).toMatchObject({ ok: false, kind: "notFound" });
    const s = await startAttempt(h.db, { quizId, memberId: worker.memberId });
    if (!s.ok) throw new Error(s.code);
    const view = await getAttemptView(h.db, s.value.attemptId, worker.memberId);
    expect(view.ok && mediaRefs(view.value.questions[0]!.question.stem).map((r) => r.kind)).toEqual(["audio", "video"]);
    const obj = await questionPictureFor(h.db, worker, video.id, "full");
    if (!obj.ok) throw new Error(obj.code);
    expect(obj.value.mime).toBe("video/mp4");
    expect(await questionPictureFor(h.db, outsider, video.id, "full")).toMatchObject({ ok: false, kind: "notFound" });
    expect(await questionPictureFor(h.db, outsider, audio.id, "full")).toMatchObject({ ok: false, kind: "notFound" });

    // What the route sends for it (sendObject → serveFile on local storage).
    const file = storage.localPath(obj.value.key)!;
    const ranged = await serveFile(new Request("http://x/", { headers: { Range: "bytes=100-199" } }), file, { mime: obj.value.mime });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get("Content-Type")).toBe("video/mp4");
    expect(ranged.headers.get("Content-Range")).toBe(`bytes 100-199/${mp4.length}`);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(mp4.subarray(100, 200))).toBe(true);
    const whole = await serveFile(new Request("http://x/"), file, { mime: obj.value.mime });
    expect([whole.status, whole.headers.get("Accept-Ranges")]).toEqual([200, "bytes"]);
  });

  it("the paper PDF prints a mark with the clip's name where the clip is", async () => {
    const single = sampleOf("single");
    const q = { ...single, stem: `听录音作答：\n${mediaToken({ ...audio, kind: "audio" })}\n${mediaToken({ ...video, kind: "video" })}` };
    const { quizId } = await publishedQuiz(h.db, { unitCode: "T09", by: trainer, questions: [q] });
    const [station] = await h.db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.code, "T09-W2"));
    const made = await createPaperExam(h.db, trainer, { quizId, orgUnitId: station!.id });
    if (!made.ok) throw new Error(made.code);
    const paper = await paperExamToManage(h.db, trainer, made.value.id, quizId);
    if (!paper.ok) throw new Error(paper.code);
    const { extractText, getDocumentProxy } = await import("unpdf");
    const pdf = await paperPdf(h.db, makeTranslator("zh-CN"), paper.value, "papers", []);
    const text = (await extractText(await getDocumentProxy(pdf), { mergePages: true })).text;
    expect(text).toContain("[音频] 泵声_录音.mp3");
    expect(text).toContain("[视频] 操作.mp4");
  });

  it("Moodle XML: clips exported as <audio>/<video> with their files and imported again are the same rows and tokens", async () => {
    const single = sampleOf("single");
    const made = await importQuestionFile(
      h.db,
      trainer,
      Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/听音辨故障</text></category></question>
  <question type="multichoice">
    <name><text>听泵声</text></name>
    <questiontext format="html"><text><![CDATA[<p>${single.stem}</p><p><a href="@@PLUGINFILE@@/pump.mp3">pump.mp3</a></p><video controls><source src="@@PLUGINFILE@@/op%20clip.mp4">op clip</video>]]></text>
      <file name="pump.mp3" path="/" encoding="base64">${mp3.toString("base64")}</file>
      <file name="op clip.mp4" path="/" encoding="base64">${mp4.toString("base64")}</file>
    </questiontext>
    <single>true</single>
    <answer fraction="100" format="plain_text"><text>甲</text></answer>
    <answer fraction="0" format="plain_text"><text>乙</text></answer>
  </question>
</quiz>`),
      "clips.xml",
    );
    if (!made.ok) throw new Error(JSON.stringify(made));
    const inCategory = async () => (await questionsForExport(h.db, trainer)).filter((q) => q.category.join("/") === "听音辨故障");
    const before = await inCategory();
    expect(before).toHaveLength(1);
    // The same bytes as the uploads: the same rows.
    expect(mediaRefs(before[0]!.stem)).toEqual([
      { kind: "audio", id: audio.id, width: 0, height: 0 },
      { kind: "video", id: video.id, width: 0, height: 0 },
    ]);
    const files = await pictureFiles(h.db, trainer, before);
    if (!files.ok) throw new Error(files.code);
    const xml = exportMoodleXml(before, files.value);
    expect(xml).toContain(`<audio controls src="@@PLUGINFILE@@/${encodeURIComponent("泵声_录音.mp3")}"></audio>`);
    const rows = await h.db.select().from(questionMedia);
    const again = await importQuestionFile(h.db, trainer, Buffer.from(xml), "export.xml");
    if (!again.ok) throw new Error(JSON.stringify(again));
    expect(await h.db.select().from(questionMedia)).toEqual(rows);
    const after = (await inCategory()).slice(1);
    expect(after.map((q) => q.stem)).toEqual(before.map((q) => q.stem));
  });
});
