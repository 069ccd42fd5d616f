/**
 * The 学时 ledger, computed: every read sums the evidence (lesson_progress, attendance ×
 * class_sessions, course_completions, signoffs, quiz_results) and the external entries of a
 * year, so it is always right and nothing has to be kept in step. Each read takes the acting
 * principal and checks scope itself.
 */
import { eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { hoursSettings, members, orgUnits } from "@/db/schema";
import { can, canReadMember, type Principal } from "@/lib/auth/permissions";
import { timeZone } from "@/lib/core/clock";
import { forbidden, notFound, ok, type Result } from "@/lib/core/result";
import { startOfDay } from "@/lib/core/time";
import type { CacheFreshness } from "@/lib/eligibility/cache";
import {
  applicableMinimum,
  HIGH_HAZARD_MINIMUMS,
  HOUR_CATEGORIES,
  lessonHours,
  roundHours,
  sessionHours,
  summarise,
  type HourCategory,
  type HourEntry,
  type HourMinimums,
  type HoursSummary,
} from "./rules";
import { equipmentDone, evidence, totalsForRead } from "./totals";

/** The site's minimums: the settings row, or the high-hazard defaults when there is none. */
export async function minimums(db: Db): Promise<HourMinimums> {
  const [r] = await db.select().from(hoursSettings).where(eq(hoursSettings.id, 1));
  if (!r) return HIGH_HAZARD_MINIMUMS;
  const counted = r.counted.filter((c): c is HourCategory => (HOUR_CATEGORIES as readonly string[]).includes(c));
  return {
    newWorkerInitial: Number(r.newWorkerInitial),
    workerAnnual: Number(r.workerAnnual),
    managerInitial: Number(r.managerInitial),
    managerAnnual: Number(r.managerAnnual),
    counted,
  };
}

/** The instants a year of the site's zone runs between: [from, to). */
function yearSpan(year: number, tz: string): { from: string; to: string; first: string; last: string } {
  // ISO text, not Date: postgres.js takes no Date in a raw query's parameters.
  const from = startOfDay(`${year}-01-01`, tz).toISOString();
  const to = startOfDay(`${year + 1}-01-01`, tz).toISOString();
  return { from, to, first: `${year}-01-01`, last: `${year}-12-31` };
}

const isManager = (memberCol: SQL) =>
  sql`EXISTS (SELECT 1 FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.member_id = ${memberCol} AND r.role = 'manager')`;

interface RawEntry {
  source: HourEntry["source"];
  ref_id: number;
  category: HourCategory;
  day: string;
  title: string;
  watched_s: number | null;
  duration_s: number | null;
  starts_at: string | Date | null;
  ends_at: string | Date | null;
  hours: string | number | null;
}

/** One member's entries of a year, each with its evidence, oldest first. */
async function entriesOf(db: Db, memberId: number, year: number, tz: string): Promise<HourEntry[]> {
  const y = yearSpan(year, tz);
  const rows = rowsOf<RawEntry>(
    await db.execute(sql`
      SELECT 'lesson' AS source, l.id AS ref_id, l.hours_category::text AS category, to_char(lp.updated_at AT TIME ZONE ${tz}, 'YYYY-MM-DD') AS day, l.title,
        lp.watched_s::float8 AS watched_s, l.duration_s::float8 AS duration_s, NULL::timestamptz AS starts_at, NULL::timestamptz AS ends_at, NULL::numeric AS hours
        FROM lesson_progress lp JOIN lessons l ON l.id = lp.lesson_id
        WHERE lp.member_id = ${memberId} AND lp.watched_s > 0 AND lp.updated_at >= ${y.from} AND lp.updated_at < ${y.to}
      UNION ALL
      SELECT 'session', s.id, c.hours_category::text, to_char(s.starts_at AT TIME ZONE ${tz}, 'YYYY-MM-DD'), c.title, NULL, NULL, s.starts_at, s.ends_at, NULL
        FROM attendance a JOIN class_sessions s ON s.id = a.session_id JOIN classes c ON c.id = s.class_id
        WHERE a.member_id = ${memberId} AND s.starts_at >= ${y.from} AND s.starts_at < ${y.to}
      UNION ALL
      SELECT 'course', co.id, co.hours_category::text, to_char(cc.completed_at AT TIME ZONE ${tz}, 'YYYY-MM-DD'), co.title, NULL, NULL, NULL, NULL, co.credit_hours
        FROM course_completions cc JOIN courses co ON co.id = cc.course_id
        WHERE cc.member_id = ${memberId} AND co.credit_hours > 0 AND cc.completed_at >= ${y.from} AND cc.completed_at < ${y.to}
      UNION ALL
      SELECT 'signoff', so.id, t.hours_category::text, to_char(so.signed_on, 'YYYY-MM-DD'), t.title, NULL, NULL, NULL, NULL, t.credit_hours
        FROM signoffs so JOIN practical_tasks t ON t.id = so.task_id
        WHERE so.member_id = ${memberId} AND t.credit_hours > 0 AND so.signed_on >= ${y.first} AND so.signed_on <= ${y.last}
      UNION ALL
      SELECT 'quiz', q.id, q.hours_category::text, to_char(qr.updated_at AT TIME ZONE ${tz}, 'YYYY-MM-DD'), q.title, NULL, NULL, NULL, NULL, q.credit_hours
        FROM quiz_results qr JOIN quizzes q ON q.id = qr.quiz_id
        WHERE qr.member_id = ${memberId} AND qr.passed AND q.credit_hours > 0 AND qr.updated_at >= ${y.from} AND qr.updated_at < ${y.to}
      UNION ALL
      SELECT 'external', x.id, x.category::text, to_char(x.day, 'YYYY-MM-DD'), x.title, NULL, NULL, NULL, NULL, x.hours
        FROM external_hours x
        WHERE x.member_id = ${memberId} AND x.day >= ${y.first} AND x.day <= ${y.last}
      UNION ALL
      SELECT 'equipment', e.id, l.hours_category::text, to_char(ev.day, 'YYYY-MM-DD'), e.name, ev.watched_s::float8, ev.clip_s::float8, NULL, NULL, NULL
        FROM equipment_visits ev JOIN equipment e ON e.id = ev.equipment_id JOIN lessons l ON l.id = e.lesson_id
        WHERE ev.member_id = ${memberId} AND ev.watched_s > 0 AND ${equipmentDone(sql`ev`)} AND ev.day >= ${y.first} AND ev.day <= ${y.last}
      UNION ALL
      SELECT 'induction', r.id, 'safety', to_char(r.signed_off_on, 'YYYY-MM-DD'), r.level::text, NULL, NULL, NULL, NULL, r.hours_credited
        FROM induction_records r
        WHERE r.member_id = ${memberId} AND r.signed_off_on IS NOT NULL AND r.hours_credited > 0 AND r.signed_off_on >= ${y.first} AND r.signed_off_on <= ${y.last}
      UNION ALL
      SELECT 'case', c.id, 'safety', to_char(ca.completed_at AT TIME ZONE ${tz}, 'YYYY-MM-DD'), c.title, NULL, NULL, NULL, NULL, c.credit_hours
        FROM case_assignments ca JOIN cases c ON c.id = ca.case_id
        WHERE ca.member_id = ${memberId} AND ca.completed_at IS NOT NULL AND c.credit_hours > 0 AND ca.completed_at >= ${y.from} AND ca.completed_at < ${y.to}
      ORDER BY day, source, ref_id`),
  );
  return rows.map((r) => {
    let hours: number;
    if (r.source === "lesson" || r.source === "equipment") hours = lessonHours(Number(r.watched_s), r.duration_s === null ? null : Number(r.duration_s));
    else if (r.source === "session") hours = sessionHours(new Date(r.starts_at ?? 0), new Date(r.ends_at ?? 0), true);
    else hours = roundHours(Number(r.hours));
    return { source: r.source, refId: Number(r.ref_id), category: r.category, day: r.day, hours, title: r.title };
  });
}

export interface MemberHours extends HoursSummary {
  year: number;
  entries: HourEntry[];
}

/** A member's hours of a year by category against the minimum that applies to them. */
export async function memberHours(db: Db, actor: Principal, memberId: number, year: number, tz: string = timeZone()): Promise<Result<MemberHours>> {
  const [m] = rowsOf<{ id: number; path: string; hired_on: string | null; manager: boolean }>(
    await db.execute(sql`SELECT m.id, u.path, to_char(m.hired_on, 'YYYY-MM-DD') AS hired_on, ${isManager(sql`m.id`)} AS manager
      FROM members m JOIN org_units u ON u.id = m.org_unit_id WHERE m.id = ${memberId}`),
  );
  if (!m) return notFound();
  if (!canReadMember(actor, { id: Number(m.id), orgPath: m.path })) return forbidden();
  const mins = await minimums(db);
  const entries = await entriesOf(db, Number(m.id), year, tz);
  const minimum = applicableMinimum({ hiredOn: m.hired_on, manager: Boolean(m.manager) }, year, mins);
  return ok({ year, entries, ...summarise(entries, minimum, mins.counted) });
}

/**
 * A member's credited hours (every category) on the days from `from` to `to`, both included — the
 * training counted towards a certificate's 复审 since the last one. Whoever may read the member,
 * or a trainer or manager over the member's unit.
 */
export async function hoursBetween(db: Db, actor: Principal, memberId: number, from: string, to: string, tz: string = timeZone()): Promise<Result<number>> {
  const m = await memberScope(db, memberId);
  if (!m) return notFound();
  if (!canReadMember(actor, m) && !can(actor, "teach.manage", m.orgPath) && !can(actor, "roster.read", m.orgPath)) return forbidden();
  let total = 0;
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    for (const e of await entriesOf(db, memberId, y, tz)) if (e.day >= from && e.day <= to) total += e.hours;
  }
  return ok(roundHours(total));
}

