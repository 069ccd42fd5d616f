import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { members, orgUnits, users } from "@/db/schema";
import type { Principal, Role } from "@/lib/auth/permissions";
import { createQuestion } from "@/lib/quiz/bank";
import { saveAudience } from "@/lib/quiz/admin/audience";
import { getAttemptView, saveAnswers, startAttempt } from "@/lib/quiz/attempts";
import { createQuiz, publishQuiz, setSlots, type QuizInput, type SlotInput } from "@/lib/quiz/quizzes";
import type { GroupQuestion, Question } from "@/lib/quiz/types";
import { seedDemo } from "@/scripts/demo";
import { first } from "./rows";

/** A 案例分析 with parts worth 2, 1 and 1: a single choice (key a), a blank (酸化), a true/false (false). */
export function caseGroup(stem: string, category: string[], explanation = ""): GroupQuestion {
  return {
    type: "group",
    stem,
    explanation,
    difficulty: 3,
    points: 4,
    category,
    tags: [],
    parts: [
      {
        id: "p1",
        type: "single",
        stem: "可能的原因",
        points: 2,
        options: [
          { id: "a", text: "地层堵塞" },
          { id: "b", text: "管线漏失" },
        ],
      },
      { id: "p2", type: "fill", stem: "应进行（　）作业", points: 1 },
      { id: "p3", type: "truefalse", stem: "应提高泵压", points: 1 },
    ],
    key: { parts: [{ correct: "a" }, { blanks: [["酸化"]] }, { correct: false }] },
  };
}

/** A matching question (2 items, 3 choices): 驴头 → 带动光杆 (c1), 刹车 → 停机制动 (c2); 计量 (c3) a distractor. */
export function partsMatching(category: string[], explanation = ""): Question {
  return {
    difficulty: 3,
    points: 1,
    category,
    tags: [],
    explanation,
    type: "matching",
    stem: "把部件和作用连起来",
    items: [
      { id: "i1", text: "驴头" },
      { id: "i2", text: "刹车" },
    ],
    choices: [
      { id: "c1", text: "带动光杆" },
      { id: "c2", text: "停机制动" },
      { id: "c3", text: "计量" },
    ],
    key: { pairs: { i1: "c1", i2: "c2" } },
  } as Question;
}

/**
 * The plain form a page posts for a `caseGroup` answer: its parts' ids in order, each part's
 * fields under `p<n>.` (a blank or choice left empty as the browser posts it).
 */
export function caseGroupForm(single: string, blank: string, truefalse: "true" | "false" | ""): FormData {
  const form = new FormData();
  for (const [k, v] of [
    ["type", "group"],
    ["part", "p1"],
    ["part", "p2"],
    ["part", "p3"],
    ["p0.type", "single"],
    ["p0.optionId", single],
    ["p1.type", "fill"],
    ["p1.blanks", blank],
    ["p2.type", "truefalse"],
    ["p2.value", truefalse],
  ])
    form.append(k!, v!);
  return form;
}

export const meta = { difficulty: 3 as const, points: 2, category: ["采油", "抽油机"], tags: [], explanation: "解析：见操作规程第3条。" };

export function sampleQuestions(): Question[] {
  return [
    {
      ...meta,
      type: "single",
      stem: "抽油机启机前首先应检查什么？",
      options: [
        { id: "a", text: "刹车" },
        { id: "b", text: "皮带" },
        { id: "c", text: "电压" },
      ],
      key: { correct: "a" },
    },
    {
      ...meta,
      type: "multiple",
      stem: "下列哪些属于安全防护用品？",
      scoring: "partial",
      options: [
        { id: "a", text: "安全帽" },
        { id: "b", text: "手套" },
        { id: "c", text: "拖鞋" },
        { id: "d", text: "护目镜" },
      ],
      key: { correct: ["a", "b", "d"] },
    },
    { ...meta, type: "truefalse", stem: "可以带电检修电机。", key: { correct: false } },
    { ...meta, type: "fill", stem: "原油含水率用（　）表示。", key: { blanks: [["百分比", "%"]] } },
    {
      ...meta,
      type: "numeric",
      stem: "某井油压 1.2 MPa，套压比油压高 0.3 MPa，套压是多少？",
      unit: "MPa",
      key: { value: 1.5, tolerance: { kind: "absolute", value: 0.05 } },
    },
    { ...meta, type: "essay", stem: "简述气动调节阀的维护要点。", key: { reference: "检查气源、密封、定位器。" } },
  ] as Question[];
}

/** The sample question of a type: there is one of each. */
export function sampleOf<T extends Question["type"]>(type: T): Extract<Question, { type: T }> {
  const q = sampleQuestions().find((x): x is Extract<Question, { type: T }> => x.type === type);
  if (!q) throw new Error(`no sample ${type} question`);
  return q;
}

export function quizSettings(over: Partial<QuizInput> = {}): QuizInput {
  const now = Date.now();
  return {
    title: "2026年第4季度采油小会考",
    quarter: "2026-Q4",
    theme: "一季一赛",
    description: "",
    opensAt: new Date(now - 3600_000),
    closesAt: new Date(now + 7 * 24 * 3600_000),
    timeLimitS: 1800,
    attemptsAllowed: 2,
    gradingMethod: "highest",
    passPercent: 60,
    shuffleQuestions: true,
    shuffleOptions: true,
    layout: "one_per_page",
    overduePolicy: "autosubmit",
    graceS: 30,
    reviewAfterSubmit: { score: true, correctness: false, answer: false, explanation: false },
    reviewAfterClose: { score: true, correctness: true, answer: true, explanation: true },
    ...over,
  };
}

