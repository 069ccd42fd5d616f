import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { rowsOf, type Db, type DbHandle } from "@/db/client";
import { orgUnits, practiceProgress, questionCategories, questions, wrongBook } from "@/db/schema";
import { seedDemo } from "@/scripts/demo";
import type { Principal } from "@/lib/auth/permissions";
import { createQuestion } from "@/lib/quiz/bank";
import type { Question } from "@/lib/quiz/types";
import { openForPractice } from "@/lib/practice/openings";
import { offlinePack, syncOfflineAnswers } from "@/lib/practice/offline";
import { createTestDb, drivers } from "../helpers/db";
import { principalOf, publishedQuiz, sampleOf } from "../helpers/quiz";
import { first } from "../helpers/rows";

const TABLES = ["practice_answers", "practice_progress", "practice_cursors", "wrong_book", "audit_log"];

async function snapshot(db: Db): Promise<string> {
  const out: Record<string, unknown> = {};
  for (const t of TABLES) out[t] = rowsOf(await db.execute(sql.raw(`SELECT * FROM ${t} ORDER BY ${t}::text`)));
  return JSON.stringify(out);
}

const DAY = new Date("2026-11-20T02:00:00Z");
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const tfFalse = { type: "truefalse", value: false };
const tfTrue = { type: "truefalse", value: true };

