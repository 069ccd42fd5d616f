import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, type Db, type DbHandle } from "@/db/client";
import { DEMO_ACCOUNTS, demoMembers, seedDemo } from "@/scripts/demo";
import { historyMembers, planChecksum, planHistory, type HistoryMember } from "@/scripts/demo/history";
import type { Principal } from "@/lib/auth/permissions";
import { teamComparison, unitQuarterMetrics } from "@/lib/comparison";
import { evaluationResults, QUESTIONS } from "@/lib/evaluations";
import { refreshPoints } from "@/lib/points";
import { gradeAttempt } from "@/lib/quiz/attempts/finish";
import { getItemStats } from "@/lib/quiz/stats-items";
import { quarterDays, startOfDay } from "@/lib/core/time";
import { createTestDb, drivers } from "../helpers/db";
import { first } from "../helpers/rows";

/**
 * Issue 18: the demo's four past quarters of history. The day is pinned: 2026-11-23 (2026-Q4),
 * so the history is 2025-Q4 … 2026-Q3; the seed is the module's fixed one.
 */
const NOW = new Date("2026-11-23T04:00:00Z");
const DAY = "2026-11-23";
const TZ = "Asia/Shanghai";
const PAST = ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"];
const TEAMS = ["T08", "T09", "T10", "T11", "TZH"];

/** The generated demo members as the plan takes them, without a database. */
function members(): HistoryMember[] {
  return demoMembers().map((m) => ({ employeeNo: m.employeeNo, unit: m.unit, team: m.unit.split("-")[0]!, specialty: m.specialty, techTitle: m.techTitle }));
}

