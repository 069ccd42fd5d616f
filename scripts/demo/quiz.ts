import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { members, orgUnits, quizzes, users } from "@/db/schema";
import type { Principal } from "@/lib/auth/permissions";
import { saveAudience } from "@/lib/quiz/admin/audience";
import { createQuestion, ensureCategoryPath } from "@/lib/quiz/bank";
import { openForPractice } from "@/lib/practice/openings";
import { createQuiz, publishQuiz, setSlots } from "@/lib/quiz/quizzes";
import type { Question } from "@/lib/quiz/types";
import * as clock from "@/lib/core/clock";
import { quarterAt } from "@/lib/core/time";

const base = { difficulty: 3 as const, points: 5, tags: [] as string[] };

/** The demo bank's top categories and the specialty each carries. */
const DEMO_BANK_SPECIALTIES: [string, string][] = [
  ["采油", "oil_production"],
  ["集输", "gathering"],
  ["锅炉", "boiler"],
  ["安全", "safety"],
];

/** A small bank in the trainers' own words, so the demo has a quiz to take. */
export const DEMO_QUESTIONS: Question[] = [
  {
    ...base,
    category: ["采油", "抽油机"],
    type: "single",
    stem: "抽油机启机前，首先应检查的是（　）。",
    options: [
      { id: "a", text: "刹车是否灵活可靠" },
      { id: "b", text: "井口压力表读数" },
      { id: "c", text: "电机铭牌" },
      { id: "d", text: "皮带颜色" },
    ],
    key: { correct: "a" },
    explanation: "启机前必须确认刹车灵活可靠，防止曲柄意外转动伤人。",
  },
  {
    ...base,
    category: ["采油", "抽油机"],
    type: "multiple",
    scoring: "partial",
    stem: "抽油机日常“十字作业”包括哪些内容？",
    options: [
      { id: "a", text: "清洁" },
      { id: "b", text: "润滑" },
      { id: "c", text: "调整" },
      { id: "d", text: "紧固" },
      { id: "e", text: "刷漆" },
    ],
    key: { correct: ["a", "b", "c", "d"] },
    explanation: "十字作业：清洁、润滑、调整、紧固、防腐。",
  },
  {
    ...base,
    category: ["采油", "抽油机"],
    type: "truefalse",
    stem: "抽油机运行中可以进入曲柄旋转范围内检查。",
    key: { correct: false },
    explanation: "运行中严禁进入曲柄旋转范围。",
  },
  {
    ...base,
    category: ["采油", "油井管理"],
    type: "fill",
    stem: "油井综合含水率是指产出液中（　）所占的百分比。",
    key: { blanks: [["水", "含水", "水量"]] },
    explanation: "含水率 = 产水量 / 产液量 × 100%。",
  },
  {
    ...base,
    category: ["采油", "油井管理"],
    type: "numeric",
    unit: "MPa",
    stem: "某井油压 1.2 MPa，套压比油压高 0.35 MPa，该井套压为多少？",
    key: { value: 1.55, tolerance: { kind: "absolute", value: 0.01 } },
    explanation: "1.2 + 0.35 = 1.55 MPa。",
  },
  {
    ...base,
    category: ["集输", "中转站"],
    type: "single",
    stem: "中转站分离器液位过高时，首先应（　）。",
    options: [
      { id: "a", text: "关闭来液阀" },
      { id: "b", text: "检查并开大出液阀，确认外输泵运行" },
      { id: "c", text: "停运加热炉" },
      { id: "d", text: "打开放空阀" },
    ],
    key: { correct: "b" },
    explanation: "先确认出液通道畅通、外输泵正常。",
  },
  {
    ...base,
    category: ["集输", "中转站"],
    type: "truefalse",
    stem: "伴生气回收利用可以减少燃油消耗。",
    key: { correct: true },
    explanation: "伴生气可替代部分燃油用于加热。",
  },
  {
    ...base,
    category: ["集输", "中转站"],
    type: "multiple",
    scoring: "all_or_nothing",
    stem: "气动调节阀常见故障有哪些？",
    options: [
      { id: "a", text: "气源压力不足" },
      { id: "b", text: "膜片破损" },
      { id: "c", text: "阀杆卡涩" },
      { id: "d", text: "铭牌脱落" },
    ],
    key: { correct: ["a", "b", "c"] },
    explanation: "铭牌脱落不影响调节功能。",
  },
  {
    ...base,
    category: ["锅炉"],
    type: "single",
    stem: "锅炉水位计应每班至少冲洗（　）次。",
    options: [
      { id: "a", text: "1" },
      { id: "b", text: "3" },
      { id: "c", text: "5" },
    ],
    key: { correct: "a" },
    explanation: "按锅炉操作规程，水位计每班冲洗一次。",
  },
  {
    ...base,
    category: ["锅炉"],
    type: "fill",
    stem: "锅炉“三大安全附件”是安全阀、压力表和（　）。",
    key: { blanks: [["水位计", "水位表"]] },
    explanation: "安全阀、压力表、水位计。",
  },
  {
    ...base,
    category: ["安全"],
    type: "truefalse",
    stem: "进入有限空间作业前必须先检测氧含量和有毒有害气体浓度。",
    key: { correct: true },
    explanation: "先通风、再检测、后作业。",
  },
  {
    ...base,
    category: ["安全"],
    type: "essay",
    points: 10,
    stem: "简述在站内发现原油泄漏时的应急处置步骤。",
    key: { reference: "报告、切断来源、警戒、防火、回收、记录。" },
    explanation: "按站内应急预案：报告—切断—警戒—处置—恢复。",
  },
];

