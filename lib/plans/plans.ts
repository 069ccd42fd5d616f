/**
 * 年度培训计划: plans per org unit and year, their lines, and what the 学时 ledger says was done.
 * Every function takes the acting principal and checks it itself: a manager or admin
 * (`roster.read`) over the plan's unit writes; a trainer (`teach.manage`) over it may read;
 * anyone else is refused. Writes are validated (zod, then against the database) and audited.
 */
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { classes, courses, jobs, orgUnits, quizzes, trainingPlanLines, trainingPlans } from "@/db/schema";
import { can, scopeOf, type Principal, type Scope } from "@/lib/auth/permissions";
import { audit } from "@/lib/core/audit";
import * as clock from "@/lib/core/clock";
import { conflict, fail, forbidden, notFound, ok, type Result } from "@/lib/core/result";
import { startOfDay } from "@/lib/core/time";
import { requiredText, text } from "@/lib/core/text";
import { HOUR_CATEGORIES, type HourCategory } from "@/lib/hours/rules";
import { evidence } from "@/lib/hours/totals";
import { inScope } from "@/lib/org/scope";
import {
  lineOutcome,
  MAX_BUDGET,
  MAX_NOTES,
  MAX_PLAN_HOURS,
  MAX_TOPIC,
  monthRollup,
  unitRollup,
  type AudienceMember,
  type DeliveryKind,
  type DeliveryDone,
  type LedgerEntry,
  type LineOutcome,
  type MonthRow,
  type UnitRow,
} from "./rules";

/** At most two decimals (what the numeric columns keep). */
const hundredths = (n: number) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6;
const id = z.coerce.number().int().positive().max(2_147_483_647);
const ids = z.preprocess(
  (v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v.filter((x) => x !== "") : [v]),
  z.array(id).max(200, "plans.errors.tooMany"),
);

export const planInput = z.object({
  orgUnitId: id,
  year: z.coerce.number({ message: "plans.errors.year" }).int("plans.errors.year").min(2000, "plans.errors.year").max(2100, "plans.errors.year"),
});

export const lineInput = z.object({
  planId: id,
  lineId: z.preprocess((v) => (v === "" ? undefined : v), id.optional()),
  topic: requiredText(MAX_TOPIC),
  category: z.enum(HOUR_CATEGORIES, { message: "plans.errors.category" }),
  audienceUnitIds: ids,
  audienceJobIds: ids,
  month: z.coerce.number({ message: "plans.errors.month" }).int("plans.errors.month").min(1, "plans.errors.month").max(12, "plans.errors.month"),
  plannedHours: z.coerce
    .number({ message: "plans.errors.hours" })
    .refine((h) => Number.isFinite(h) && h > 0 && h <= MAX_PLAN_HOURS && hundredths(h), "plans.errors.hours"),
  budget: z.preprocess(
    (v) => (v === "" || v === undefined ? 0 : v),
    z.coerce.number({ message: "plans.errors.budget" }).refine((b) => Number.isFinite(b) && b >= 0 && b <= MAX_BUDGET && hundredths(b), "plans.errors.budget"),
  ),
  item: z.preprocess((v) => (v === undefined ? "" : v), z.string().regex(/^((course|class|quiz):[1-9][0-9]{0,9})?$/, "plans.errors.item")),
  notes: z.preprocess((v) => (v === undefined ? "" : v), text(MAX_NOTES)),
});
export type LineInput = z.infer<typeof lineInput>;

export const removeLineInput = z.object({ planId: id, lineId: id });

interface PlanRow {
  id: number;
  orgUnitId: number;
  year: number;
  unitName: string;
  unitPath: string;
}

async function loadPlan(db: Db, planId: number): Promise<PlanRow | null> {
  const [p] = await db
    .select({ id: trainingPlans.id, orgUnitId: trainingPlans.orgUnitId, year: trainingPlans.year, unitName: orgUnits.name, unitPath: orgUnits.path })
    .from(trainingPlans)
    .innerJoin(orgUnits, eq(orgUnits.id, trainingPlans.orgUnitId))
    .where(eq(trainingPlans.id, planId));
  return p ?? null;
}

