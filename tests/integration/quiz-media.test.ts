import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import type { Principal } from "@/lib/auth/permissions";
import { getAttemptReview, getAttemptView, startAttempt, submitAttempt, type AttemptView } from "@/lib/quiz/attempts";
import { questionPictureFor as questionMediaFor } from "@/lib/practice/media";
import { uploadQuestionImage, type StoredMedia } from "@/lib/quiz/media";
import { mediaRefs, mediaToken } from "@/lib/quiz/media-refs";
import { LocalStorage } from "@/lib/storage";
import { createTestDb, drivers } from "../helpers/db";
import { mediaWorld, publishedQuiz, sampleOf } from "../helpers/quiz";

async function photo(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 20 } } })
    .withMetadata({ exif: { IFD0: { Make: "PhoneCo" } } })
    .jpeg()
    .toBuffer();
}

/**
 * Pictures in questions against a real database and a real storage folder: a trainer uploads
 * (normalised, stored once per content), and the route's check lets a worker fetch a picture
 * only for a question put before them — never one of a quiz they have no attempt at, never one
 * only in an explanation while their attempt is open or the quiz's review policy hides explanations.
 */
describe.each(drivers())("question pictures on %s", (driver) => {
  let h: DbHandle;
  let dir: string;
  let storage: LocalStorage;
  let trainer: Principal;
  let worker: Principal; // 采油九队, in the quiz's audience
  let outsider: Principal; // 采油八队, no attempt
  let inStem: StoredMedia;
  let inExplanation: StoredMedia;
  let attemptId: number;

  beforeAll(async () => {
    h = await createTestDb(driver);
    dir = await mkdtemp(path.join(os.tmpdir(), "jr-qmedia-"));
    storage = new LocalStorage(dir);
    ({ trainer, worker, outsider } = await mediaWorld(h.db));
  });
  afterAll(async () => {
    await h?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("a trainer uploads a phone photo: fitted to 1280 px, EXIF gone, the same photo twice is one picture", async () => {
    const r = await uploadQuestionImage(h.db, trainer, await photo(3000, 2000), "IMG_0001.JPG", storage);
    if (!r.ok) throw new Error(r.code);
    inStem = r.value;
    expect(inStem).toMatchObject({ width: 1280, height: 853, mime: "image/jpeg", filename: "IMG_0001.jpg" });
    const again = await uploadQuestionImage(h.db, trainer, await photo(3000, 2000), "copy.jpg", storage);
    expect(again.ok && again.value.id).toBe(inStem.id);
    const obj = await questionMediaFor(h.db, trainer, inStem.id, "full");
    if (!obj.ok) throw new Error(obj.code);
    const stored = await sharp(storage.localPath(obj.value.key)).metadata();
    expect([stored.width, stored.height, stored.exif]).toEqual([1280, 853, undefined]);
    const thumb = await questionMediaFor(h.db, trainer, inStem.id, "thumb");
    expect(thumb.ok && (await sharp(storage.localPath(thumb.value.key)).metadata()).width).toBe(320);
    const other = await uploadQuestionImage(h.db, trainer, await photo(400, 300), "gauge.png", storage);
    if (!other.ok) throw new Error(other.code);
    inExplanation = other.value;
  });

  it("refuses an upload by a worker and a file that is no picture", async () => {
    expect(await uploadQuestionImage(h.db, worker, await photo(100, 100), "x.jpg", storage)).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await uploadQuestionImage(h.db, trainer, Buffer.from("<html>"), "x.jpg", storage)).toMatchObject({ ok: false, code: "quiz.media.notImage" });
  });

  it("a worker sees a picture of a question in their attempt; one with no attempt is refused", async () => {
    const single = sampleOf("single");
    const withPicture = {
      ...single,
      stem: `${single.stem}\n${mediaToken(inStem)}`,
      options: single.options.map((o, i) => (i === 0 ? { ...o, text: `${o.text}${mediaToken(inStem)}` } : o)),
      explanation: `见图：${mediaToken(inExplanation)}`,
    };
    const { quizId } = await publishedQuiz(h.db, { unitCode: "T09", by: trainer, questions: [withPicture] });
    expect(await questionMediaFor(h.db, worker, inStem.id, "full")).toMatchObject({ ok: false, kind: "notFound" });

    const s = await startAttempt(h.db, { quizId, memberId: worker.memberId });
    if (!s.ok) throw new Error(s.code);
    attemptId = s.value.attemptId;
    const view = (await getAttemptView(h.db, attemptId, worker.memberId)) as { ok: true; value: AttemptView };
    expect(mediaRefs(view.value.questions[0]!.question.stem)).toEqual([{ kind: "image", id: inStem.id, width: 1280, height: 853 }]);

    expect(await questionMediaFor(h.db, worker, inStem.id, "full")).toMatchObject({ ok: true });
    expect(await questionMediaFor(h.db, worker, inStem.id, "thumb")).toMatchObject({ ok: true });
    // Only in the explanation: not while the attempt is open.
    expect(await questionMediaFor(h.db, worker, inExplanation.id, "full")).toMatchObject({ ok: false, kind: "notFound" });
    // A worker of another team, no attempt at the quiz.
    expect(await questionMediaFor(h.db, outsider, inStem.id, "full")).toMatchObject({ ok: false, kind: "notFound" });
    // Not an id at all.
    expect(await questionMediaFor(h.db, trainer, "../../etc/passwd", "full")).toMatchObject({ ok: false, kind: "notFound" });
  });

  it("after submitting, the explanation's picture follows the review policy: hidden while it hides explanations, shown once it shows them", async () => {
    const r = await submitAttempt(h.db, { attemptId, memberId: worker.memberId, answers: [] });
    if (!r.ok) throw new Error(r.code);
    // The quiz's review after submitting hides explanations (score only): so does the picture route.
    const review = await getAttemptReview(h.db, attemptId, worker.memberId);
    expect(review.ok && review.value.items[0]!.explanation).toBe(undefined);
    expect(await questionMediaFor(h.db, worker, inExplanation.id, "full")).toMatchObject({ ok: false, kind: "notFound" });
    expect(await questionMediaFor(h.db, worker, inExplanation.id, "thumb")).toMatchObject({ ok: false, kind: "notFound" });
    // Past the closing time the review after closing applies, and it shows explanations.
    const later = new Date(Date.now() + 8 * 24 * 3600_000);
    const closed = await getAttemptReview(h.db, attemptId, worker.memberId, later);
    expect(closed.ok && closed.value.items[0]!.explanation).toContain(mediaToken(inExplanation));
    expect(await questionMediaFor(h.db, worker, inExplanation.id, "full", later)).toMatchObject({ ok: true });
    expect(await questionMediaFor(h.db, outsider, inExplanation.id, "full", later)).toMatchObject({ ok: false, kind: "notFound" });
  });

  it("a quiz whose review after submitting shows explanations serves the explanation's picture once submitted", async () => {
    const made = await uploadQuestionImage(h.db, trainer, await photo(200, 150), "valve.png", storage);
    if (!made.ok) throw new Error(made.code);
    const pic = made.value;
    const tf = sampleOf("truefalse");
    const { quizId } = await publishedQuiz(h.db, {
      unitCode: "T09",
      by: trainer,
      questions: [{ ...tf, explanation: `阀门：${mediaToken(pic)}` }],
      settings: { reviewAfterSubmit: { score: true, correctness: true, answer: false, explanation: true } },
    });
    const s = await startAttempt(h.db, { quizId, memberId: worker.memberId });
    if (!s.ok) throw new Error(s.code);
    expect(await questionMediaFor(h.db, worker, pic.id, "full")).toMatchObject({ ok: false, kind: "notFound" });
    const r = await submitAttempt(h.db, { attemptId: s.value.attemptId, memberId: worker.memberId, answers: [] });
    if (!r.ok) throw new Error(r.code);
    const review = await getAttemptReview(h.db, s.value.attemptId, worker.memberId);
    expect(review.ok && review.value.items[0]!.explanation).toContain(mediaToken(pic));
    expect(await questionMediaFor(h.db, worker, pic.id, "full")).toMatchObject({ ok: true });
    expect(await questionMediaFor(h.db, outsider, pic.id, "full")).toMatchObject({ ok: false, kind: "notFound" });
  });
});
