import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Db, DbHandle } from "@/db/client";
import { attemptAnswers, attempts, jobs, members, orgUnits, questionCategories } from "@/db/schema";
import { seedDemo } from "@/scripts/demo";
import type { Principal } from "@/lib/auth/permissions";
import { saveAudience } from "@/lib/quiz/admin";
import { getAttemptView, gradeAttempt, recomputeResult, saveAnswers, startAttempt, startPreview, submitAttempt } from "@/lib/quiz/attempts";
import { createQuestion, editQuestion } from "@/lib/quiz/bank";
import { getQuizStats, listNotTaken, type QuizStats } from "@/lib/quiz/stats";
import { pearson } from "@/lib/quiz/stats-math";
import type { Question } from "@/lib/quiz/types";
import { createTestDb, drivers } from "../helpers/db";
import { areaTrainer, memberIdOf, publishedQuiz } from "../helpers/quiz";
import { first, lookup } from "../helpers/rows";

const meta = { difficulty: 3 as const, points: 1, category: ["统计", "试题分析"], tags: [], explanation: "" };
const abc = [
  { id: "a", text: "甲" },
  { id: "b", text: "乙" },
  { id: "c", text: "丙" },
];

/** Seven one-point questions, told apart by the first two characters of the stem. */
const QUESTIONS = [
  { ...meta, type: "single", stem: "Q0 基础题：启机前检查什么？", options: abc, key: { correct: "a" } },
  { ...meta, type: "single", stem: "Q1 答案有误的题", options: abc, key: { correct: "a" } },
  { ...meta, type: "truefalse", stem: "Q2 只有低分者答对的题", key: { correct: true } },
  { ...meta, type: "single", stem: "Q3 会被修订的题", options: abc, key: { correct: "a" } },
  { ...meta, type: "single", stem: "Q4 普通题", options: abc, key: { correct: "a" } },
  { ...meta, type: "single", stem: "Q5 难题", options: abc, key: { correct: "a" } },
  {
    ...meta,
    type: "multiple",
    stem: "Q6 多选题",
    scoring: "partial",
    options: [
      { id: "a", text: "安全帽" },
      { id: "b", text: "手套" },
      { id: "c", text: "拖鞋" },
      { id: "d", text: "墨镜" },
    ],
    key: { correct: ["a", "b"] },
  },
] as Question[];

type Profile = "high" | "mid" | "low";
/** What each kind of worker answers, by question: high scores 5 of 7, mid 3.5, low 1 (only Q2). */
const ANSWERS: Record<Profile, unknown[]> = {
  high: [
    { type: "single", optionId: "a" },
    { type: "single", optionId: "b" },
    { type: "truefalse", value: false },
    { type: "single", optionId: "a" },
    { type: "single", optionId: "a" },
    { type: "single", optionId: "a" },
    { type: "multiple", optionIds: ["a", "b"] },
  ],
  mid: [
    { type: "single", optionId: "a" },
    { type: "single", optionId: "c" },
    { type: "truefalse", value: false },
    { type: "single", optionId: "a" },
    { type: "single", optionId: "a" },
    { type: "single", optionId: "b" },
    { type: "multiple", optionIds: ["a"] },
  ],
  low: [
    { type: "single", optionId: "b" },
    { type: "single", optionId: "b" },
    { type: "truefalse", value: true },
    { type: "single", optionId: "b" },
    { type: "single", optionId: "b" },
    { type: "single", optionId: "b" },
    { type: "multiple", optionIds: ["c"] },
  ],
};
const TOTAL: Record<Profile, number> = { high: 5, mid: 3.5, low: 1 };

/** Starts an attempt, answers by profile (questions found by stem, whatever the shuffle), submits unless told not to. */
async function take(db: Db, quizId: number, memberId: number, profile: Profile, opts: { submit?: boolean; preview?: boolean } = {}) {
  const s = opts.preview
    ? await startPreview(db, { userId: 0, memberId, roles: [{ role: "trainer", scopePath: null }] }, quizId)
    : await startAttempt(db, { quizId, memberId });
  if (!s.ok) throw new Error(s.code);
  const view = await getAttemptView(db, s.value.attemptId, memberId);
  if (!view.ok) throw new Error(view.code);
  const answers = view.value.questions.map(({ position, question }, i) => ({
    position,
    response: ANSWERS[profile][Number(question.stem.slice(1, 2))],
    seq: i + 1,
  }));
  const saved = await saveAnswers(db, { attemptId: s.value.attemptId, memberId, answers });
  if (!saved.ok) throw new Error(saved.code);
  if (opts.submit === false) return s.value.attemptId;
  const r = await submitAttempt(db, { attemptId: s.value.attemptId, memberId });
  if (!r.ok) throw new Error(r.code);
  expect(r.value.score).toBe(TOTAL[profile]);
  return s.value.attemptId;
}