const mayRead = (actor: Principal, path: string) => can(actor, "roster.read", path) || can(actor, "teach.manage", path);
const mayWrite = (actor: Principal, path: string) => can(actor, "roster.read", path);

/** The subtrees whose plans the actor may read: a manager's or a trainer's. */
function readScope(actor: Principal): Scope {
  const a = scopeOf(actor, "roster.read");
  const b = scopeOf(actor, "teach.manage");
  if (a.all || b.all) return { all: true };
  return { all: false, paths: [...a.paths, ...b.paths] };
}

export interface PlanSummary {
  id: number;
  orgUnitId: number;
  unitName: string;
  year: number;
  lines: number;
  plannedHours: number;
  budget: number;
}

/** The plans of a year of the units the actor may read, by unit path. */
export async function listPlans(db: Db, actor: Principal, year: number): Promise<Result<PlanSummary[]>> {
  if (!can(actor, "roster.read") && !can(actor, "teach.manage")) return forbidden();
  const rows = rowsOf<{ id: number; org_unit_id: number; unit_name: string; year: number; lines: number; hours: string | number; budget: string | number }>(
    await db.execute(sql`
      SELECT p.id, p.org_unit_id, u.name AS unit_name, p.year, count(l.id)::int AS lines, coalesce(sum(l.planned_hours), 0) AS hours, coalesce(sum(l.budget), 0) AS budget
      FROM training_plans p JOIN org_units u ON u.id = p.org_unit_id LEFT JOIN training_plan_lines l ON l.plan_id = p.id
      WHERE p.year = ${year} AND ${inScope(sql`u.path`, readScope(actor))}
      GROUP BY p.id, u.name, u.path ORDER BY u.path`),
  );
  return ok(
    rows.map((r) => ({
      id: Number(r.id),
      orgUnitId: Number(r.org_unit_id),
      unitName: r.unit_name,
      year: Number(r.year),
      lines: Number(r.lines),
      plannedHours: Number(r.hours),
      budget: Number(r.budget),
    })),
  );
}

/** Makes the plan of a unit for a year (one per unit and year): a manager or admin over the unit. */
export async function createPlan(db: Db, actor: Principal, input: z.infer<typeof planInput>): Promise<Result<{ id: number }>> {
  return db.transaction(async (tx) => {
    const [u] = await tx.select({ path: orgUnits.path, active: orgUnits.active }).from(orgUnits).where(eq(orgUnits.id, input.orgUnitId));
    if (!u) return notFound("plans.errors.unitNotFound");
    if (!mayWrite(actor, u.path)) return forbidden("plans.errors.notAllowed");
    if (!u.active) return fail("plans.errors.unitNotFound");
    const [p] = await tx
      .insert(trainingPlans)
      .values({ orgUnitId: input.orgUnitId, year: input.year, createdBy: actor.userId })
      .onConflictDoNothing()
      .returning({ id: trainingPlans.id });
    if (!p) return conflict("plans.errors.exists", { year: input.year });
    await audit(tx, { actorUserId: actor.userId, action: "plan.create", entity: "training_plan", entityId: p.id, after: input });
    return ok({ id: p.id });
  });
}

function parseItem(item: string): { kind: DeliveryKind; id: number } | null {
  if (!item) return null;
  const [kind, n] = item.split(":");
  return { kind: kind as DeliveryKind, id: Number(n) };
}