/** The demo's trainer over the whole area (900003), who makes the helpers' questions and quizzes. */
export async function areaTrainer(db: Db): Promise<Principal> {
  return principalOf(db, "900003", [{ role: "trainer", scope: null }]);
}

/** A published quiz over the sample questions for everyone in `unitCode`'s subtree, made by `by` (the area trainer by default). */
export async function publishedQuiz(
  db: Db,
  opts: {
    unitCode?: string;
    settings?: Partial<QuizInput>;
    questions?: Question[];
    slots?: (ids: number[]) => SlotInput[];
    by?: Principal;
    /** When it is published (a test's pinned clock). */
    now?: Date;
  } = {},
) {
  const by = opts.by ?? (await areaTrainer(db));
  const ids: number[] = [];
  for (const q of opts.questions ?? sampleQuestions()) {
    const r = await createQuestion(db, by, q);
    if (!r.ok) throw new Error(JSON.stringify(r.problems ?? r.code));
    ids.push(r.value.questionId);
  }
  const made = await createQuiz(db, by, quizSettings(opts.settings));
  if (!made.ok) throw new Error(made.code);
  const id = made.value.id;
  const slots = await setSlots(db, by, id, opts.slots ? opts.slots(ids) : ids.map((questionId) => ({ kind: "fixed" as const, questionId, points: null })));
  if (!slots.ok) throw new Error(slots.code);
  const unit = first(
    await db
      .select()
      .from(orgUnits)
      .where(eq(orgUnits.code, opts.unitCode ?? "T09")),
    "audience unit",
  );
  const aud = await saveAudience(db, by, id, { orgUnitIds: [unit.id], jobIds: [] });
  if (!aud.ok) throw new Error(aud.code);
  const pub = await publishQuiz(db, by, id, opts.now);
  if (!pub.ok) throw new Error(pub.code);
  return { quizId: id, questionIds: ids };
}

/** A true/false question (right when false) filed in `category`, made by `by`; its id. */
export async function trueFalseIn(db: Db, by: Principal, category: string[], stem: string): Promise<number> {
  const r = await createQuestion(db, by, { ...sampleOf("truefalse"), category, stem } as Question);
  if (!r.ok) throw new Error(r.code);
  return r.value.questionId;
}

export async function memberIdOf(db: Db, employeeNo: string): Promise<number> {
  return first(await db.select({ id: members.id }).from(members).where(eq(members.employeeNo, employeeNo)), `member ${employeeNo}`).id;
}

/**
 * A principal built in the test: the member's account (made when missing, for the audit log's
 * actor) with exactly the roles given, each scoped to a unit code or to the whole organisation.
 */
export async function principalOf(db: Db, employeeNo: string, roles: { role: Role; scope: string | null }[]): Promise<Principal> {
  const memberId = await memberIdOf(db, employeeNo);
  await db.insert(users).values({ memberId, passwordHash: "-" }).onConflictDoNothing();
  const u = first(await db.select({ id: users.id }).from(users).where(eq(users.memberId, memberId)), `account of ${employeeNo}`);
  const grants = [];
  for (const r of roles) {
    if (r.scope === null) grants.push({ role: r.role, scopePath: null });
    else {
      const unit = first(await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.code, r.scope)), `unit ${r.scope}`);
      grants.push({ role: r.role, scopePath: unit.path });
    }
  }
  return { userId: u.id, memberId, roles: grants };
}

/** A member of a unit's subtree other than the ones named (the demo seed fills every station). */
export async function memberIn(db: Db, unitCode: string, not: number[] = []): Promise<number> {
  const rows = await db
    .select({ id: members.id, path: orgUnits.path })
    .from(members)
    .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
    .orderBy(members.id);
  const unit = first(await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.code, unitCode)), `unit ${unitCode}`);
  const m = rows.find((r) => r.path.startsWith(unit.path) && !not.includes(r.id));
  if (!m) throw new Error(`no member in ${unitCode}`);
  return m.id;
}

/** Starts `memberId`'s attempt at the quiz and saves option "a" for its first question (not submitted); the attempt's id. */
export async function attemptAnsweringA(db: Db, quizId: number, memberId: number): Promise<number> {
  const s = await startAttempt(db, { quizId, memberId });
  if (!s.ok) throw new Error(s.code);
  const view = await getAttemptView(db, s.value.attemptId, memberId);
  if (!view.ok) throw new Error(view.code);
  await saveAnswers(db, {
    attemptId: s.value.attemptId,
    memberId,
    answers: [{ position: first(view.value.questions).position, response: { type: "single", optionId: "a" }, seq: 1 }],
  });
  return s.value.attemptId;
}

/** The 线下考试 tests' world: the demo (40 members a station), the area trainer, 韦2中转站 and its worker 林晓雨 (900004). */
export async function paperWorld(db: Db): Promise<{ trainer: Principal; station: number; worker: number }> {
  await seedDemo(db, { members: 40 });
  const station = first(await db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.code, "T09-W2")), "T09-W2").id;
  return { trainer: await areaTrainer(db), station, worker: await memberIdOf(db, "900004") };
}

/**
 * The demo (40 members) with who the question-media tests act as: the area trainer, a worker of
 * 采油九队 in the sample quizzes' audience (900004), and a worker of 采油八队 with no attempt (100001).
 */
export async function mediaWorld(db: Db): Promise<{ trainer: Principal; worker: Principal; outsider: Principal }> {
  await seedDemo(db, { members: 40 });
  return {
    trainer: await areaTrainer(db),
    worker: await principalOf(db, "900004", [{ role: "worker", scope: null }]),
    outsider: await principalOf(db, "100001", [{ role: "worker", scope: null }]),
  };
}