export interface YearHours {
  year: number;
  total: number;
  counted: number;
  minimum: number;
  shortfall: number;
}

/**
 * Several members' hours per year at once (a unit's files): for each member the actor may read,
 * each year from `lastYear` back to `firstYear` (or their hire year, if later), newest first.
 * Three reads whatever the number of members, the evidence summed as the totals sum it.
 */
export async function yearlyHours(
  db: Db,
  actor: Principal,
  memberIds: readonly number[],
  firstYear: number,
  lastYear: number,
  tz: string = timeZone(),
): Promise<Map<number, YearHours[]>> {
  const out = new Map<number, YearHours[]>();
  if (!memberIds.length) return out;
  const ids = `{${memberIds.join(",")}}`;
  const found = rowsOf<{ id: number; path: string; hired_on: string | null; manager: boolean }>(
    await db.execute(sql`SELECT m.id, u.path, to_char(m.hired_on, 'YYYY-MM-DD') AS hired_on, ${isManager(sql`m.id`)} AS manager
      FROM members m JOIN org_units u ON u.id = m.org_unit_id WHERE m.id = ANY(${ids}::int[])`),
  ).filter((m) => canReadMember(actor, { id: Number(m.id), orgPath: m.path }));
  if (!found.length) return out;
  const mins = await minimums(db);
  const span = { from: yearSpan(firstYear, tz).from, to: yearSpan(lastYear, tz).to, first: `${firstYear}-01-01`, last: `${lastYear}-12-31` };
  const list = sql`= ANY(${`{${found.map((m) => Number(m.id)).join(",")}}`}::int[])`;
  const sums = rowsOf<{ member_id: number; year: number; cat: HourCategory; h: string | number }>(
    await db.execute(sql`SELECT member_id, year, cat, sum(h) AS h FROM (${evidence(list, span, tz)}) e GROUP BY member_id, year, cat`),
  );
  const byKey = new Map<string, { category: HourCategory; hours: number }[]>();
  for (const r of sums) {
    const key = `${Number(r.member_id)}:${Number(r.year)}`;
    const list = byKey.get(key) ?? [];
    list.push({ category: r.cat, hours: Number(r.h) });
    byKey.set(key, list);
  }
  for (const m of found) {
    const id = Number(m.id);
    const from = Math.max(firstYear, m.hired_on ? Number(m.hired_on.slice(0, 4)) : 0);
    const years: YearHours[] = [];
    for (let y = lastYear; y >= from; y--) {
      const s = summarise(byKey.get(`${id}:${y}`) ?? [], applicableMinimum({ hiredOn: m.hired_on, manager: Boolean(m.manager) }, y, mins), mins.counted);
      years.push({ year: y, total: s.total, counted: s.counted, minimum: s.minimum.hours, shortfall: s.shortfall });
    }
    out.set(id, years);
  }
  return out;
}