/** Adds a line to a plan, or (with `lineId`) changes one: a manager or admin over the plan's unit. */
export async function saveLine(db: Db, actor: Principal, input: LineInput): Promise<Result<{ id: number }>> {
  return db.transaction(async (tx) => {
    const plan = await loadPlan(tx, input.planId);
    if (!plan) return notFound("plans.errors.planNotFound");
    if (!mayWrite(actor, plan.unitPath)) return forbidden("plans.errors.notAllowed");
    const unitIds = [...new Set(input.audienceUnitIds)];
    const jobIds = [...new Set(input.audienceJobIds)];
    if (unitIds.length) {
      const found = rowsOf<{ n: number }>(
        await tx.execute(
          sql`SELECT count(*)::int AS n FROM org_units WHERE id = ANY(${`{${unitIds.join(",")}}`}::int[]) AND ${inScope(sql`path`, { all: false, paths: [plan.unitPath] })}`,
        ),
      );
      if (Number(found[0]?.n) !== unitIds.length) return fail("plans.errors.audienceUnit", { unit: plan.unitName });
    }
    if (jobIds.length) {
      const found = rowsOf<{ n: number }>(await tx.execute(sql`SELECT count(*)::int AS n FROM jobs WHERE id = ANY(${`{${jobIds.join(",")}}`}::int[])`));
      if (Number(found[0]?.n) !== jobIds.length) return fail("plans.errors.audienceJob");
    }
    const item = parseItem(input.item);
    if (item) {
      const table = { course: courses, class: classes, quiz: quizzes }[item.kind];
      const [found] = await tx.select({ id: table.id }).from(table).where(eq(table.id, item.id));
      if (!found) return fail("plans.errors.itemNotFound");
    }
    const values = {
      planId: plan.id,
      topic: input.topic,
      category: input.category,
      audienceUnitIds: unitIds,
      audienceJobIds: jobIds,
      month: input.month,
      plannedHours: input.plannedHours,
      budget: input.budget,
      courseId: item?.kind === "course" ? item.id : null,
      classId: item?.kind === "class" ? item.id : null,
      quizId: item?.kind === "quiz" ? item.id : null,
      notes: input.notes,
    };
    if (input.lineId === undefined) {
      const [l] = await tx.insert(trainingPlanLines).values(values).returning({ id: trainingPlanLines.id });
      if (!l) throw new Error("plan line not inserted");
      await audit(tx, { actorUserId: actor.userId, action: "plan.line_add", entity: "training_plan_line", entityId: l.id, after: values });
      return ok({ id: l.id });
    }
    const [before] = await tx
      .select()
      .from(trainingPlanLines)
      .where(and(eq(trainingPlanLines.id, input.lineId), eq(trainingPlanLines.planId, plan.id)));
    if (!before) return notFound("plans.errors.lineNotFound");
    await tx
      .update(trainingPlanLines)
      .set({ ...values, updatedAt: clock.now() })
      .where(eq(trainingPlanLines.id, before.id));
    const { createdAt: _c, updatedAt: _u, ...was } = before;
    await audit(tx, { actorUserId: actor.userId, action: "plan.line_update", entity: "training_plan_line", entityId: before.id, before: was, after: values });
    return ok({ id: before.id });
  });
}

/** Removes a line of a plan: a manager or admin over the plan's unit. */
export async function removeLine(db: Db, actor: Principal, input: z.infer<typeof removeLineInput>): Promise<Result> {
  return db.transaction(async (tx) => {
    const plan = await loadPlan(tx, input.planId);
    if (!plan) return notFound("plans.errors.planNotFound");
    if (!mayWrite(actor, plan.unitPath)) return forbidden("plans.errors.notAllowed");
    const [gone] = await tx
      .delete(trainingPlanLines)
      .where(and(eq(trainingPlanLines.id, input.lineId), eq(trainingPlanLines.planId, plan.id)))
      .returning();
    if (!gone) return notFound("plans.errors.lineNotFound");
    const { createdAt: _c, updatedAt: _u, ...was } = gone;
    await audit(tx, { actorUserId: actor.userId, action: "plan.line_remove", entity: "training_plan_line", entityId: gone.id, before: was });
    return ok();
  });
}

export interface PlanLineView {
  id: number;
  topic: string;
  category: HourCategory;
  audienceUnits: { id: number; name: string }[];
  audienceJobs: { id: number; name: string }[];
  month: number;
  plannedHours: number;
  budget: number;
  delivery: { kind: DeliveryKind; id: number; title: string } | null;
  notes: string;
  outcome: Omit<LineOutcome, "byUnit">;
}

export interface PlanReport {
  plan: { id: number; year: number; unit: { id: number; name: string } };
  mayEdit: boolean;
  today: string;
  lines: PlanLineView[];
  months: MonthRow[];
  units: (UnitRow & { name: string })[];
  totals: { planned: number; actual: number; budget: number };
}