/** Questions for 练习 only (in no quiz): the demo opens their category to the whole area. */
export const DEMO_PRACTICE_QUESTIONS: Question[] = [
  {
    ...base,
    category: ["安全", "日常检查"],
    type: "single",
    stem: "巡检中发现法兰轻微渗漏，正确的做法是（　）。",
    options: [
      { id: "a", text: "继续巡检，下次再处理" },
      { id: "b", text: "立即报告并按规程处置、做好记录" },
      { id: "c", text: "用布包住即可" },
      { id: "d", text: "自行拆卸法兰检查" },
    ],
    key: { correct: "b" },
    explanation: "发现渗漏先报告，按规程处置并记录，跟踪整改。",
  },
  {
    ...base,
    category: ["安全", "日常检查"],
    type: "truefalse",
    stem: "正压式空气呼吸器使用前应检查气瓶压力。",
    key: { correct: true },
    explanation: "气瓶压力不足不得使用。",
  },
  {
    ...base,
    category: ["安全", "日常检查"],
    type: "fill",
    stem: "动火作业前必须办理（　）。",
    key: { blanks: [["动火作业许可证", "动火证", "动火许可证"]] },
    explanation: "动火作业实行许可管理。",
  },
];

/** Loads the demo bank and an open quarterly quiz for the whole area, once. */
export async function seedDemoQuiz(db: Db, now = clock.now()): Promise<void> {
  const [any] = await db.select({ id: quizzes.id }).from(quizzes).limit(1);
  if (any) return;
  // The demo's trainer for the whole area makes them (lib/quiz checks who acts).
  const [trainer] = await db
    .select({ userId: users.id, memberId: members.id })
    .from(users)
    .innerJoin(members, eq(members.id, users.memberId))
    .where(eq(members.employeeNo, "900003"));
  if (!trainer) throw new Error("demo seed: no trainer 900003");
  const actor: Principal = { userId: trainer.userId, memberId: trainer.memberId, roles: [{ role: "trainer", scopePath: null }] };
  // 题库分类: the top of each tree is a specialty (专业), which practice can be opened by.
  for (const [name, code] of DEMO_BANK_SPECIALTIES) await ensureCategoryPath(db, [name], code);
  const ids: number[] = [];
  for (const q of DEMO_QUESTIONS) {
    const r = await createQuestion(db, actor, q);
    if (r.ok) ids.push(r.value.questionId);
  }
  const quarter = quarterAt(now, clock.timeZone());
  const made = await createQuiz(db, actor, {
    title: `${quarter.slice(0, 4)}年第${quarter.slice(-1)}季度 岗位练兵小会考`,
    quarter,
    theme: "一季一赛 · 精细管理",
    description: "",
    opensAt: new Date(now.getTime() - 24 * 3600_000),
    closesAt: new Date(now.getTime() + 60 * 24 * 3600_000),
    timeLimitS: 30 * 60,
    attemptsAllowed: 2,
    gradingMethod: "highest",
    passPercent: 60,
    shuffleQuestions: true,
    shuffleOptions: true,
    layout: "one_per_page",
    overduePolicy: "autosubmit",
    graceS: 60,
    reviewAfterSubmit: { score: true, correctness: true, answer: false, explanation: false },
    reviewAfterClose: { score: true, correctness: true, answer: true, explanation: true },
  });
  if (!made.ok) throw new Error(made.code);
  const id = made.value.id;
  await setSlots(
    db,
    actor,
    id,
    ids.map((questionId) => ({ kind: "fixed" as const, questionId, points: null })),
  );
  const [area] = await db.select().from(orgUnits).where(eq(orgUnits.code, "HJ"));
  if (!area) throw new Error("demo seed: no unit HJ");
  await saveAudience(db, actor, id, { orgUnitIds: [area.id], jobIds: [] });
  await publishQuiz(db, actor, id, now);

  // 练习 is not empty on first start: one category of practice-only questions, open to the whole area.
  for (const q of DEMO_PRACTICE_QUESTIONS) await createQuestion(db, actor, q);
  const categoryId = await ensureCategoryPath(db, ["安全", "日常检查"]);
  const opened = await openForPractice(db, actor, { categoryId, orgUnitIds: [area.id], jobIds: [], includeQuizQuestions: false });
  if (!opened.ok) throw new Error(opened.code);
}