describe.each(drivers())("offline practice (离线练习) on %s", (driver) => {
  let h: DbHandle;
  let area: Principal;
  let workerA: Principal; // 采油九队: in the audience
  let workerB: Principal; // 采油八队: not
  let open1: number; // truefalse, key false
  let open2: number;
  let fixedInQuiz: number;
  let secret: number;
  let parent: number;
  let secretCategory: number;
  const db = () => h.db;

  async function add(q: Question): Promise<number> {
    const r = await createQuestion(db(), area, q);
    if (!r.ok) throw new Error(r.code);
    return r.value.questionId;
  }

  beforeAll(async () => {
    h = await createTestDb(driver, { max: 10 });
    await seedDemo(db(), { members: 40 });
    area = await principalOf(db(), "900003", [{ role: "trainer", scope: null }]);
    workerA = await principalOf(db(), "900004", [{ role: "worker", scope: null }]);
    workerB = await principalOf(db(), "100001", [{ role: "worker", scope: null }]);
    const tf = sampleOf("truefalse");
    open1 = await add({ ...tf, category: ["离线", "抽油机"], stem: "离线题一" });
    open2 = await add({ ...sampleOf("single"), category: ["离线", "抽油机"], stem: "离线题二" });
    fixedInQuiz = await add({ ...tf, category: ["离线", "抽油机"], stem: "考试固定题" });
    secret = await add({ ...tf, category: ["离线保密"], stem: "保密题" });
    await publishedQuiz(db(), { by: area, questions: [], slots: () => [{ kind: "fixed", questionId: fixedInQuiz, points: null }] });
    parent = first(await db().select().from(questionCategories).where(eq(questionCategories.name, "离线")), "离线").id;
    secretCategory = first(await db().select({ id: questions.categoryId }).from(questions).where(eq(questions.id, secret)), "secret").id;
    const t09 = first(await db().select().from(orgUnits).where(eq(orgUnits.code, "T09")), "T09").id;
    const r = await openForPractice(db(), area, { categoryId: parent, orgUnitIds: [t09], jobIds: [], includeQuizQuestions: false });
    if (!r.ok) throw new Error(r.code);
  });
  afterAll(async () => h?.close());

  it("the pack holds only the questions open to the worker, with their keys; nothing for others", async () => {
    const r = await offlinePack(db(), workerA, parent, DAY);
    if (!r.ok) throw new Error(r.code);
    expect(r.value.questions.map((q) => q.questionId).sort()).toEqual([open1, open2].sort());
    const one = r.value.questions.find((q) => q.questionId === open1)!;
    expect(one.question.key).toEqual({ correct: false });
    expect(one.question.explanation).not.toBe("");
    expect(r.value.needed).toBe(2);
    expect(await offlinePack(db(), workerB, parent, DAY)).toMatchObject({ ok: false, kind: "notFound" });
    expect(await offlinePack(db(), workerA, secretCategory, DAY)).toMatchObject({ ok: false, kind: "notFound" });
    expect(await offlinePack(db(), workerA, 999_999, DAY)).toMatchObject({ ok: false, kind: "notFound" });
  });

  it("refusals write nothing: a question not open, a quiz's fixed question, an impossible answer, a worker outside the audience", async () => {
    const before = await snapshot(db());
    const r = await syncOfflineAnswers(
      db(),
      workerA,
      [
        { clientId: uuid(1), questionId: secret, response: tfFalse },
        { clientId: uuid(2), questionId: fixedInQuiz, response: tfFalse },
        { clientId: uuid(3), questionId: open1, response: { type: "single", optionId: "a" } },
        { clientId: uuid(4), questionId: open1, response: { type: "truefalse", value: "yes" } },
      ],
      DAY,
    );
    expect(r).toEqual({
      ok: true,
      value: [
        { clientId: uuid(1), outcome: "refused", code: "practice.errors.questionNotFound" },
        { clientId: uuid(2), outcome: "refused", code: "practice.errors.questionNotFound" },
        { clientId: uuid(3), outcome: "refused", code: "quiz.response.wrongType" },
        expect.objectContaining({ clientId: uuid(4), outcome: "refused" }),
      ],
    });
    const other = await syncOfflineAnswers(db(), workerB, [{ clientId: uuid(5), questionId: open1, response: tfFalse }], DAY);
    expect(other).toMatchObject({ ok: true, value: [{ outcome: "refused", code: "practice.errors.questionNotFound" }] });
    expect(await snapshot(db())).toBe(before);
  });

  it("answers sync as if answered online, graded by the server; a second send counts nothing twice; two right take it out of the book", async () => {
    const wrong = { clientId: uuid(10), questionId: open1, response: tfTrue };
    expect(await syncOfflineAnswers(db(), workerA, [wrong], DAY)).toEqual({ ok: true, value: [{ clientId: uuid(10), outcome: "kept", right: false }] });
    const book = () => db().select().from(wrongBook).where(sql`${wrongBook.memberId} = ${workerA.memberId} AND ${wrongBook.questionId} = ${open1}`);
    expect(await book()).toHaveLength(1);

    // The phone sends the same answer again (the reply was lost): nothing changes.
    const before = await snapshot(db());
    expect(await syncOfflineAnswers(db(), workerA, [wrong, wrong], DAY)).toEqual({
      ok: true,
      value: [
        { clientId: uuid(10), outcome: "already" },
        { clientId: uuid(10), outcome: "already" },
      ],
    });
    expect(await snapshot(db())).toBe(before);

    const rights = [
      { clientId: uuid(11), questionId: open1, response: tfFalse },
      { clientId: uuid(12), questionId: open1, response: tfFalse },
    ];
    const r = await syncOfflineAnswers(db(), workerA, rights, DAY);
    expect(r).toEqual({
      ok: true,
      value: [
        { clientId: uuid(11), outcome: "kept", right: true },
        { clientId: uuid(12), outcome: "kept", right: true },
      ],
    });
    expect(await book()).toHaveLength(0);
    const [p] = await db()
      .select()
      .from(practiceProgress)
      .where(sql`${practiceProgress.memberId} = ${workerA.memberId} AND ${practiceProgress.questionId} = ${open1}`);
    expect(p).toMatchObject({ answered: 3, right: 2, lastCorrect: true });
    // Sent twice more, still three answers.
    await syncOfflineAnswers(db(), workerA, [wrong, ...rights], DAY);
    const [n] = rowsOf<{ n: number }>(await db().execute(sql`SELECT count(*)::int AS n FROM practice_answers WHERE member_id = ${workerA.memberId}`));
    expect(Number(n?.n)).toBe(3);
  });

  it("an answer is stamped with when it was answered on the phone when plausible; in the future, too old or missing: the sync's time", async () => {
    const at = (ms: number) => new Date(DAY.getTime() - ms);
    const sent = [
      { clientId: uuid(20), questionId: open2, response: { type: "single", optionId: "a" }, at: at(3 * 3600_000).getTime() },
      { clientId: uuid(21), questionId: open2, response: { type: "single", optionId: "a" }, at: DAY.getTime() + 60_000 },
      { clientId: uuid(22), questionId: open2, response: { type: "single", optionId: "a" }, at: at(31 * 24 * 3600_000).getTime() },
      { clientId: uuid(23), questionId: open2, response: { type: "single", optionId: "a" } },
    ];
    const r = await syncOfflineAnswers(db(), workerA, sent, DAY);
    expect(r.ok && r.value.map((o) => o.outcome)).toEqual(["kept", "kept", "kept", "kept"]);
    const rows = rowsOf<{ client_id: string; answered_at: Date | string }>(
      await db().execute(
        sql`SELECT client_id, answered_at FROM practice_answers WHERE member_id = ${workerA.memberId} AND question_id = ${open2} ORDER BY client_id`,
      ),
    );
    expect(rows.map((x) => [x.client_id, new Date(x.answered_at).toISOString()])).toEqual([
      [uuid(20), at(3 * 3600_000).toISOString()],
      [uuid(21), DAY.toISOString()],
      [uuid(22), DAY.toISOString()],
      [uuid(23), DAY.toISOString()],
    ]);
  });
});
