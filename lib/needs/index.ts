/**
 * 以需带训: what each member needs. From the gaps of the job a member holds and the jobs they
 * work towards (lib/eligibility), and from their weakest question categories in recent quizzes,
 * suggest courses and classes; a trainer turns a unit's suggestions into course assignments and
 * class enrolments in one step. Reading a unit's needs takes a fixed number of statements.
 *
 * Only members inside the trainer's `teach.manage` scope are read or assigned: a unit outside it
 * is "not found", and the members of a unit are cut to the scope.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { scopeOf, type Principal } from "@/lib/auth/permissions";
import { enrol } from "@/lib/classes/enrol";
import { fail, ok, type Result } from "@/lib/core/result";
import { escapeLike, inScope } from "@/lib/org/scope";
import { scopedUnit, type UnitRef } from "@/lib/org/units";
import { assignCourse } from "@/lib/video/audience";
import { loadFacts, loadRequirements, type RequirementRow } from "@/lib/eligibility/data";
import { evaluateJob } from "@/lib/eligibility/rules";
import { emptyFacts } from "@/lib/eligibility/types";
import { addMonths, dayIn } from "@/lib/core/time";
import { timeZone } from "@/lib/core/clock";
import * as clock from "@/lib/core/clock";

/** A category whose recent score is below this percent counts as weak. */
const WEAK_PERCENT = 60;
const MAX_COURSES = 3;
const MAX_CLASSES = 2;

interface Reason {
  kind: "gap" | "weak";
  jobName?: string;
  requirement?: RequirementRow;
  category?: string;
  percent?: number;
}

interface Suggestion {
  kind: "course" | "class";
  id: number;
  title: string;
  reason: Reason;
}

interface MemberNeeds {
  memberId: number;
  employeeNo: string;
  name: string;
  gaps: { jobName: string; requirement: RequirementRow }[];
  weak: { category: string; percent: number }[];
  suggestions: Suggestion[];
}

type Course = { id: number; title: string; specialty: string | null };
type Klass = { id: number; title: string; series: string; specialty: string | null };

/** The pure part: one member's suggestions from their gaps, weak categories and what is on offer. */
export function suggest(
  member: { specialty: string; completed: Set<number> },
  gaps: { jobName: string; requirement: RequirementRow }[],
  weak: { category: string; specialty: string | null; percent: number }[],
  offer: { courses: Course[]; classes: Klass[] },
): Suggestion[] {
  const out: Suggestion[] = [];
  const has = (kind: Suggestion["kind"], id: number) => out.some((s) => s.kind === kind && s.id === id);
  const addCourse = (c: Course | undefined, reason: Reason) => {
    if (c && !member.completed.has(c.id) && !has("course", c.id) && out.filter((s) => s.kind === "course").length < MAX_COURSES)
      out.push({ kind: "course", id: c.id, title: c.title, reason });
  };
  const addClass = (k: Klass | undefined, reason: Reason) => {
    if (k && !has("class", k.id) && out.filter((s) => s.kind === "class").length < MAX_CLASSES) out.push({ kind: "class", id: k.id, title: k.title, reason });
  };
  for (const g of gaps) {
    const r = g.requirement;
    const reason: Reason = { kind: "gap", jobName: g.jobName, requirement: r };
    if (r.kind === "course")
      addCourse(
        offer.courses.find((c) => c.id === r.refId),
        reason,
      );
    else if (r.kind === "class")
      addClass(
        offer.classes.find((k) => k.series === r.series),
        reason,
      );
    else if (r.kind === "quiz" || r.kind === "signoff" || r.kind === "contest") {
      const sp = r.specialty ?? member.specialty;
      addCourse(
        offer.courses.find((c) => c.specialty === sp && !member.completed.has(c.id) && !has("course", c.id)),
        reason,
      );
      if (r.kind === "signoff")
        addClass(
          offer.classes.find((k) => k.specialty === sp),
          reason,
        );
    }
  }
  for (const w of weak) {
    const sp = w.specialty ?? member.specialty;
    const reason: Reason = { kind: "weak", category: w.category, percent: w.percent };
    addCourse(
      offer.courses.find((c) => c.specialty === sp && !member.completed.has(c.id) && !has("course", c.id)),
      reason,
    );
    addClass(
      offer.classes.find((k) => k.specialty === sp && !has("class", k.id)),
      reason,
    );
  }
  return out;
}

/** The needs of the active members of a unit (the actor's own scope's unit when none is asked for). */
export async function unitNeeds(
  db: Db,
  actor: Principal,
  q: { unitId: number | null; now?: Date; tz?: string },
): Promise<Result<{ unit: UnitRef; needs: MemberNeeds[] }>> {
  const unit = await scopedUnit(db, actor, "teach.manage", q.unitId);
  if (!unit.ok) return unit;
  return ok({ unit: unit.value, needs: await needsIn(db, unit.value.path, actor, q) });
}

