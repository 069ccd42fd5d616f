/**
 * Four past quarters of demo history (issue 18), so the comparison, the pairing charts, the
 * points rankings, the 学时 report and the roster show what they are for on the first start:
 * a closed quarterly quiz with results and the attempts behind them (history-attempts.ts), classes with sessions and attendance, enrolments in and
 * completions of the demo course, their 培训评估 answers, a contest with awards (一季一赛), sign-offs and a past station
 * pairing — each quarter, for every team.
 *
 * `planHistory` is pure: the same members, day and seed give the same rows (keyed by employee
 * numbers and codes, not database ids), drawn with lib/core/rng. `seedDemoHistory` writes them into
 * the tables the app writes (their triggers mark the roster and 学时 totals dirty) and then fills
 * the points ledger with `refreshPoints`, as the app's sweep does.
 *
 * Everything lies before the current quarter: closed quizzes, past sessions, nothing open to do.
 * The four demo accounts (9000xx) get no history, so their to-dos, results, points and gaps stay
 * those the demo gives them.
 */
import { createHash } from "node:crypto";
import { eq, inArray, like, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import {
  attendance,
  classAudience,
  classEnrolments,
  classes,
  classSessions,
  contestResults,
  contests,
  courseCompletions,
  courseEnrolments,
  courses,
  lessonProgress,
  lessons,
  orgUnits,
  practicalTasks,
  quizAudience,
  quizResults,
  quizSlots,
  quizzes,
  signoffs,
  stationPairings,
  trainingEvaluations,
} from "@/db/schema";
import * as clock from "@/lib/core/clock";
import { rng } from "@/lib/core/rng";
import { addDays, dayIn, daysBetween, quarterDays, quarterOf, shiftQuarter, startOfDay } from "@/lib/core/time";
import { QUESTIONS } from "@/lib/evaluations";
import { refreshPoints } from "@/lib/points";
import { writeHistoryAttempts } from "./history-attempts";

export const HISTORY_SEED = 20261206;
export const HISTORY_QUARTERS = 4;

export interface HistoryMember {
  employeeNo: string;
  /** Station code (T09-W2). */
  unit: string;
  /** Team code (T09). */
  team: string;
  specialty: string;
  techTitle: string;
}

/**
 * How each team fares: a level (0–1) in the oldest quarter and a change per quarter, so some
 * teams lead, some catch up and one slips (比学赶帮超 has something to compare).
 */
const TEAM_PROFILE: Record<string, { level: number; trend: number }> = {
  T08: { level: 0.8, trend: 0 },
  T09: { level: 0.62, trend: 0.05 },
  T10: { level: 0.56, trend: 0.035 },
  T11: { level: 0.8, trend: -0.035 },
  TZH: { level: 0.62, trend: 0.01 },
};

/** A station paired as the weaker one two quarters ago (and the demo's current one): behind before, catching up after. */
const PAST_PAIRING = { model: "T08-W4", weaker: "T11-M8", quartersAgo: 2, note: "1+1 结对：巡检与资料管理样板复制" };
const CURRENT_WEAKER = "T10-W5";

const QUIZ_THEMES = ["安全月 · 硫化氢防护", "精细管理 · 节能降耗", "冬季三防 · 设备保温", "标准化操作 · 岗位练兵"];
const CONTESTS: { level: "area" | "plant"; specialty: string; name: string }[] = [
  { level: "area", specialty: "oil_production", name: "采油工" },
  { level: "plant", specialty: "gathering", name: "集输工" },
  { level: "area", specialty: "safety", name: "安全知识" },
  { level: "area", specialty: "electrical", name: "维修电工" },
];
const TEAM_CLASSES = ["硫化氢防护与应急处置", "有限空间作业安全", "冬季防冻防凝操作", "动火作业许可管理"];
const TECH_CLASSES = [
  { title: "抽油机平衡调整技巧", specialty: "oil_production" },
  { title: "加热炉运行与节能", specialty: "boiler" },
  { title: "变频柜常见故障处理", specialty: "electrical" },
  { title: "流量计校验与维护", specialty: "instrument" },
];
const TASKS: Record<string, string> = { gathering: "GY-QDF-01", oil_production: "CY-CYJ-01" };
/** The demo bank's quarterly quiz: 11 questions of 5 points and an essay of 10. */
const QUIZ_MAX = 65;

export interface HistoryPlan {
  quarters: string[];
  quizzes: { quarter: string; title: string; theme: string; opensAt: string; closesAt: string }[];
  quizResults: { quarter: string; employeeNo: string; score: number; percent: number; passed: boolean; at: string }[];
  classes: {
    code: string;
    title: string;
    series: string;
    specialty: string;
    hoursCategory: "safety" | "skills";
    instructor: string;
    team: string | null;
    capacity: number;
    sessions: { startsAt: string; endsAt: string; secret: string }[];
  }[];
  classEnrolments: { code: string; employeeNo: string; at: string }[];
  attendance: { code: string; session: number; employeeNo: string; at: string }[];
  courseEnrolments: { employeeNo: string; at: string }[];
  courseCompletions: { employeeNo: string; at: string }[];
  contests: { quarter: string; title: string; level: "area" | "plant"; specialty: string; heldOn: string }[];
  contestResults: { quarter: string; employeeNo: string; rank: number; score: number; award: string }[];
  signoffs: { task: string; employeeNo: string; signedOn: string }[];
  pairings: { model: string; weaker: string; quarter: string; note: string }[];
  /** 培训评估: answers of some of those who attended a class (by its code) or completed the course (code null). */
  evaluations: { code: string | null; employeeNo: string; scores: Record<string, number>; comment: string; at: string }[];
}

/**
 * The rows of four quarters before `today`'s, for `members` (demo accounts left out by the
 * caller). Pure and deterministic: the same arguments give the same plan.
 */
export function planHistory(members: HistoryMember[], today: string, tz: string, seed = HISTORY_SEED): HistoryPlan {
  const rand = rng(seed);
  const gauss = () => (rand() + rand() + rand() - 1.5) / 1.5;
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  const at = (day: string, hour: number, minute = 0) => new Date(startOfDay(day, tz).getTime() + (hour * 60 + minute) * 60_000).toISOString();
  const current = quarterOf(today);
  const quarters = Array.from({ length: HISTORY_QUARTERS }, (_, i) => shiftQuarter(current, i - HISTORY_QUARTERS));
  const people = [...members].sort((a, b) => a.employeeNo.localeCompare(b.employeeNo));
  // Each member's own standing around the team's, fixed over the quarters.
  const own = new Map(people.map((m) => [m.employeeNo, gauss() * 0.1]));
  const pairedAt = HISTORY_QUARTERS - PAST_PAIRING.quartersAgo;
  const level = (m: HistoryMember, qi: number) => {
    const p = TEAM_PROFILE[m.team] ?? { level: 0.6, trend: 0 };
    let v = p.level + p.trend * qi + (own.get(m.employeeNo) ?? 0);
    if (m.unit === CURRENT_WEAKER) v -= 0.08;
    // The paired station leaves its team's course: behind before the pairing, catching up on the model after it.
    if (m.unit === PAST_PAIRING.weaker) v = p.level + (own.get(m.employeeNo) ?? 0) + (qi < pairedAt ? -0.14 : -0.08 + 0.07 * (qi - pairedAt));
    return clamp(v, 0.2, 0.98);
  };
  const hex = () => Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join("");
  const plan: HistoryPlan = {
    quarters,
    quizzes: [],
    quizResults: [],
    classes: [],
    classEnrolments: [],
    attendance: [],
    courseEnrolments: [],
    courseCompletions: [],
    contests: [],
    contestResults: [],
    signoffs: [],
    pairings: [{ model: PAST_PAIRING.model, weaker: PAST_PAIRING.weaker, quarter: quarters[pairedAt]!, note: PAST_PAIRING.note }],
    evaluations: [],
  };
  const signed = new Set<string>();
  const enrolledInCourse = new Set<string>();
  const teams = [...new Set(people.map((m) => m.team))].sort();

  quarters.forEach((quarter, qi) => {
    const { first, last } = quarterDays(quarter);
    const [y, n] = [quarter.slice(0, 4), quarter.slice(-1)];
    // 季度小会考: open two weeks in the quarter's second month.
    const opens = addDays(first, 35);
    const closes = addDays(opens, 14);
    plan.quizzes.push({
      quarter,
      title: `${y}年第${n}季度 季度小会考`,
      theme: QUIZ_THEMES[qi % QUIZ_THEMES.length]!,
      opensAt: at(opens, 8),
      closesAt: at(closes, 18),
    });
    for (const m of people) {
      const l = level(m, qi);
      if (rand() > clamp(0.45 + 0.5 * l, 0, 0.97)) continue;
      const score = Math.round(clamp(l + gauss() * 0.4, 0.25, 1) * QUIZ_MAX);
      const percent = Math.round((score / QUIZ_MAX) * 10000) / 100;
      plan.quizResults.push({
        quarter,
        employeeNo: m.employeeNo,
        score,
        percent,
        passed: percent >= 60,
        at: at(addDays(opens, Math.floor(rand() * 14)), 9 + Math.floor(rand() * 9), Math.floor(rand() * 60)),
      });
    }

    // A small classroom per team (two sessions, safety hours) and one technician class for the area.
    for (const team of teams) {
      const crew = people.filter((m) => m.team === team);
      const instructor = crew.find((m) => m.techTitle === "technician" || m.techTitle === "senior_technician") ?? crew[0]!;
      const code = `DEMO-H-${quarter}-${team}`;
      const days = [addDays(first, 20 + Math.floor(rand() * 7)), addDays(first, 55 + Math.floor(rand() * 7))];
      plan.classes.push({
        code,
        title: `${TEAM_CLASSES[qi % TEAM_CLASSES.length]}（${quarter.replace("-", " ")}）`,
        series: "classroom",
        specialty: "safety",
        hoursCategory: "safety",
        instructor: instructor.employeeNo,
        team,
        capacity: 40,
        sessions: days.map((d) => ({ startsAt: at(d, 14), endsAt: at(d, 16), secret: hex() })),
      });
      let seats = 40;
      for (const m of crew) {
        if (m.employeeNo === instructor.employeeNo || seats === 0) continue;
        const l = level(m, qi);
        if (rand() > 0.35 + 0.4 * l) continue;
        seats--;
        plan.classEnrolments.push({ code, employeeNo: m.employeeNo, at: at(addDays(days[0]!, -7), 10) });
        days.forEach((d, s) => {
          if (rand() < clamp(0.3 + 0.65 * l, 0, 0.98))
            plan.attendance.push({ code, session: s, employeeNo: m.employeeNo, at: at(d, 13, 50 + Math.floor(rand() * 15)) });
        });
      }
    }
    const tech = TECH_CLASSES[qi % TECH_CLASSES.length]!;
    const techInstructor =
      people.find((m) => m.techTitle === "senior_technician" && m.specialty === tech.specialty) ??
      people.find((m) => m.techTitle === "senior_technician" || m.techTitle === "technician") ??
      people[0]!;
    const techCode = `DEMO-H-${quarter}-TECH`;
    const techDay = addDays(first, 40 + Math.floor(rand() * 10));
    plan.classes.push({
      code: techCode,
      title: tech.title,
      series: "technician",
      specialty: tech.specialty,
      hoursCategory: "skills",
      instructor: techInstructor.employeeNo,
      team: null,
      capacity: 60,
      sessions: [{ startsAt: at(techDay, 9), endsAt: at(techDay, 11), secret: hex() }],
    });
    let techSeats = 60;
    for (const m of people) {
      if (m.employeeNo === techInstructor.employeeNo || techSeats === 0 || rand() > 0.12 + 0.1 * level(m, qi)) continue;
      techSeats--;
      plan.classEnrolments.push({ code: techCode, employeeNo: m.employeeNo, at: at(addDays(techDay, -10), 11) });
      if (rand() < 0.55 + 0.4 * level(m, qi))
        plan.attendance.push({ code: techCode, session: 0, employeeNo: m.employeeNo, at: at(techDay, 8, 45 + Math.floor(rand() * 20)) });
    }

    // The demo course: members put on it quarter by quarter, finishing it weeks later (before today's quarter).
    for (const m of people) {
      if (enrolledInCourse.has(m.employeeNo) || rand() > [0.45, 0.3, 0.25, 0.2][qi]!) continue;
      enrolledInCourse.add(m.employeeNo);
      const day = addDays(first, Math.floor(rand() * 60));
      plan.courseEnrolments.push({ employeeNo: m.employeeNo, at: at(day, 9) });
      if (rand() < 0.25 + 0.7 * level(m, qi)) {
        const done = addDays(day, 3 + Math.floor(rand() * 40));
        const lastPast = addDays(quarterDays(current).first, -1);
        plan.courseCompletions.push({ employeeNo: m.employeeNo, at: at([done, lastPast].sort()[0]!, 20, Math.floor(rand() * 60)) });
      }
    }

    // 一季一赛: three from each team, the best of them awarded.
    const c = CONTESTS[qi % CONTESTS.length]!;
    plan.contests.push({
      quarter,
      title: `${y}年第${n}季度 ${c.name}技能竞赛`,
      level: c.level,
      specialty: c.specialty,
      heldOn: addDays(first, 70 + Math.floor(rand() * 10)),
    });
    const entrants = teams.flatMap((team) => {
      const crew = people.filter((m) => m.team === team);
      return [0, 1, 2].map(() => crew[Math.floor(rand() * crew.length)]!).filter((m, i, a) => a.indexOf(m) === i);
    });
    const scored = entrants
      .map((m) => ({ employeeNo: m.employeeNo, score: Math.round(clamp(0.55 + 0.45 * level(m, qi) + gauss() * 0.08, 0.4, 1) * 1000) / 10 }))
      .sort((a, b) => b.score - a.score || a.employeeNo.localeCompare(b.employeeNo));
    scored.forEach((r, i) => {
      const award = i === 0 ? "一等奖" : i < 3 ? "二等奖" : i < 6 ? "三等奖" : "";
      plan.contestResults.push({ quarter, employeeNo: r.employeeNo, rank: i + 1, score: r.score, award });
    });

    // 以工代训: the demo tasks signed off for some of the members of their specialty.
    for (const m of people) {
      const task = TASKS[m.specialty];
      if (!task || signed.has(m.employeeNo) || rand() > 0.06 + 0.12 * level(m, qi)) continue;
      signed.add(m.employeeNo);
      plan.signoffs.push({ task, employeeNo: m.employeeNo, signedOn: addDays(first, Math.floor(rand() * (daysBetween(first, last) + 1))) });
    }
  });
  plan.evaluations = planEvaluations(plan, addDays(quarterDays(current).first, -1), tz, seed);
  return plan;
}

const EVALUATION_COMMENTS = [
  "案例贴近现场，回去就能用",
  "讲解清楚，现场演示到位",
  "时间有点紧，希望多留练习时间",
  "希望下次带实物讲解",
  "内容偏多，建议分两次讲",
  "老师经验丰富，收获很大",
  "",
];

/**
 * Some of those who attended a class, and of those who completed the demo course, rated it
 * (lib/evaluations' four questions, 1–5), a few days after; each instructor has a steady level so
 * the per-instructor table has something to compare. A draw of its own (seed + 1), so the other
 * rows stay what they were before evaluations joined the history.
 */
function planEvaluations(plan: HistoryPlan, lastPast: string, tz: string, seed: number): HistoryPlan["evaluations"] {
  const rand = rng(seed + 1);
  const at = (iso: string, days: number) => {
    const t = new Date(new Date(iso).getTime() + days * 86_400_000 + Math.floor(rand() * 8 * 3_600_000));
    const cap = new Date(startOfDay(lastPast, tz).getTime() + 20 * 3_600_000);
    return (t < cap ? t : cap).toISOString();
  };
  const quality = new Map<string, number>();
  const levelOf = (instructor: string | null) => {
    const key = instructor ?? "course";
    if (!quality.has(key)) quality.set(key, 3.4 + rand() * 1.3);
    return quality.get(key)!;
  };
  const answer = (base: number) => {
    const scores: Record<string, number> = {};
    for (const q of QUESTIONS) {
      const shift = q === "timing" ? -0.4 : q === "recommend" ? 0.1 : 0;
      scores[q] = Math.min(5, Math.max(1, Math.round(base + shift + (rand() - 0.5) * 1.6)));
    }
    const comment = rand() < 0.3 ? EVALUATION_COMMENTS[Math.floor(rand() * EVALUATION_COMMENTS.length)]! : "";
    return { scores, comment };
  };
  const out: HistoryPlan["evaluations"] = [];
  for (const c of plan.classes) {
    const base = levelOf(c.instructor);
    const lastEnd = c.sessions.at(-1)!.endsAt;
    const came = [...new Set(plan.attendance.filter((a) => a.code === c.code).map((a) => a.employeeNo))].sort();
    for (const no of came) if (rand() < 0.55) out.push({ code: c.code, employeeNo: no, ...answer(base), at: at(lastEnd, Math.floor(rand() * 4)) });
  }
  const courseBase = levelOf(null);
  for (const done of plan.courseCompletions)
    if (rand() < 0.4) out.push({ code: null, employeeNo: done.employeeNo, ...answer(courseBase), at: at(done.at, Math.floor(rand() * 3)) });
  return out;
}

/** A checksum of a plan (the test holds two runs equal). */
export function planChecksum(plan: HistoryPlan): string {
  return createHash("sha256").update(JSON.stringify(plan)).digest("hex");
}

/** The generated members as the plan takes them: station, team, specialty, title (demo accounts left out). */
export async function historyMembers(db: Db): Promise<HistoryMember[]> {
  return rowsOf<{ employee_no: string; unit: string; team: string; specialty: string | null; tech_title: string | null }>(
    await db.execute(sql`SELECT m.employee_no, s.code AS unit, t.code AS team, m.specialty, m.tech_title
      FROM members m JOIN org_units s ON s.id = m.org_unit_id JOIN org_units t ON t.id = s.parent_id AND t.kind = 'team'
      WHERE m.status = 'active' AND m.employee_no NOT LIKE '9000%' AND s.code IS NOT NULL ORDER BY m.employee_no`),
  ).map((r) => ({ employeeNo: r.employee_no, unit: r.unit, team: r.team, specialty: r.specialty ?? "", techTitle: r.tech_title ?? "" }));
}

async function insertAll<T>(rows: T[], write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await write(rows.slice(i, i + 500));
}

/** Loads the history once (keyed by the classes' codes), then brings the points ledger up to date. */
export async function seedDemoHistory(db: Db, now = clock.now()): Promise<void> {
  const [have] = await db.select({ id: classes.id }).from(classes).where(like(classes.code, "DEMO-H-%")).limit(1);
  if (have) return;
  const members = await historyMembers(db);
  if (members.length === 0) return;
  const tz = clock.timeZone();
  const plan = planHistory(members, dayIn(now, tz), tz);

  await db.transaction(async (tx) => {
    const ids = new Map(
      rowsOf<{ id: number; employee_no: string }>(await tx.execute(sql`SELECT id, employee_no FROM members`)).map((r) => [r.employee_no, Number(r.id)]),
    );
    const id = (no: string) => ids.get(no)!;
    const units = new Map((await tx.select({ id: orgUnits.id, code: orgUnits.code }).from(orgUnits)).map((u) => [u.code, u.id]));
    const [trainer] = rowsOf<{ id: number }>(await tx.execute(sql`SELECT id FROM members WHERE employee_no = '900003'`));
    const area = units.get("HJ");
    // The demo bank's quarterly questions (the current quiz's slots) make up each past quiz too.
    const [currentQuiz] = await tx.select({ id: quizzes.id }).from(quizzes).orderBy(quizzes.id).limit(1);
    const slots = currentQuiz
      ? await tx.select({ position: quizSlots.position, questionId: quizSlots.questionId }).from(quizSlots).where(eq(quizSlots.quizId, currentQuiz.id))
      : [];

    const quizIds = new Map<string, number>();
    for (const q of plan.quizzes) {
      const opensAt = new Date(q.opensAt);
      const [row] = await tx
        .insert(quizzes)
        .values({
          title: q.title,
          quarter: q.quarter,
          series: "季度小会考",
          theme: q.theme,
          opensAt,
          closesAt: new Date(q.closesAt),
          timeLimitS: 30 * 60,
          attemptsAllowed: 2,
          gradingMethod: "highest",
          passPercent: 60,
          hoursCategory: "safety",
          creditHours: 1,
          shuffleQuestions: true,
          shuffleOptions: true,
          status: "closed",
          createdAt: new Date(opensAt.getTime() - 7 * 86_400_000),
          publishedAt: opensAt,
        })
        .returning({ id: quizzes.id });
      quizIds.set(q.quarter, row!.id);
      if (slots.length)
        await tx.insert(quizSlots).values(slots.map((s) => ({ quizId: row!.id, position: s.position, kind: "fixed" as const, questionId: s.questionId })));
      if (area) await tx.insert(quizAudience).values({ quizId: row!.id, orgUnitId: area });
    }
    await insertAll(plan.quizResults, (chunk) =>
      tx.insert(quizResults).values(
        chunk.map((r) => ({
          quizId: quizIds.get(r.quarter)!,
          memberId: id(r.employeeNo),
          score: r.score,
          maxScore: QUIZ_MAX,
          percent: r.percent,
          passed: r.passed,
          attemptsCounted: 1,
          updatedAt: new Date(r.at),
        })),
      ),
    );
    // The attempt behind each result, its essay graded by the demo trainer (their own random stream: seed + 2).
    const [grader] = rowsOf<{ id: number }>(
      await tx.execute(sql`SELECT u.id FROM users u JOIN members m ON m.id = u.member_id WHERE m.employee_no = '900003'`),
    );
    await writeHistoryAttempts(
      tx,
      plan.quizResults.map((r) => ({
        quizId: quizIds.get(r.quarter)!,
        memberId: id(r.employeeNo),
        score: r.score,
        maxScore: QUIZ_MAX,
        at: new Date(r.at),
        key: `${r.quarter}:${r.employeeNo}`,
      })),
      grader ? Number(grader.id) : null,
      HISTORY_SEED + 2,
    );

    // One statement per table for all the classes (the seed runs at every fresh start: few round trips).
    const room = (c: HistoryPlan["classes"][number]) => (c.team ? "队部会议室" : "作业区培训室");
    const madeClasses = await tx
      .insert(classes)
      .values(
        plan.classes.map((c) => ({
          code: c.code,
          title: c.title,
          series: c.series,
          specialty: c.specialty,
          instructorMemberId: id(c.instructor),
          placeOrgUnitId: c.team ? (units.get(c.team) ?? null) : null,
          room: room(c),
          capacity: c.capacity,
          hoursCategory: c.hoursCategory,
          status: "closed" as const,
          createdAt: new Date(new Date(c.sessions[0]!.startsAt).getTime() - 14 * 86_400_000),
          updatedAt: new Date(c.sessions.at(-1)!.endsAt),
        })),
      )
      .returning({ id: classes.id, code: classes.code });
    const classIds = new Map(madeClasses.map((c) => [c.code!, c.id]));
    const audience = plan.classes.flatMap((c) => {
      const unit = c.team ? units.get(c.team) : area;
      return unit ? [{ classId: classIds.get(c.code)!, orgUnitId: unit }] : [];
    });
    if (audience.length) await tx.insert(classAudience).values(audience);
    const sessionRows = plan.classes.flatMap((c) =>
      c.sessions.map((s) => ({
        classId: classIds.get(c.code)!,
        startsAt: new Date(s.startsAt),
        endsAt: new Date(s.endsAt),
        room: room(c),
        checkinSecret: s.secret,
        checkinOpenedAt: new Date(new Date(s.startsAt).getTime() - 30 * 60_000),
        checkinClosedAt: new Date(s.endsAt),
      })),
    );
    const madeSessions = await tx
      .insert(classSessions)
      .values(sessionRows)
      .returning({ id: classSessions.id, classId: classSessions.classId, startsAt: classSessions.startsAt });
    // A class's sessions in the plan's order (by start: the plan lists them so).
    const sessionIds = new Map<string, number[]>();
    for (const c of plan.classes) {
      const cid = classIds.get(c.code)!;
      sessionIds.set(
        c.code,
        madeSessions
          .filter((s) => s.classId === cid)
          .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
          .map((s) => s.id),
      );
    }
    await insertAll(plan.classEnrolments, (chunk) =>
      tx.insert(classEnrolments).values(
        chunk.map((e) => ({
          classId: classIds.get(e.code)!,
          memberId: id(e.employeeNo),
          status: "enrolled" as const,
          queuedAt: new Date(e.at),
          createdAt: new Date(e.at),
          updatedAt: new Date(e.at),
        })),
      ),
    );
    await insertAll(plan.attendance, (chunk) =>
      tx.insert(attendance).values(
        chunk.map((a) => ({
          sessionId: sessionIds.get(a.code)![a.session]!,
          memberId: id(a.employeeNo),
          method: "code" as const,
          checkedInAt: new Date(a.at),
        })),
      ),
    );

    const [course] = await tx.select({ id: courses.id }).from(courses).where(eq(courses.code, "DEMO-C1"));
    const [lesson] = await tx.select({ id: lessons.id, durationS: lessons.durationS }).from(lessons).where(eq(lessons.code, "DEMO-L1"));
    if (course) {
      await insertAll(plan.courseEnrolments, (chunk) =>
        tx
          .insert(courseEnrolments)
          .values(chunk.map((e) => ({ courseId: course.id, memberId: id(e.employeeNo), source: "job" as const, createdAt: new Date(e.at) }))),
      );
      if (lesson) {
        const len = lesson.durationS ?? 8;
        await insertAll(plan.courseCompletions, (chunk) =>
          tx.insert(lessonProgress).values(
            chunk.map((c) => {
              const done = new Date(new Date(c.at).getTime() - 10 * 60_000);
              return {
                memberId: id(c.employeeNo),
                lessonId: lesson.id,
                segments: [[0, len]] as [number, number][],
                watchedS: len,
                lastPositionS: len,
                completedAt: done,
                startedAt: done,
                updatedAt: done,
              };
            }),
          ),
        );
      }
      await insertAll(plan.courseCompletions, (chunk) =>
        tx.insert(courseCompletions).values(chunk.map((c) => ({ courseId: course.id, memberId: id(c.employeeNo), completedAt: new Date(c.at) }))),
      );
    }
    const evaluations = plan.evaluations.filter((e) => e.code !== null || course);
    await insertAll(evaluations, (chunk) =>
      tx.insert(trainingEvaluations).values(
        chunk.map((e) => ({
          memberId: id(e.employeeNo),
          classId: e.code === null ? null : classIds.get(e.code)!,
          courseId: e.code === null ? course!.id : null,
          scores: e.scores,
          comment: e.comment,
          createdAt: new Date(e.at),
        })),
      ),
    );

    const contestIds = new Map<string, number>();
    for (const c of plan.contests) {
      const [row] = await tx
        .insert(contests)
        .values({ title: c.title, level: c.level, specialty: c.specialty, heldOn: c.heldOn, createdAt: startOfDay(c.heldOn, tz) })
        .returning({ id: contests.id });
      contestIds.set(c.quarter, row!.id);
    }
    await insertAll(plan.contestResults, (chunk) =>
      tx
        .insert(contestResults)
        .values(chunk.map((r) => ({ contestId: contestIds.get(r.quarter)!, memberId: id(r.employeeNo), rank: r.rank, score: r.score, award: r.award }))),
    );

    const tasks = new Map(
      (
        await tx
          .select({ id: practicalTasks.id, code: practicalTasks.code })
          .from(practicalTasks)
          .where(inArray(practicalTasks.code, Object.values(TASKS)))
      ).map((t) => [t.code, t.id]),
    );
    const verifier = trainer ? Number(trainer.id) : null;
    const signs = plan.signoffs.filter((s) => tasks.has(s.task) && verifier !== null);
    await insertAll(signs, (chunk) =>
      tx.insert(signoffs).values(
        chunk.map((s) => ({
          taskId: tasks.get(s.task)!,
          memberId: id(s.employeeNo),
          verifierMemberId: verifier!,
          signedOn: s.signedOn,
          createdAt: startOfDay(s.signedOn, tz),
        })),
      ),
    );

    for (const p of plan.pairings) {
      const model = units.get(p.model);
      const weaker = units.get(p.weaker);
      if (model && weaker)
        await tx.insert(stationPairings).values({ modelStationId: model, weakerStationId: weaker, quarter: p.quarter, note: p.note }).onConflictDoNothing();
    }
  });
  await refreshPoints(db);
}
