/**
 * A regrade that moves 案例分析 answers to a new version of the group, on both drivers: the essay
 * parts' grades (attempt_answers.part_grades) follow the new version. A removed part's grade
 * goes; a part kept with the same points keeps its grade; a part whose points changed goes back
 * to the grading queue (manual_score NULL, the attempt waits) instead of a score beyond its new
 * maximum; an added part nobody wrote changes nothing; manual_score is the written essay parts'
 * grades added up, once each has one. A part that changed type blocks the move.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { DbHandle } from "@/db/client";
import { attemptAnswers, attempts } from "@/db/schema";
import type { Principal } from "@/lib/auth/permissions";
import { gradingQueue, regradeCandidates, regradeQuiz, saveManualGrade } from "@/lib/quiz/admin";
import { editQuestion } from "@/lib/quiz/bank";
import type { GroupQuestion } from "@/lib/quiz/types";
import { seedDemo } from "@/scripts/demo";
import { createTestDb, drivers } from "../helpers/db";
import { twoEssayGroup, takeOneQuestion } from "../helpers/essay-group";
import { memberIdOf, memberIn, principalOf, publishedQuiz } from "../helpers/quiz";
import { first } from "../helpers/rows";

const V1 = twoEssayGroup("R1 某注水井油压升高，注水量下降三成。", ["案例重判"]);
const answer = (p3: string, p4: string) => ({
  type: "group",
  parts: {
    p1: { type: "truefalse", value: true },
    p2: { type: "numeric", value: "30" },
    ...(p3 ? { p3: { type: "essay", text: p3 } } : {}),
    ...(p4 ? { p4: { type: "essay", text: p4 } } : {}),
  },
});

/** The group with its parts' points as given (by id), parts left out removed; 8 points in all each time. */
function version(points: Record<string, number>, extra: Pick<GroupQuestion, "parts" | "key"> = { parts: [], key: { parts: [] } }): GroupQuestion {
  const kept = V1.parts.flatMap((p, i) => (points[p.id] === undefined ? [] : [{ part: { ...p, points: points[p.id]! }, key: V1.key.parts[i]! }]));
  return {
    ...V1,
    parts: [...kept.map((k) => k.part), ...extra.parts],
    key: { parts: [...kept.map((k) => k.key), ...extra.key.parts] },
  };
}