/**
 * Who of `members` completed a line's delivering item in the year (rules.ts `lineOutcome`): the
 * course completed, the quiz passed, a session of the class attended — credited hours or not.
 */
async function deliveriesDone(
  db: Db,
  members: ReturnType<typeof sql>,
  y: { from: string; to: string },
  lines: readonly { courseId: number | null; classId: number | null; quizId: number | null }[],
): Promise<DeliveryDone[]> {
  const ids = (pick: (l: (typeof lines)[number]) => number | null) => [...new Set(lines.map(pick).filter((v): v is number => v !== null))];
  const arr = (xs: number[]) => sql`ANY(${`{${xs.join(",")}}`}::int[])`;
  const parts: ReturnType<typeof sql>[] = [];
  const course = ids((l) => l.courseId);
  const quiz = ids((l) => l.quizId);
  const klass = ids((l) => l.classId);
  if (course.length)
    parts.push(sql`SELECT DISTINCT cc.member_id, 'course' AS kind, cc.course_id AS item FROM course_completions cc
      WHERE cc.member_id ${members} AND cc.course_id = ${arr(course)} AND cc.completed_at >= ${y.from} AND cc.completed_at < ${y.to}`);
  if (quiz.length)
    parts.push(sql`SELECT DISTINCT qr.member_id, 'quiz', qr.quiz_id FROM quiz_results qr
      WHERE qr.member_id ${members} AND qr.passed AND qr.quiz_id = ${arr(quiz)} AND qr.updated_at >= ${y.from} AND qr.updated_at < ${y.to}`);
  if (klass.length)
    parts.push(sql`SELECT DISTINCT a.member_id, 'class', s.class_id FROM attendance a JOIN class_sessions s ON s.id = a.session_id
      WHERE a.member_id ${members} AND s.class_id = ${arr(klass)} AND s.starts_at >= ${y.from} AND s.starts_at < ${y.to}`);
  if (!parts.length) return [];
  return rowsOf<{ member_id: number; kind: DeliveryDone["kind"]; item: number }>(await db.execute(sql.join(parts, sql` UNION ALL `))).map((r) => ({
    memberId: Number(r.member_id),
    kind: r.kind,
    item: Number(r.item),
  }));
}

/**
 * A plan with each line's audience, actual hours, completion and status from the ledger of the
 * plan's year, and the plan against what was done per month and per child unit. A manager or
 * admin over the plan's unit, or a trainer over it.
 */