export interface ShortfallRow {
  memberId: number;
  employeeNo: string;
  name: string;
  unitName: string;
  byCategory: Record<HourCategory, number>;
  total: number;
  counted: number;
  minimum: number;
  minimumKind: string;
  shortfall: number;
}

export interface ShortfallReport {
  unit: { id: number; name: string };
  year: number;
  rows: ShortfallRow[];
  /** Members of the subtree with a shortfall, all pages. */
  total: number;
  /** Active members of the subtree. */
  members: number;
  /** How current the totals read were (from the evidence: always current). */
  freshness: CacheFreshness;
}

/**
 * The members of a unit subtree whose counted hours of the year fall short of their minimum,
 * the largest shortfall first, a page at a time (`limit` null: all of them, for the export).
 * Managers (`roster.read`) and admins over the unit.
 */
export async function shortfallReport(
  db: Db,
  actor: Principal,
  q: { unitId: number; year: number; page: number; limit: number | null },
  tz: string = timeZone(),
  source: "totals" | "evidence" | "totals-as-is" = "totals",
): Promise<Result<ShortfallReport>> {
  const [unit] = await db.select({ id: orgUnits.id, name: orgUnits.name, path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, q.unitId));
  if (!unit) return notFound();
  if (!can(actor, "roster.read", unit.path)) return forbidden();
  const mins = await minimums(db);
  const y = yearSpan(q.year, tz);
  const cat = (c: HourCategory) => sql.raw(`coalesce(s.${c}, 0)`);
  const countedSum = mins.counted.length
    ? sql.join(
        mins.counted.map((c) => cat(c)),
        sql` + `,
      )
    : sql`0`;
  const limit = q.limit === null ? sql`` : sql`LIMIT ${q.limit} OFFSET ${(q.page - 1) * q.limit}`;
  // The totals (the few members waiting recomputed first; many are the hours-refresh job's, and
  // the report says how old its totals are), the totals as the job last left them (the manager's
  // home page: a read that writes nothing), or, for the bench and the tests that hold the two
  // equal, the evidence itself.
  const freshness = source === "evidence" ? { refreshedAt: null, pending: false } : await totalsForRead(db, tz, source === "totals");
  const src =
    source !== "evidence"
      ? sql`s AS (SELECT member_id, safety, skills, management, other FROM hours_totals WHERE year = ${q.year})`
      : sql`e AS (${evidence(sql`IN (SELECT id FROM mem)`, y, tz)}),
        s AS (
          SELECT member_id, sum(h) FILTER (WHERE cat = 'safety') AS safety, sum(h) FILTER (WHERE cat = 'skills') AS skills,
            sum(h) FILTER (WHERE cat = 'management') AS management, sum(h) FILTER (WHERE cat = 'other') AS other
          FROM e GROUP BY member_id
        )`;
  // Every member of the subtree with their counted hours and minimum; read twice, for the
  // counts and for the page (a window count over every row would hold them all, names included).
  const r = sql`
      WITH mgr AS (
        SELECT DISTINCT u.member_id FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.role = 'manager' AND u.member_id IS NOT NULL
      ),
      mem AS (
        SELECT m.id, m.employee_no, m.name, u.name AS unit_name,
          (EXTRACT(YEAR FROM m.hired_on) = ${q.year}) AS initial, (mg.member_id IS NOT NULL) AS manager
        FROM members m JOIN org_units u ON u.id = m.org_unit_id LEFT JOIN mgr mg ON mg.member_id = m.id
        WHERE u.path LIKE ${`${unit.path}%`} AND m.status = 'active'
      ),
      ${src},
      r AS (
        SELECT mem.*, ${cat("safety")} AS safety, ${cat("skills")} AS skills, ${cat("management")} AS management, ${cat("other")} AS other,
          ${countedSum} AS counted,
          CASE WHEN mem.manager AND mem.initial THEN 'managerInitial' WHEN mem.manager THEN 'managerAnnual'
               WHEN mem.initial THEN 'newWorkerInitial' ELSE 'workerAnnual' END AS minimum_kind,
          CASE WHEN mem.manager AND mem.initial THEN ${mins.managerInitial}::numeric WHEN mem.manager THEN ${mins.managerAnnual}::numeric
               WHEN mem.initial THEN ${mins.newWorkerInitial}::numeric ELSE ${mins.workerAnnual}::numeric END AS minimum
        FROM mem LEFT JOIN s ON s.member_id = mem.id
      )`;
  const countsSql = sql`${r} SELECT count(*) AS members, count(*) FILTER (WHERE r.counted < r.minimum) AS n FROM r`;
  // From the totals: the page and the counts as two reads side by side. From the evidence (as
  // before the totals): the counts ride on the page's rows, summing the evidence once.
  const [pageResult, countsResult] = await Promise.all([
    db.execute(sql`${r}
      SELECT r.*, r.minimum - r.counted AS shortfall ${source === "evidence" ? sql`, count(*) OVER () AS n, (SELECT count(*) FROM mem) AS members` : sql``}
      FROM r WHERE r.counted < r.minimum
      ORDER BY r.minimum - r.counted DESC, r.employee_no ${limit}`),
    source !== "evidence" ? db.execute(countsSql) : null,
  ]);
  const rows = rowsOf<{
    id: number;
    employee_no: string;
    name: string;
    unit_name: string;
    safety: string;
    skills: string;
    management: string;
    other: string;
    counted: string;
    minimum: string;
    minimum_kind: string;
    shortfall: string;
    n?: number;
    members?: number;
  }>(pageResult);
  const [top] = rows;
  const [counts] =
    countsResult !== null
      ? rowsOf<{ members: number; n: number }>(countsResult)
      : top
        ? [{ members: Number(top.members), n: Number(top.n) }]
        : rowsOf<{ members: number; n: number }>(await db.execute(countsSql));
  return ok({
    unit: { id: unit.id, name: unit.name },
    year: q.year,
    total: Number(counts?.n ?? 0),
    members: Number(counts?.members ?? 0),
    freshness,
    rows: rows.map((r) => {
      const byCategory = { safety: Number(r.safety), skills: Number(r.skills), management: Number(r.management), other: Number(r.other) };
      return {
        memberId: Number(r.id),
        employeeNo: r.employee_no,
        name: r.name,
        unitName: r.unit_name,
        byCategory,
        total: roundHours(byCategory.safety + byCategory.skills + byCategory.management + byCategory.other),
        counted: roundHours(Number(r.counted)),
        minimum: Number(r.minimum),
        minimumKind: r.minimum_kind,
        shortfall: roundHours(Number(r.shortfall)),
      };
    }),
  });
}