/** The history's rows as stored, keyed by employee numbers and codes (never ids), hashed. */
async function storedChecksum(db: Db): Promise<string> {
  const parts: unknown[] = [];
  for (const q of [
    sql`SELECT q.quarter, q.title, q.opens_at::text, q.closes_at::text, m.employee_no, r.score::text, r.percent::text, r.passed, r.updated_at::text
        FROM quiz_results r JOIN quizzes q ON q.id = r.quiz_id JOIN members m ON m.id = r.member_id WHERE q.status = 'closed' ORDER BY 1, 5`,
    sql`SELECT c.code, s.starts_at::text, m.employee_no, a.checked_in_at::text FROM attendance a JOIN class_sessions s ON s.id = a.session_id
        JOIN classes c ON c.id = s.class_id JOIN members m ON m.id = a.member_id WHERE c.code LIKE 'DEMO-H-%' ORDER BY 1, 2, 3`,
    sql`SELECT c.code, m.employee_no, e.created_at::text FROM class_enrolments e JOIN classes c ON c.id = e.class_id JOIN members m ON m.id = e.member_id
        WHERE c.code LIKE 'DEMO-H-%' ORDER BY 1, 2`,
    sql`SELECT m.employee_no, e.created_at::text, cc.completed_at::text FROM course_enrolments e JOIN members m ON m.id = e.member_id
        LEFT JOIN course_completions cc ON cc.member_id = e.member_id AND cc.course_id = e.course_id ORDER BY 1`,
    sql`SELECT c.title, c.held_on::text, m.employee_no, r.rank, r.score::text, r.award FROM contest_results r JOIN contests c ON c.id = r.contest_id
        JOIN members m ON m.id = r.member_id ORDER BY 1, 4`,
    sql`SELECT coalesce(c.code, co.code), m.employee_no, e.scores::text, e.comment, e.created_at::text FROM training_evaluations e
        JOIN members m ON m.id = e.member_id LEFT JOIN classes c ON c.id = e.class_id LEFT JOIN courses co ON co.id = e.course_id ORDER BY 1, 2`,
    sql`SELECT q.quarter, m.employee_no, a.started_at::text, a.submitted_at::text, a.score::text, aq.position, v.question_id, aq.option_order::text,
          aa.response::text, aa.auto_score::text, aa.manual_score::text
        FROM attempts a JOIN quizzes q ON q.id = a.quiz_id AND q.status = 'closed' JOIN members m ON m.id = a.member_id
        JOIN attempt_questions aq ON aq.attempt_id = a.id JOIN question_versions v ON v.id = aq.question_version_id
        LEFT JOIN attempt_answers aa ON aa.attempt_id = a.id AND aa.position = aq.position ORDER BY 1, 2, 6`,
    sql`SELECT t.code, m.employee_no, s.signed_on::text FROM signoffs s JOIN practical_tasks t ON t.id = s.task_id JOIN members m ON m.id = s.member_id ORDER BY 1, 2`,
    sql`SELECT m.employee_no, l.kind, l.source_key LIKE 'quiz:%' AS quiz, l.points, l.earned_at::text FROM points_ledger l JOIN members m ON m.id = l.member_id
        ORDER BY 1, 2, 5, 4`,
  ])
    parts.push(rowsOf(await db.execute(q)));
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

describe("the demo history plan", () => {
  it("is the same for the same members, day and seed, and another for another seed or quarter", () => {
    const a = planHistory(members(), DAY, TZ);
    const b = planHistory(members(), DAY, TZ);
    expect(planChecksum(a)).toBe(planChecksum(b));
    expect(planChecksum(planHistory(members(), DAY, TZ, 7))).not.toBe(planChecksum(a));
    // Another day of the same quarter: the same quarters, drawn alike.
    expect(planChecksum(planHistory(members(), "2026-10-01", TZ))).toBe(planChecksum(a));
    expect(planHistory(members(), "2027-01-01", TZ).quarters).toEqual(["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]);
  });

  it("covers the four quarters before today's for every team, and nothing from today's quarter on", () => {
    const plan = planHistory(members(), DAY, TZ);
    expect(plan.quarters).toEqual(PAST);
    const teamOf = new Map(members().map((m) => [m.employeeNo, m.team]));
    const codeQuarter = (code: string) => /DEMO-H-(\d{4}-Q\d)-/.exec(code)![1]!;
    for (const q of PAST)
      for (const team of TEAMS) {
        const mine = (no: string) => teamOf.get(no) === team;
        expect(plan.quizResults.filter((r) => r.quarter === q && mine(r.employeeNo)).length, `${q} ${team} quiz`).toBeGreaterThan(20);
        expect(plan.attendance.filter((a) => codeQuarter(a.code) === q && mine(a.employeeNo)).length, `${q} ${team} attendance`).toBeGreaterThan(10);
        expect(plan.contestResults.filter((r) => r.quarter === q && mine(r.employeeNo)).length, `${q} ${team} contest`).toBeGreaterThan(0);
      }
    const start = startOfDay(quarterDays("2026-Q4").first, TZ).toISOString();
    const instants = [
      ...plan.quizzes.map((q) => q.closesAt),
      ...plan.quizResults.map((r) => r.at),
      ...plan.classes.flatMap((c) => c.sessions.map((s) => s.endsAt)),
      ...plan.attendance.map((a) => a.at),
      ...plan.courseCompletions.map((c) => c.at),
      ...plan.courseEnrolments.map((c) => c.at),
      ...plan.evaluations.map((e) => e.at),
    ];
    expect(instants.filter((t) => t >= start)).toEqual([]);
    expect([...plan.contests.map((c) => c.heldOn), ...plan.signoffs.map((s) => s.signedOn)].filter((d) => d >= "2026-10-01")).toEqual([]);
  });

  it("has 培训评估 answers only from those who attended the class or completed the course, after it, once each", () => {
    const plan = planHistory(members(), DAY, TZ);
    const came = new Set(plan.attendance.map((a) => `${a.code} ${a.employeeNo}`));
    const completed = new Map(plan.courseCompletions.map((c) => [c.employeeNo, c.at]));
    const ends = new Map(plan.classes.map((c) => [c.code, c.sessions.at(-1)!.endsAt]));
    for (const e of plan.evaluations) {
      if (e.code === null) {
        expect(completed.has(e.employeeNo), e.employeeNo).toBe(true);
        expect(e.at >= completed.get(e.employeeNo)!).toBe(true);
      } else {
        expect(came.has(`${e.code} ${e.employeeNo}`), `${e.code} ${e.employeeNo}`).toBe(true);
        expect(e.at >= ends.get(e.code)!).toBe(true);
      }
      expect(Object.keys(e.scores).sort()).toEqual([...QUESTIONS].sort());
      for (const v of Object.values(e.scores)) expect(v >= 1 && v <= 5 && Number.isInteger(v)).toBe(true);
    }
    expect(new Set(plan.evaluations.map((e) => `${e.code} ${e.employeeNo}`)).size).toBe(plan.evaluations.length);
    // Every class with attendance has answers, the course too, and the instructors differ.
    for (const c of plan.classes) expect(plan.evaluations.filter((e) => e.code === c.code).length, c.code).toBeGreaterThan(0);
    expect(plan.evaluations.filter((e) => e.code === null).length).toBeGreaterThan(0);
    expect(plan.evaluations.filter((e) => e.comment).length).toBeGreaterThan(0);
  });
});

const sums: string[] = [];

describe.each(drivers())("the demo history on %s", (driver) => {
  let h: DbHandle;
  let worker: Principal;

  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { quiz: true, now: NOW });
    const w = first(rowsOf<{ id: number }>(await h.db.execute(sql`SELECT id FROM members WHERE employee_no = '900004'`)));
    worker = { userId: 0, memberId: Number(w.id), roles: [{ role: "worker", scopePath: null }] };
  }, 120_000);
  afterAll(async () => h?.close());

  it("stores the plan's rows: the same rows (checksum) from every load with the same seed and day", async () => {
    expect(planChecksum(planHistory(await historyMembers(h.db), DAY, TZ))).toBe(planChecksum(planHistory(members(), DAY, TZ)));
    const sum = await storedChecksum(h.db);
    if (sums.length === 0) {
      // A second database loaded alike holds the same rows.
      const again = await createTestDb("pglite");
      try {
        await seedDemo(again.db, { quiz: true, now: NOW });
        sums.push(await storedChecksum(again.db));
      } finally {
        await again.close();
      }
    }
    expect(sum).toBe(sums[0]);
  }, 120_000);

  it("gives every team figures in each of the four past quarters (比学赶帮超)", async () => {
    const r = await teamComparison(h.db, worker, [...PAST, "2026-Q4"], DAY);
    if (!r.ok) throw new Error(r.code);
    expect(r.value.teams).toHaveLength(5);
    for (const f of r.value.figures.filter((x) => x.quarter !== "2026-Q4")) {
      const where = `${r.value.teams.find((t) => t.id === f.unitId)?.name} ${f.quarter}`;
      for (const m of ["quizAverage", "participation", "completion", "attendance", "points"] as const) {
        expect(f[m], `${where} ${m}`).not.toBeNull();
        expect(f[m]!, `${where} ${m}`).toBeGreaterThan(0);
      }
    }
    // The teams differ: not one line on top of another.
    const q3 = r.value.figures.filter((f) => f.quarter === "2026-Q3").map((f) => f.quizAverage);
    expect(new Set(q3).size).toBe(5);
  });

  it("draws both stations of the past pairing before and after it (结对帮扶)", async () => {
    const p = first(
      rowsOf<{ quarter: string; model: number; weaker: number }>(
        await h.db.execute(sql`SELECT p.quarter, p.model_station_id AS model, p.weaker_station_id AS weaker FROM station_pairings p
          JOIN org_units w ON w.id = p.weaker_station_id WHERE w.code = 'T11-M8'`),
      ),
    );
    expect(p.quarter).toBe("2026-Q2");
    const figures = await unitQuarterMetrics(h.db, [Number(p.model), Number(p.weaker)], PAST, DAY);
    for (const f of figures) for (const m of ["quizAverage", "completion", "attendance"] as const) expect(f[m], `${f.unitId} ${f.quarter} ${m}`).not.toBeNull();
  });

  it("leaves the demo accounts and today's quarter as they were, and the ledger agrees with the records", async () => {
    const accounts = DEMO_ACCOUNTS.map((a) => a.employeeNo);
    const [c] = rowsOf<{ results: number; points: number; attended: number; open: number; recent: number }>(
      await h.db.execute(sql`SELECT
        (SELECT count(*)::int FROM quiz_results r JOIN members m ON m.id = r.member_id WHERE m.employee_no = ANY(${`{${accounts.join(",")}}`}::text[])) AS results,
        (SELECT count(*)::int FROM points_ledger l JOIN members m ON m.id = l.member_id WHERE m.employee_no = ANY(${`{${accounts.join(",")}}`}::text[])) AS points,
        (SELECT count(*)::int FROM attendance a JOIN members m ON m.id = a.member_id WHERE m.employee_no = ANY(${`{${accounts.join(",")}}`}::text[])) AS attended,
        (SELECT count(*)::int FROM quizzes WHERE status = 'published') AS open,
        (SELECT count(*)::int FROM points_ledger WHERE earned_at >= ${startOfDay("2026-10-01", TZ).toISOString()}::timestamptz) AS recent`),
    );
    expect(c).toEqual({ results: 0, points: 0, attended: 0, open: 1, recent: 0 });
    // The seed ran the points sweep: running it again finds nothing to add or remove.
    expect(await refreshPoints(h.db)).toEqual({ added: 0, removed: 0 });
  });

  it("shows the demo trainer the history's 培训评估 per class, course and instructor", async () => {
    const trainer = first(rowsOf<{ id: number }>(await h.db.execute(sql`SELECT id FROM members WHERE employee_no = '900003'`)));
    const r = await evaluationResults(h.db, { userId: 0, memberId: Number(trainer.id), roles: [{ role: "trainer", scopePath: null }] });
    if (!r.ok) throw new Error(r.code);
    const plan = planHistory(await historyMembers(h.db), DAY, TZ);
    expect(r.value.classes.reduce((s, c) => s + c.count, 0)).toBe(plan.evaluations.filter((e) => e.code !== null).length);
    expect(r.value.courses.map((c) => c.count)).toEqual([plan.evaluations.filter((e) => e.code === null).length]);
    expect(r.value.instructors.length).toBeGreaterThan(3);
    expect(new Set(r.value.instructors.map((i) => i.overall)).size).toBeGreaterThan(1);
  });

  it("has the attempt behind every past result: its answers grade to the result's score, and the item statistics show easy and hard questions", async () => {
    const [m] = rowsOf<{ results: number; attempts: number; off: number; pending: number }>(
      await h.db.execute(sql`SELECT
        (SELECT count(*)::int FROM quiz_results r JOIN quizzes q ON q.id = r.quiz_id WHERE q.status = 'closed') AS results,
        (SELECT count(*)::int FROM attempts a JOIN quizzes q ON q.id = a.quiz_id WHERE q.status = 'closed' AND a.state = 'submitted') AS attempts,
        (SELECT count(*)::int FROM quiz_results r JOIN quizzes q ON q.id = r.quiz_id AND q.status = 'closed'
          LEFT JOIN attempts a ON a.quiz_id = r.quiz_id AND a.member_id = r.member_id AND a.state = 'submitted'
          WHERE a.id IS NULL OR a.score <> r.score OR a.max_score <> r.max_score OR a.submitted_at <> r.updated_at) AS off,
        (SELECT count(*)::int FROM attempt_answers aa JOIN attempts a ON a.id = aa.attempt_id JOIN quizzes q ON q.id = a.quiz_id
          WHERE q.status = 'closed' AND aa.response->>'type' = 'essay' AND aa.manual_score IS NULL) AS pending`),
    );
    expect(m!.results).toBeGreaterThan(500);
    expect(m).toEqual({ results: m!.results, attempts: m!.results, off: 0, pending: 0 });
    // The engine grades the stored answers to the stored scores (a sample of 40).
    const sample = rowsOf<{ id: number; score: string }>(
      await h.db.execute(
        sql`SELECT a.id, a.score::text AS score FROM attempts a JOIN quizzes q ON q.id = a.quiz_id WHERE q.status = 'closed' ORDER BY a.id LIMIT 40`,
      ),
    );
    for (const a of sample) expect((await gradeAttempt(h.db, Number(a.id))).score, `attempt ${a.id}`).toBe(Number(a.score));
    // A trainer over the area sees a past quiz's items: every attempt analysed, facilities that differ.
    const [q] = rowsOf<{ id: number; n: number }>(
      await h.db.execute(
        sql`SELECT q.id, (SELECT count(*)::int FROM quiz_results r WHERE r.quiz_id = q.id) AS n FROM quizzes q WHERE q.status = 'closed' ORDER BY q.opens_at DESC LIMIT 1`,
      ),
    );
    const trainer = first(rowsOf<{ id: number }>(await h.db.execute(sql`SELECT id FROM members WHERE employee_no = '900003'`)));
    const stats = await getItemStats(h.db, { userId: 0, memberId: Number(trainer.id), roles: [{ role: "trainer", scopePath: null }] }, Number(q!.id));
    expect(stats.analysedAttempts).toBe(Number(q!.n));
    const facilities = stats.items.filter((i) => i.type !== "essay").map((i) => i.facility!);
    expect(facilities).toHaveLength(11);
    expect(Math.max(...facilities) - Math.min(...facilities)).toBeGreaterThan(15);
    // The better workers answer each question right more often: no question looks faulty.
    expect(stats.items.filter((i) => i.flags.length > 0).map((i) => [i.slot, i.flags, i.discrimination])).toEqual([]);
  }, 120_000);

  it("is loaded once: a second load changes nothing", async () => {
    const count = async () =>
      rowsOf<{ n: number }>(
        await h.db.execute(sql`SELECT (SELECT count(*) FROM quiz_results) + (SELECT count(*) FROM attendance) + (SELECT count(*) FROM points_ledger)
          + (SELECT count(*) FROM contests) + (SELECT count(*) FROM station_pairings) + (SELECT count(*) FROM training_evaluations) AS n`),
      )[0]?.n;
    const before = Number(await count());
    await seedDemo(h.db, { quiz: true, now: NOW });
    expect(Number(await count())).toBe(before);
  });
});