export async function planReport(
  db: Db,
  actor: Principal,
  planId: number,
  tz: string = clock.timeZone(),
  today: string = clock.today(),
): Promise<Result<PlanReport>> {
  const plan = await loadPlan(db, planId);
  if (!plan) return notFound("plans.errors.planNotFound");
  if (!mayRead(actor, plan.unitPath)) return forbidden("plans.errors.notAllowed");
  const lines = await db
    .select()
    .from(trainingPlanLines)
    .where(eq(trainingPlanLines.planId, plan.id))
    .orderBy(asc(trainingPlanLines.month), asc(trainingPlanLines.id));
  // The units a line may name and the units the roll-up is by: the plan's unit and its children.
  const subtree = rowsOf<{ id: number; name: string; path: string; parent_id: number | null }>(
    await db.execute(sql`SELECT id, name, path, parent_id FROM org_units WHERE ${inScope(sql`path`, { all: false, paths: [plan.unitPath] })} ORDER BY path`),
  );
  const unitName = new Map(subtree.map((u) => [Number(u.id), u.name]));
  const unitPath = new Map(subtree.map((u) => [Number(u.id), u.path]));
  const children = subtree.filter((u) => Number(u.parent_id) === plan.orgUnitId).sort((a, b) => a.name.localeCompare(b.name, "zh-CN"));
  const groupOf = (path: string) => Number(children.find((c) => path.startsWith(c.path))?.id ?? plan.orgUnitId);
  // Everyone active in the plan's unit, with their job and target jobs: each line's audience is a part of them.
  const people = rowsOf<{ id: number; path: string; jobs: number[] | string | null }>(
    await db.execute(sql`
      SELECT m.id, u.path, (SELECT array_agg(j) FROM (SELECT m.job_id AS j WHERE m.job_id IS NOT NULL UNION SELECT t.job_id FROM member_job_targets t WHERE t.member_id = m.id) x) AS jobs
      FROM members m JOIN org_units u ON u.id = m.org_unit_id
      WHERE m.status = 'active' AND ${inScope(sql`u.path`, { all: false, paths: [plan.unitPath] })}`),
  ).map((p) => ({ id: Number(p.id), path: p.path, jobs: new Set(parseIntArray(p.jobs)), group: groupOf(p.path) }));
  const audienceOf = (l: (typeof lines)[number]): AudienceMember[] => {
    const paths = (l.audienceUnitIds.length ? l.audienceUnitIds : [plan.orgUnitId]).map((u) => unitPath.get(u)).filter((p): p is string => !!p);
    return people
      .filter((p) => paths.some((x) => p.path.startsWith(x)) && (l.audienceJobIds.length === 0 || l.audienceJobIds.some((j) => p.jobs.has(j))))
      .map((p) => ({ memberId: p.id, unitId: p.group }));
  };
  const audiences = new Map(lines.map((l) => [l.id, audienceOf(l)]));
  const everyone = [...new Set([...audiences.values()].flatMap((a) => a.map((m) => m.memberId)))];
  let entries: LedgerEntry[] = [];
  let done: DeliveryDone[] = [];
  if (everyone.length) {
    const y = {
      from: startOfDay(`${plan.year}-01-01`, tz).toISOString(),
      to: startOfDay(`${plan.year + 1}-01-01`, tz).toISOString(),
      first: `${plan.year}-01-01`,
      last: `${plan.year}-12-31`,
    };
    const list = sql`= ANY(${`{${everyone.join(",")}}`}::int[])`;
    entries = rowsOf<{ member_id: number; cat: HourCategory; h: string | number; month: number; src: string; item: number | null }>(
      await db.execute(sql`SELECT member_id, cat, h, month, src, item FROM (${evidence(list, y, tz, true)}) e WHERE h > 0`),
    ).map((e) => ({
      memberId: Number(e.member_id),
      category: e.cat,
      hours: Number(e.h),
      month: Number(e.month),
      src: e.src,
      item: e.item === null ? null : Number(e.item),
    }));
    done = await deliveriesDone(db, list, y, lines);
  }
  const titles = await deliveryTitles(db, lines);
  const jobName = new Map((await db.select({ id: jobs.id, name: jobs.name }).from(jobs)).map((j) => [j.id, j.name]));
  const computed = lines.map((l) => {
    const delivery = l.courseId
      ? { kind: "course" as const, id: l.courseId }
      : l.classId
        ? { kind: "class" as const, id: l.classId }
        : l.quizId
          ? { kind: "quiz" as const, id: l.quizId }
          : null;
    const outcome = lineOutcome(
      { id: l.id, category: l.category, month: l.month, plannedHours: Number(l.plannedHours), delivery },
      plan.year,
      audiences.get(l.id) ?? [],
      entries,
      today,
      done,
    );
    return { l, delivery, outcome };
  });
  const views: PlanLineView[] = computed.map(({ l, delivery, outcome }) => {
    const { byUnit: _b, ...o } = outcome;
    return {
      id: l.id,
      topic: l.topic,
      category: l.category,
      audienceUnits: l.audienceUnitIds.map((u) => ({ id: u, name: unitName.get(u) ?? `#${u}` })),
      audienceJobs: l.audienceJobIds.map((j) => ({ id: j, name: jobName.get(j) ?? `#${j}` })),
      month: l.month,
      plannedHours: Number(l.plannedHours),
      budget: Number(l.budget),
      delivery: delivery ? { ...delivery, title: titles.get(`${delivery.kind}:${delivery.id}`) ?? `#${delivery.id}` } : null,
      notes: l.notes,
      outcome: o,
    };
  });
  const rollLines = computed.map(({ l, outcome }) => ({ month: l.month, plannedHours: Number(l.plannedHours), budget: Number(l.budget), outcome }));
  const months = monthRollup(rollLines);
  const unitIds = [...children.map((c) => Number(c.id)), plan.orgUnitId];
  const units = unitRollup(unitIds, rollLines)
    .filter((u) => u.unitId !== plan.orgUnitId || u.audience > 0)
    .map((u) => ({ ...u, name: unitName.get(u.unitId) ?? "" }));
  const sum = (f: (m: MonthRow) => number) => Math.round(months.reduce((s, m) => s + f(m), 0) * 100) / 100;
  return ok({
    plan: { id: plan.id, year: plan.year, unit: { id: plan.orgUnitId, name: plan.unitName } },
    mayEdit: mayWrite(actor, plan.unitPath),
    today,
    lines: views,
    months,
    units,
    totals: { planned: sum((m) => m.planned), actual: sum((m) => m.actual), budget: sum((m) => m.budget) },
  });
}

