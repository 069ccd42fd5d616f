import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { getAttemptView, startAttempt } from "@/lib/quiz/attempts";
import { attemptFacts, forgetAttemptFacts } from "@/lib/quiz/attempts/facts";
import { seedDemo } from "@/scripts/demo";
import { createTestDb, drivers } from "../helpers/db";
import { memberIdOf, publishedQuiz } from "../helpers/quiz";

// A start asked for its view builds it from what it has just drawn and written, reading nothing
// back, and keeps the new attempt's facts for its first save: both must be exactly what reading
// the attempt back gives, or a worker would see one paper and be graded on another.
describe.each(drivers())("the view a start gives on %s", (driver) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { members: 40 });
  });
  afterAll(async () => h?.close());

  it.each([
    ["shuffled, watermarked, graced", { shuffleQuestions: true, shuffleOptions: true, watermark: true, overduePolicy: "autosubmit" as const, graceS: 45 }],
    [
      "in order, no watermark, no grace for saves",
      { shuffleQuestions: false, shuffleOptions: false, watermark: false, overduePolicy: "grace" as const, layout: "all_on_one" as const },
    ],
  ])("is what reading the attempt back gives: %s", async (_what, settings) => {
    const worker = await memberIdOf(h.db, "900004");
    const { quizId } = await publishedQuiz(h.db, { settings });
    const now = new Date();
    const started = await startAttempt(h.db, { quizId, memberId: worker, view: true, now });
    if (!started.ok) throw new Error(started.code);
    expect(started.value.resumed).toBe(false);
    const inMemory = started.value.view!;
    const readBack = await getAttemptView(h.db, started.value.attemptId, worker, now);
    if (!readBack.ok) throw new Error(readBack.code);
    expect(inMemory).toEqual(readBack.value);
    expect(inMemory.questions.length).toBeGreaterThan(5);
    if (settings.watermark) expect(inMemory.watermark).toMatch(/900004$/);

    const kept = await attemptFacts(h.db, started.value.attemptId);
    forgetAttemptFacts(h.db, started.value.attemptId);
    const read = await attemptFacts(h.db, started.value.attemptId);
    expect(kept).toEqual(read);
    expect(kept).not.toBe(read);

    // Asked again: the open attempt is resumed, its view read back.
    const again = await startAttempt(h.db, { quizId, memberId: worker, view: true, now });
    if (!again.ok) throw new Error(again.code);
    expect(again.value).toMatchObject({ attemptId: started.value.attemptId, resumed: true });
    expect(again.value.view).toEqual(readBack.value);
    // Without asking, no view.
    const plain = await startAttempt(h.db, { quizId, memberId: worker, now });
    expect(plain.ok && plain.value.view).toBeUndefined();
  });
});