const trainerOver = (path: string | null): Principal => ({ userId: 0, memberId: 0, roles: [{ role: "trainer", scopePath: path }] });

describe.each(drivers())("quiz statistics on %s", (driver) => {
  let h: DbHandle;
  let quizId: number;
  let stats: QuizStats;
  /** Member ids by employee number, and units by code: from the seed, in beforeAll. */
  let ids: (employeeNo: string) => number;
  let unit: (code: string) => { id: number; path: string };

  beforeAll(async () => {
    h = await createTestDb(driver);
    const db = h.db;
    await seedDemo(db, { members: 40 });
    unit = lookup(
      (await db.select().from(orgUnits)).map((u) => [u.code, { id: u.id, path: u.path }] as const),
      "unit",
    );
    const memberIds: [string, number][] = [];
    for (const no of [
      "900002",
      "900003",
      "900004",
      "100004",
      "100019",
      "100034",
      "100005",
      "100020",
      "100035",
      "100006",
      "100021",
      "100036",
      "100015",
      "100030",
    ])
      memberIds.push([no, await memberIdOf(db, no)]);
    ids = lookup(memberIds, "member");

    const made = await publishedQuiz(db, {
      questions: QUESTIONS,
      settings: { attemptsAllowed: 2, gradingMethod: "highest", passPercent: 60, shuffleQuestions: true, shuffleOptions: true },
    });
    quizId = made.quizId;
    // The audience: 采油九队's subtree, and every 维修电工 (who all work in 综合队电工班).
    const elec = first(await db.select().from(jobs).where(eq(jobs.code, "J-ELEC")), "job J-ELEC");
    expect((await saveAudience(db, await areaTrainer(db), quizId, { orgUnitIds: [unit("T09").id], jobIds: [elec.id] })).ok).toBe(true);
    // Someone who has left is no longer in the audience.
    await db
      .update(members)
      .set({ status: "left" })
      .where(eq(members.id, ids("100036")));

    // First attempts: three high, two mid, three low scorers across four stations.
    await take(db, quizId, ids("900004"), "high"); // 韦2中转站
    await take(db, quizId, ids("100004"), "high"); // 韦2中转站
    await take(db, quizId, ids("100019"), "low"); // 韦2中转站
    await take(db, quizId, ids("100005"), "mid"); // 韦9中转站
    // The bank fixes a question's wording: later attempts get version 2, the earlier keep 1.
    await editQuestion(db, await areaTrainer(db), made.questionIds[3]!, { ...QUESTIONS[3], stem: "Q3 会被修订的题（修订版）" } as Question);
    await take(db, quizId, ids("100020"), "low"); // 韦9中转站, who tries again below
    await take(db, quizId, ids("900003"), "high"); // 韦2锅炉房
    await take(db, quizId, ids("100006"), "mid"); // 韦2锅炉房
    await take(db, quizId, ids("100015"), "low"); // 综合队电工班, in the audience through the job
    // A second attempt raises the result of record (highest) but not the item analysis (first attempts).
    await take(db, quizId, ids("100020"), "high");
    // Neither an open attempt nor a trainer's preview counts.
    await take(db, quizId, ids("100034"), "high", { submit: false });
    // (900002 has no attempt of their own: see the report on preview attempt numbers in start.ts.)
    await take(db, quizId, ids("900002"), "low", { preview: true });

    stats = (await getQuizStats(db, trainerOver(null), quizId))!;
  });
  afterAll(async () => h?.close());

  const station = (s: QuizStats, code: string) => s.stations.find((r) => r.unitId === unit(code).id);
  const item = (s: QuizStats, prefix: string) => s.items.find((i) => i.stem.startsWith(prefix))!;

  it("counts participation per station and team, over the audience of units and jobs, without those who left", () => {
    expect(stats.quiz).toMatchObject({ id: quizId, title: "2026年第4季度采油小会考", passPercent: 60, status: "published" });
    const part = (code: string) => {
      const r = station(stats, code);
      return r && { audience: r.audience, taken: r.taken, participation: r.participation };
    };
    expect(part("T09-W2")).toEqual({ audience: 4, taken: 3, participation: 75 });
    expect(part("T09-W9")).toEqual({ audience: 3, taken: 2, participation: 66.67 });
    expect(part("T09-W2B")).toEqual({ audience: 3, taken: 2, participation: 66.67 });
    expect(part("T09")).toEqual({ audience: 1, taken: 0, participation: 0 }); // the team's own staff (队长)
    expect(part("TZH-DG")).toEqual({ audience: 2, taken: 1, participation: 50 });
    expect(stats.stations.map((s) => s.unitId).sort()).toEqual(["T09", "T09-W2", "T09-W9", "T09-W2B", "TZH-DG"].map((c) => unit(c).id).sort());
    expect(stats.stations.find((s) => s.unitId === unit("T09-W2").id)?.teamId).toBe(unit("T09").id);
    expect(stats.teams.map((t) => [t.unitId, t.kind, t.audience, t.taken])).toEqual([
      [unit("T09").id, "team", 11, 7],
      [unit("TZH").id, "team", 2, 1],
    ]);
    expect(stats.overall).toMatchObject({ audience: 13, taken: 8, participation: 61.54, pendingGrading: 0 });
  });

  it("lists who in the audience has not taken it, a page at a time, with an open attempt marked", async () => {
    const all = await listNotTaken(h.db, trainerOver(null), quizId, { pageSize: 50 });
    expect(all.total).toBe(5);
    expect(all.rows.map((r) => r.employeeNo).sort()).toEqual(["100021", "100030", "100034", "100035", "900002"]);
    expect(all.rows.find((r) => r.employeeNo === "100034")).toMatchObject({ inProgress: true, unitName: "韦2中转站", teamName: "采油九队" });
    expect(all.rows.find((r) => r.employeeNo === "100030")).toMatchObject({ inProgress: false, unitName: "电工班", teamName: "综合队" });
    const p1 = await listNotTaken(h.db, trainerOver(null), quizId, { pageSize: 2, page: 1 });
    const p3 = await listNotTaken(h.db, trainerOver(null), quizId, { pageSize: 2, page: 3 });
    expect([p1.pages, p1.rows.length, p3.page, p3.rows.length]).toEqual([3, 2, 3, 1]);
    const later = await listNotTaken(h.db, trainerOver(null), quizId, { pageSize: 2, page: 99 });
    expect(later.page).toBe(3);
    const seen = [...p1.rows, ...(await listNotTaken(h.db, trainerOver(null), quizId, { pageSize: 2, page: 2 })).rows, ...p3.rows].map((r) => r.employeeNo);
    expect(new Set(seen).size).toBe(5);
    const w9 = await listNotTaken(h.db, trainerOver(null), quizId, { unitId: unit("T09-W9").id });
    expect(w9.rows.map((r) => r.employeeNo)).toEqual(["100035"]);
  });

  it("spreads the results of record (grading method applied) in bands, with mean, median and pass rate", () => {
    // Four at 5/7 (71.43%, one of them on a second attempt), two at 3.5/7 (50%), two at 1/7 (14.29%).
    expect(stats.overall.scores).toEqual({ n: 8, mean: 51.79, median: 60.72, passed: 4, passRate: 50, bands: [0, 2, 0, 0, 0, 2, 0, 4, 0, 0] });
    expect(station(stats, "T09-W2")?.scores).toMatchObject({ n: 3, mean: 52.38, median: 71.43, passRate: 66.67 });
    expect(station(stats, "T09-W9")?.scores).toMatchObject({ n: 2, mean: 60.72, median: 60.72, passRate: 50 });
    expect(station(stats, "T09")?.scores).toMatchObject({ n: 0, mean: null, median: null, passRate: null });
    expect(stats.teams.find((t) => t.unitId === unit("T09").id)?.scores).toMatchObject({ n: 7, passed: 4, bands: [0, 1, 0, 0, 0, 2, 0, 4, 0, 0] });
  });

  it("analyses each question over first attempts: facility, discrimination, option counts", () => {
    expect(stats.analysedAttempts).toBe(8);
    expect(stats.items).toHaveLength(7);
    expect(stats.items.map((i) => i.slot)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // Facility: the mean share of the points, over the same eight first attempts.
    expect(stats.items.map((i) => [i.stem.slice(0, 2), i.responses, i.facility])).toEqual([
      ["Q0", 8, 62.5],
      ["Q1", 8, 0],
      ["Q2", 8, 37.5],
      ["Q3", 8, 62.5],
      ["Q4", 8, 62.5],
      ["Q5", 8, 37.5],
      ["Q6", 8, 50], // partial credit: three full, two halves, three nothing
    ]);
    // Discrimination: the question against the rest of the test, as the pure function has it.
    const order: Profile[] = ["high", "high", "high", "mid", "mid", "low", "low", "low"];
    const q2 = order.map((p) => (p === "low" ? 1 : 0));
    expect(item(stats, "Q2").discrimination).toBeCloseTo(
      pearson(
        q2,
        order.map((p, i) => TOTAL[p] - q2[i]!),
      )! * 100,
      1,
    );
    expect(item(stats, "Q2").discrimination!).toBeLessThan(-90);
    const q0 = order.map((p) => (p === "low" ? 0 : 1));
    expect(item(stats, "Q0").discrimination).toBeCloseTo(
      pearson(
        q0,
        order.map((p, i) => TOTAL[p] - q0[i]!),
      )! * 100,
      1,
    );
    expect(item(stats, "Q1").discrimination).toBeNull(); // no spread: everyone scored 0
    // Both versions of the revised question count as one, shown with its newest wording.
    expect(item(stats, "Q3")).toMatchObject({ versions: [1, 2], stem: "Q3 会被修订的题（修订版）", drawn: false });
    // Options by id, whatever the shuffle showed.
    const counts = (prefix: string) => item(stats, prefix).options.map((o) => [o.id, o.text, o.correct, o.count]);
    expect(counts("Q1")).toEqual([
      ["a", "甲", true, 0],
      ["b", "乙", false, 6],
      ["c", "丙", false, 2],
    ]);
    expect(counts("Q6")).toEqual([
      ["a", "安全帽", true, 5],
      ["b", "手套", true, 3],
      ["c", "拖鞋", false, 3],
      ["d", "墨镜", false, 0],
    ]);
    expect(counts("Q2")).toEqual([
      ["true", "", true, 3],
      ["false", "", false, 5],
    ]);
    expect(item(stats, "Q6").options[0]?.share).toBe(62.5);
  });

  it("flags the question nobody got right and the one only low scorers got right", () => {
    expect(item(stats, "Q1").flags).toEqual(["nobodyRight"]);
    expect(item(stats, "Q2").flags).toEqual(["negativeDiscrimination"]);
    expect(stats.items.filter((i) => i.flags.length > 0).map((i) => i.stem.slice(0, 2))).toEqual(["Q1", "Q2"]);
  });

  it("shows a trainer scoped to one station only that station", async () => {
    const scope = trainerOver(unit("T09-W2").path);
    const s = (await getQuizStats(h.db, scope, quizId))!;
    expect(s.stations.map((r) => r.unitId)).toEqual([unit("T09-W2").id]);
    expect(s.teams.map((r) => [r.unitId, r.audience, r.taken])).toEqual([[unit("T09").id, 4, 3]]);
    expect(s.overall).toMatchObject({ audience: 4, taken: 3, scores: { n: 3, bands: [0, 1, 0, 0, 0, 0, 0, 2, 0, 0] } });
    expect(s.analysedAttempts).toBe(3);
    expect(item(s, "Q2")).toMatchObject({ responses: 3, facility: 33.33, flags: [] }); // too few to flag
    expect((await listNotTaken(h.db, scope, quizId)).rows.map((r) => r.employeeNo)).toEqual(["100034"]);
    // Someone who is no trainer sees no statistics at all.
    expect(await getQuizStats(h.db, { userId: 0, memberId: 0, roles: [{ role: "worker", scopePath: null }] }, quizId)).toBeNull();
    expect((await listNotTaken(h.db, { userId: 0, memberId: 0, roles: [{ role: "manager", scopePath: null }] }, quizId)).rows).toEqual([]);
    expect(await getQuizStats(h.db, trainerOver(null), 999999)).toBeNull();
  });

  it("groups random draws by question, and counts an essay only once graded (or left blank)", async () => {
    const db = h.db;
    const bank = [
      { ...meta, category: ["统计", "随机"], type: "single", stem: "R1 随机题一", options: abc, key: { correct: "a" } },
      { ...meta, category: ["统计", "随机"], type: "single", stem: "R2 随机题二", options: abc, key: { correct: "a" } },
      { ...meta, category: ["统计", "问答"], points: 2, type: "essay", stem: "E1 简述巡检要点", key: { reference: "看、听、摸、闻" } },
    ] as Question[];
    const qids: number[] = [];
    for (const q of bank) {
      const r = await createQuestion(db, await areaTrainer(db), q);
      if (!r.ok) throw new Error(JSON.stringify(r.problems ?? r.code));
      qids.push(r.value.questionId);
    }
    const cat = first(await db.select().from(questionCategories).where(eq(questionCategories.name, "随机")), "category 随机");
    const { quizId: q2 } = await publishedQuiz(db, {
      questions: [],
      settings: { attemptsAllowed: 1, shuffleQuestions: false },
      slots: () => [
        { kind: "random", categoryId: cat.id, difficulty: null, count: 1, points: null },
        { kind: "fixed", questionId: qids[2]!, points: 4 }, // the essay, worth 4 here instead of its own 2
      ],
    });
    // Essay: graded 2 of 2, graded 1 of 2, only spaces, no answer at all, and two still waiting.
    const plan: { no: string; essay: string | null; manual?: number }[] = [
      { no: "900004", essay: "先看压力表。", manual: 2 },
      { no: "100004", essay: "听声音。", manual: 1 },
      { no: "100019", essay: " \u3000 " },
      { no: "100005", essay: null },
      { no: "100020", essay: "摸温度。" },
      { no: "900003", essay: "闻气味。" },
    ];
    for (const [i, p] of plan.entries()) {
      const memberId = ids(p.no);
      const s = await startAttempt(db, { quizId: q2, memberId });
      if (!s.ok) throw new Error(s.code);
      const attemptId = s.value.attemptId;
      const answers = [{ position: 1, response: { type: "single", optionId: i < 3 ? "a" : "b" }, seq: 1 }];
      if (p.essay !== null) answers.push({ position: 2, response: { type: "essay", text: p.essay } as never, seq: 2 });
      expect((await submitAttempt(db, { attemptId, memberId, answers })).ok).toBe(true);
      if (p.manual !== undefined) {
        // What the grading queue will do: the trainer's score, then the attempt and the result graded again.
        await db
          .update(attemptAnswers)
          .set({ manualScore: p.manual })
          .where(and(eq(attemptAnswers.attemptId, attemptId), eq(attemptAnswers.position, 2)));
        await gradeAttempt(db, attemptId);
        await recomputeResult(db, q2, memberId);
      }
    }
    const s = (await getQuizStats(db, trainerOver(null), q2))!;
    expect(s.analysedAttempts).toBe(6);
    const random = s.items.filter((i) => i.stem.startsWith("R"));
    expect(random.length).toBeGreaterThanOrEqual(1);
    expect(random.every((i) => i.drawn && i.slot === 1)).toBe(true);
    expect(random.reduce((n, i) => n + i.responses, 0)).toBe(6);
    // (1 + 0.5 + 0 + 0) / 4: the two essays waiting for a grade are left out.
    expect(item(s, "E1")).toMatchObject({ slot: 2, drawn: false, type: "essay", responses: 4, answered: 3, facility: 37.5, options: [] });
    expect(s.overall.pendingGrading).toBe(2);
    const [graded] = await db
      .select()
      .from(attempts)
      .where(and(eq(attempts.quizId, q2), eq(attempts.memberId, ids("900004"))));
    expect(graded).toMatchObject({ score: 5, maxScore: 5, needsGrading: false });
  });
});