describe.each(drivers())("regrade of a 案例分析's essay part grades on %s", (driver) => {
  let h: DbHandle;
  let trainer: Principal;
  let quizId: number;
  let qid: number;

  const take = (memberId: number, response: unknown) => takeOneQuestion(h.db, quizId, memberId, response);
  const row = async (t: { attemptId: number; position: number }) =>
    first(
      await h.db
        .select()
        .from(attemptAnswers)
        .where(and(eq(attemptAnswers.attemptId, t.attemptId), eq(attemptAnswers.position, t.position))),
      "answer",
    );
  const attempt = async (t: { attemptId: number }) =>
    first(await h.db.select({ score: attempts.score, pending: attempts.needsGrading }).from(attempts).where(eq(attempts.id, t.attemptId)), "attempt");
  const edit = async (q: GroupQuestion) => {
    const r = await editQuestion(h.db, trainer, qid, q);
    if (!r.ok) throw new Error(JSON.stringify(r.problems ?? r.code));
  };
  const pendingIds = async () => (await gradingQueue(h.db, trainer, { quiz: quizId, show: "pending" })).rows.map((r) => r.attemptId);

  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { members: 40 });
    trainer = await principalOf(h.db, "900003", [{ role: "trainer", scope: null }]);
    const made = await publishedQuiz(h.db, { unitCode: "HJ", questions: [V1] });
    quizId = made.quizId;
    qid = first(made.questionIds, "question");
  });
  afterAll(async () => h?.close());

  it("drops a removed part's grade, keeps an unchanged part's, reopens a part whose points changed", async () => {
    const worker = await memberIdOf(h.db, "900004");
    const other = await memberIn(h.db, "HJ", [worker]);
    // A: both essay parts graded (3 of 4, 1.5 of 2): 2 + 4.5. B: only part 4 graded, part 3 waits.
    const a = await take(worker, answer("先查地面管线，再洗井。", "关井泄压后作业。"));
    const b = await take(other, answer("先查管线。", "关井。"));
    await saveManualGrade(h.db, trainer, { ...a, part: 3, score: 3, feedback: "缺酸化。" });
    await saveManualGrade(h.db, trainer, { ...a, part: 4, score: 1.5, feedback: "注意泄压。" });
    await saveManualGrade(h.db, trainer, { ...b, part: 4, score: 2, feedback: "" });
    expect(await row(a)).toMatchObject({ manualScore: 4.5, feedback: "(3) 缺酸化。\n(4) 注意泄压。" });
    expect(await attempt(a)).toEqual({ score: 6.5, pending: false });
    expect(await pendingIds()).toEqual([b.attemptId]);

    // v2: part 4 removed (its 2 points go to part 1). A keeps part 3's grade alone: 3 + 1 + 3.
    await edit(version({ p1: 3, p2: 1, p3: 4 }));
    const r2 = await regradeQuiz(h.db, trainer, quizId);
    expect(r2).toMatchObject({ ok: true, value: { moved: 2, regraded: 2, blocked: 0, reopened: 0 } });
    expect(await row(a)).toMatchObject({
      partGrades: { p3: { score: 3, feedback: "缺酸化。" } },
      manualScore: 3,
      feedback: "缺酸化。",
      gradedBy: trainer.userId,
    });
    expect(await attempt(a)).toEqual({ score: 7, pending: false });
    // The answer to the removed part leaves the response (a response naming a part the group lacks is not read: 0 points).
    expect((await row(a)).response).toEqual(answer("先查地面管线，再洗井。", ""));
    // B: part 4's grade is gone with the part; part 3 still waits.
    expect(await row(b)).toMatchObject({ partGrades: null, manualScore: null, feedback: null, gradedBy: null, gradedAt: null });
    expect(await attempt(b)).toEqual({ score: 4, pending: true });

    // v3: part 3 now 2 points (A's 3 would be beyond it): A's part 3 goes back to the queue.
    await edit(version({ p1: 5, p2: 1, p3: 2 }));
    const r3 = await regradeQuiz(h.db, trainer, quizId);
    expect(r3).toMatchObject({ ok: true, value: { moved: 2, regraded: 2, reopened: 1 } });
    expect(await row(a)).toMatchObject({ partGrades: null, manualScore: null, gradedBy: null, gradedAt: null });
    expect(await attempt(a)).toEqual({ score: 6, pending: true });
    expect((await pendingIds()).sort()).toEqual([a.attemptId, b.attemptId].sort());
    // Graded again on the new scale: done.
    expect(await saveManualGrade(h.db, trainer, { ...a, part: 3, score: 3, feedback: "" })).toMatchObject({ ok: false, params: { max: 2 } });
    expect(await saveManualGrade(h.db, trainer, { ...a, part: 3, score: 2, feedback: "" })).toMatchObject({ ok: true, value: { score: 8, pending: false } });
    expect(await row(a)).toMatchObject({ manualScore: 2, partGrades: { p3: { score: 2, feedback: null } } });

    // v4: an essay part added that nobody wrote: A's grade and score stand (5 − 1 for the new part).
    const v4 = version(
      { p1: 4, p2: 1, p3: 2 },
      { parts: [{ id: "p5", type: "essay", stem: "还需要哪些资料？", points: 1 }], key: { parts: [{ reference: "注水曲线。" }] } },
    );
    await edit(v4);
    expect(await regradeQuiz(h.db, trainer, quizId)).toMatchObject({ ok: true, value: { moved: 2, reopened: 0 } });
    expect(await row(a)).toMatchObject({ manualScore: 2, partGrades: { p3: { score: 2, feedback: null } } });
    expect(await attempt(a)).toEqual({ score: 7, pending: false });
    expect(await pendingIds()).toEqual([b.attemptId]);

    // v5: part 1 is no longer a true/false part: the old responses cannot move.
    await edit({
      ...v4,
      parts: v4.parts.map((p) =>
        p.id === "p1"
          ? {
              id: "p1",
              type: "single",
              stem: "应先检查什么？",
              points: 4,
              options: [
                { id: "a", text: "地面管线" },
                { id: "b", text: "井口" },
              ],
            }
          : p,
      ),
      key: { parts: v4.key.parts.map((k, i) => (i === 0 ? { correct: "a" } : k)) },
    } as GroupQuestion);
    expect(await regradeCandidates(h.db, trainer, quizId)).toEqual([expect.objectContaining({ questionId: qid, blocked: "typeChanged" })]);
    expect(await regradeQuiz(h.db, trainer, quizId)).toMatchObject({ ok: true, value: { moved: 0, blocked: 1 } });
    expect(await row(a)).toMatchObject({ manualScore: 2 });
  });
});