export interface HoursBrief {
  counted: number;
  minimum: number;
  shortfall: number;
}

/**
 * The year's counted hours against the minimum of each of the given members (a roster page),
 * from the totals (as `totalsForRead` leaves them: the roster page says how current its statuses
 * are); members the actor may not read are left out. At most 500 members at a time.
 */
export async function hoursBriefs(
  db: Db,
  actor: Principal,
  memberIds: readonly number[],
  year: number,
  tz: string = timeZone(),
): Promise<Map<number, HoursBrief>> {
  const out = new Map<number, HoursBrief>();
  const ids = [...new Set(memberIds)].filter((n) => Number.isInteger(n) && n > 0).slice(0, 500);
  if (!ids.length) return out;
  await totalsForRead(db, tz);
  const mins = await minimums(db);
  const list = `{${ids.join(",")}}`;
  const rows = rowsOf<{
    id: number;
    path: string;
    hired_on: string | null;
    manager: boolean;
    safety: string | null;
    skills: string | null;
    management: string | null;
    other: string | null;
  }>(
    await db.execute(sql`SELECT m.id, u.path, to_char(m.hired_on, 'YYYY-MM-DD') AS hired_on, ${isManager(sql`m.id`)} AS manager,
        t.safety, t.skills, t.management, t.other
      FROM members m JOIN org_units u ON u.id = m.org_unit_id LEFT JOIN hours_totals t ON t.member_id = m.id AND t.year = ${year}
      WHERE m.id = ANY(${list}::int[])`),
  );
  for (const r of rows) {
    const id = Number(r.id);
    if (!canReadMember(actor, { id, orgPath: r.path })) continue;
    const entries = HOUR_CATEGORIES.map((category) => ({ category, hours: Number(r[category] ?? 0) }));
    const minimum = applicableMinimum({ hiredOn: r.hired_on, manager: Boolean(r.manager) }, year, mins);
    const sum = summarise(entries, minimum, mins.counted);
    out.set(id, { counted: sum.counted, minimum: minimum.hours, shortfall: sum.shortfall });
  }
  return out;
}

/** A member's unit path, for callers that check scope before a write. */
export async function memberScope(db: Db, memberId: number): Promise<{ id: number; orgPath: string; name: string } | null> {
  const [m] = await db
    .select({ id: members.id, orgPath: orgUnits.path, name: members.name })
    .from(members)
    .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
    .where(eq(members.id, memberId));
  return m ?? null;
}

/** The report page's query: a unit, a year, a page. */
export const reportFilter = z.object({
  unit: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  year: z.coerce
    .number({ message: "hours.errors.badYear" })
    .int("hours.errors.badYear")
    .min(2000, "hours.errors.badYear")
    .max(2100, "hours.errors.badYear")
    .optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