function parseIntArray(v: number[] | string | null): number[] {
  if (v === null) return [];
  if (Array.isArray(v)) return v.map(Number);
  return v.replace(/[{}]/g, "").split(",").filter(Boolean).map(Number);
}

async function deliveryTitles(db: Db, lines: { courseId: number | null; classId: number | null; quizId: number | null }[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const of = (k: "courseId" | "classId" | "quizId") => [...new Set(lines.map((l) => l[k]).filter((x): x is number => x !== null))];
  const read = async (kind: DeliveryKind, idsOf: number[]) => {
    if (!idsOf.length) return;
    const table = { course: courses, class: classes, quiz: quizzes }[kind];
    const rows = await db
      .select({ id: table.id, title: table.title })
      .from(table)
      .where(sql`${table.id} = ANY(${`{${idsOf.join(",")}}`}::int[])`);
    for (const r of rows) out.set(`${kind}:${r.id}`, r.title);
  };
  await read("course", of("courseId"));
  await read("class", of("classId"));
  await read("quiz", of("quizId"));
  return out;
}

export interface PlanFormOptions {
  units: { value: string; label: string }[];
  jobs: { value: string; label: string }[];
  items: { value: string; label: string; group: DeliveryKind }[];
}

/** What the add-line form offers: the units of the plan's subtree, the active jobs, and the courses, classes and quizzes (newest first). */
export async function planFormOptions(db: Db, plan: { unit: { id: number } }): Promise<PlanFormOptions> {
  const [u] = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, plan.unit.id));
  const units = u
    ? await db
        .select({ id: orgUnits.id, name: orgUnits.name, path: orgUnits.path })
        .from(orgUnits)
        .where(and(eq(orgUnits.active, true), inScope(orgUnits.path, { all: false, paths: [u.path] })))
        .orderBy(asc(orgUnits.path))
    : [];
  const jobRows = await db.select({ id: jobs.id, name: jobs.name }).from(jobs).where(eq(jobs.active, true)).orderBy(asc(jobs.name));
  const cs = await db
    .select({ id: courses.id, title: courses.title })
    .from(courses)
    .where(sql`${courses.status} <> 'archived'`)
    .orderBy(desc(courses.id))
    .limit(200);
  const cl = await db.select({ id: classes.id, title: classes.title }).from(classes).orderBy(desc(classes.id)).limit(200);
  const qz = await db.select({ id: quizzes.id, title: quizzes.title }).from(quizzes).orderBy(desc(quizzes.id)).limit(200);
  return {
    units: units.map((x) => ({ value: String(x.id), label: x.name })),
    jobs: jobRows.map((j) => ({ value: String(j.id), label: j.name })),
    items: [
      ...cs.map((x) => ({ value: `course:${x.id}`, label: x.title, group: "course" as const })),
      ...cl.map((x) => ({ value: `class:${x.id}`, label: x.title, group: "class" as const })),
      ...qz.map((x) => ({ value: `quiz:${x.id}`, label: x.title, group: "quiz" as const })),
    ],
  };
}