async function needsIn(db: Db, unitPath: string, actor: Principal, q: { now?: Date; tz?: string }): Promise<MemberNeeds[]> {
  const tz = q.tz ?? timeZone();
  const now = q.now ?? clock.now();
  const today = dayIn(now, tz);
  const ms = rowsOf<{ id: number; employee_no: string; name: string; job_id: number | null; specialty: string; hired_on: string | null }>(
    await db.execute(sql`SELECT m.id, m.employee_no, m.name, m.job_id, m.specialty, m.hired_on::text AS hired_on
                           FROM members m JOIN org_units u ON u.id = m.org_unit_id
                          WHERE m.status = 'active' AND u.path LIKE ${`${escapeLike(unitPath)}%`} AND ${inScope(sql`u.path`, scopeOf(actor, "teach.manage"))}
                          ORDER BY m.employee_no`),
  ).map((m) => ({ ...m, id: Number(m.id), job_id: m.job_id === null ? null : Number(m.job_id) }));
  if (ms.length === 0) return [];
  const ids = sql.raw(`'{${ms.map((m) => m.id).join(",")}}'::int[]`);
  const targets = rowsOf<{ member_id: number; job_id: number }>(
    await db.execute(sql`SELECT member_id, job_id FROM member_job_targets WHERE member_id = ANY(${ids})`),
  );
  const jobs = new Map(
    rowsOf<{ id: number; name: string }>(await db.execute(sql`SELECT id, name FROM jobs WHERE active`)).map((j) => [Number(j.id), String(j.name)]),
  );
  const requirements = await loadRequirements(db, [...jobs.keys()]);
  const requirementById = new Map(requirements.map((r) => [r.id, r]));
  const facts = await loadFacts(
    db,
    ms.map((m) => m.id),
    tz,
  );
  const since = addMonths(today, -6);
  const weakRows = rowsOf<{ member_id: number; category: string; specialty: string | null; got: string; max: string }>(
    await db.execute(sql`
      SELECT a.member_id, c.name AS category, c.specialty, sum(CASE WHEN v.type = 'group' THEN coalesce(aa.auto_score, 0) ELSE coalesce(aa.manual_score, aa.auto_score, 0) END) AS got, sum(aq.points) AS max
        FROM attempts a
        JOIN attempt_questions aq ON aq.attempt_id = a.id
        JOIN question_versions v ON v.id = aq.question_version_id
        JOIN questions qn ON qn.id = v.question_id
        JOIN question_categories c ON c.id = qn.category_id
        LEFT JOIN attempt_answers aa ON aa.attempt_id = a.id AND aa.position = aq.position
       WHERE a.member_id = ANY(${ids}) AND a.state = 'submitted' AND NOT a.preview AND a.submitted_at >= ${since}::date
       GROUP BY a.member_id, c.id, c.name, c.specialty
      HAVING sum(aq.points) > 0`),
  );
  const courses = rowsOf<Course>(await db.execute(sql`SELECT id, title, specialty FROM courses WHERE status = 'published' ORDER BY id`)).map((c) => ({
    ...c,
    id: Number(c.id),
  }));
  const classes = rowsOf<Klass>(
    await db.execute(sql`SELECT c.id, c.title, c.series, c.specialty FROM classes c
                          WHERE c.status = 'published' AND EXISTS (SELECT 1 FROM class_sessions s WHERE s.class_id = c.id AND s.starts_at > ${now.toISOString()}::timestamptz)
                          ORDER BY c.id`),
  ).map((k) => ({ ...k, id: Number(k.id) }));
  const out: MemberNeeds[] = [];
  for (const m of ms) {
    const f = facts.get(m.id) ?? emptyFacts(m.id, m.hired_on);
    const jobIds = [m.job_id, ...targets.filter((t) => Number(t.member_id) === m.id).map((t) => Number(t.job_id))].filter(
      (j): j is number => j !== null && jobs.has(j),
    );
    const gaps: MemberNeeds["gaps"] = [];
    for (const j of [...new Set(jobIds)]) {
      const o = evaluateJob(j, requirements, f, today);
      for (const x of o.outcomes) {
        const requirement = requirementById.get(x.requirementId);
        if (requirement && (x.state === "missing" || x.state === "expired")) gaps.push({ jobName: jobs.get(j)!, requirement });
      }
    }
    const weak = weakRows
      .filter((w) => Number(w.member_id) === m.id)
      .map((w) => ({ category: String(w.category), specialty: w.specialty, percent: Math.round((Number(w.got) / Number(w.max)) * 1000) / 10 }))
      .filter((w) => w.percent < WEAK_PERCENT)
      .sort((a, b) => a.percent - b.percent)
      .slice(0, 2);
    const suggestions = suggest({ specialty: m.specialty, completed: new Set(f.courseCompletions.map((c) => c.courseId)) }, gaps, weak, { courses, classes });
    if (gaps.length || weak.length)
      out.push({
        memberId: m.id,
        employeeNo: m.employee_no,
        name: m.name,
        gaps,
        weak: weak.map(({ category, percent }) => ({ category, percent })),
        suggestions,
      });
  }
  return out;
}

/**
 * Turns a unit's suggestions into course assignments (one call per course) and class enrolments,
 * each made as the actor (so each keeps to the actor's scope on its own).
 */
export async function assignNeeds(
  db: Db,
  actor: Principal,
  q: { unitId: number | null; now?: Date },
): Promise<Result<{ courses: number; classes: number; waitlisted: number }>> {
  const found = await unitNeeds(db, actor, q);
  if (!found.ok) return found;
  const byCourse = new Map<number, number[]>();
  const classPlaces: { classId: number; memberId: number }[] = [];
  for (const n of found.value.needs)
    for (const s of n.suggestions) {
      if (s.kind === "course") byCourse.set(s.id, [...(byCourse.get(s.id) ?? []), n.memberId]);
      else classPlaces.push({ classId: s.id, memberId: n.memberId });
    }
  if (byCourse.size === 0 && classPlaces.length === 0) return fail("eligibility.errors.noCandidates");
  let courses = 0;
  for (const [courseId, memberIds] of byCourse) {
    const r = await assignCourse(db, actor, { courseId, memberIds });
    if (r.ok) courses += r.value.added;
  }
  let classes = 0;
  let waitlisted = 0;
  for (const p of classPlaces) {
    const r = await enrol(db, actor, { classId: p.classId, memberId: p.memberId, now: q.now });
    if (r.ok && !r.value.already) {
      if (r.value.status === "waitlisted") waitlisted++;
      else classes++;
    }
  }
  return ok({ courses, classes, waitlisted });
}
