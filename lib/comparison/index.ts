import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { orgUnits, stationPairings } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { can, scopeOf, type Principal } from "@/lib/auth/permissions";
import { timeZone, today } from "@/lib/core/clock";
import { fail, forbidden, notFound, ok, type Result } from "@/lib/core/result";
import { text } from "@/lib/core/text";
import { QUARTER_RE, quarterDays, quarterOf } from "@/lib/core/time";
import { inScope } from "@/lib/org/scope";

/**
 * 比学赶帮超 and 结对帮扶: figures per unit (its subtree, members as they are placed now) and
 * quarter. Each figure is one set-wise query over all units and quarters asked for, so the
 * number of queries does not grow with units, quarters or members. A quarter that has not begun
 * on `day` has no figures (null: nothing to show), not 0 %; the current quarter's figures are
 * those so far, and where there is nothing yet (no points; no results while its quizzes are all
 * still open) nothing, not 0.
 */

export const METRICS = ["quizAverage", "participation", "completion", "attendance", "points"] as const;
export type Metric = (typeof METRICS)[number];

export interface UnitQuarter {
  unitId: number;
  quarter: string;
  members: number;
  /** Mean percent of the quiz results of record of the quarter's quizzes; null: no results. */
  quizAverage: number | null;
  /** Percent of members with a result in one of the quarter's quizzes. */
  participation: number | null;
  /** Percent of course enrolments made by the quarter's end that were completed by then; null: none (or no courses installed). */
  completion: number | null;
  /** Percent of the enrolled places in the quarter's class sessions that were attended; null: no sessions. */
  attendance: number | null;
  /** Points earned in the quarter per member. */
  points: number | null;
}

function quartersSql(quarters: string[]): SQL {
  const rows = quarters.map((q) => {
    const { first, last } = quarterDays(q);
    return sql`(${q}::text, (${first}::date::timestamp AT TIME ZONE ${timeZone()}), ((${last}::date + 1)::timestamp AT TIME ZONE ${timeZone()}))`;
  });
  return sql`(VALUES ${sql.join(rows, sql`, `)}) AS qq(quarter, starts, ends)`;
}

export async function unitQuarterMetrics(db: Db, unitIds: number[], quarters: string[], day: string = today()): Promise<UnitQuarter[]> {
  if (unitIds.length === 0 || quarters.length === 0) return [];
  for (const q of quarters) if (!QUARTER_RE.test(q)) throw new Error(`not a quarter: ${q}`);
  const ids = sql.raw(`'{${unitIds.map((n) => Math.trunc(n)).join(",")}}'::int[]`);
  // Members of each unit's subtree.
  const um = sql`SELECT u.id AS unit_id, m.id AS member_id FROM org_units u JOIN org_units s ON s.path LIKE u.path || '%' JOIN members m ON m.org_unit_id = s.id AND m.status = 'active' WHERE u.id = ANY(${ids})`;
  const key = (u: number, q: string) => `${u}|${q}`;
  const out = new Map<string, UnitQuarter>();
  for (const u of unitIds)
    for (const q of quarters)
      out.set(key(u, q), { unitId: u, quarter: q, members: 0, quizAverage: null, participation: null, completion: null, attendance: null, points: null });

  const sizes = rowsOf<{ unit_id: number; n: number }>(await db.execute(sql`SELECT unit_id, count(*)::int AS n FROM (${um}) x GROUP BY unit_id`));
  const size = new Map(sizes.map((r) => [Number(r.unit_id), Number(r.n)]));
  for (const v of out.values()) v.members = size.get(v.unitId) ?? 0;
  const pct = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 10 : null);

  const quiz = rowsOf<{ unit_id: number; quarter: string; avg: number | null; takers: number }>(
    await db.execute(sql`SELECT um.unit_id, q.quarter, round(avg(r.percent), 1)::float AS avg, count(DISTINCT r.member_id)::int AS takers
      FROM (${um}) um JOIN quiz_results r ON r.member_id = um.member_id JOIN quizzes q ON q.id = r.quiz_id
      WHERE q.quarter IN (${sql.join(
        quarters.map((q) => sql`${q}`),
        sql`, `,
      )}) GROUP BY um.unit_id, q.quarter`),
  );
  for (const r of quiz) {
    const v = out.get(key(Number(r.unit_id), r.quarter));
    if (v) {
      v.quizAverage = r.avg === null ? null : Number(r.avg);
      v.participation = pct(Number(r.takers), v.members);
    }
  }
  // No result is 0 % once the quarter is over, or once one of its quizzes has closed; while the
  // current quarter's quizzes are all still open, nobody has missed anything yet: nothing to show.
  const current = quarterOf(day);
  const closed = new Set(
    rowsOf<{ quarter: string }>(
      await db.execute(sql`SELECT DISTINCT quarter FROM quizzes WHERE quarter = ${current} AND status <> 'draft'
        AND closes_at < ((${day}::date + 1)::timestamp AT TIME ZONE ${timeZone()})`),
    ).map((r) => r.quarter),
  );
  for (const v of out.values()) if (v.participation === null && v.members > 0 && (v.quarter < current || closed.has(v.quarter))) v.participation = 0;

  const pts = rowsOf<{ unit_id: number; quarter: string; points: number }>(
    await db.execute(sql`SELECT um.unit_id, qq.quarter, sum(l.points)::int AS points
      FROM (${um}) um JOIN points_ledger l ON l.member_id = um.member_id JOIN ${quartersSql(quarters)} ON l.earned_at >= qq.starts AND l.earned_at < qq.ends
      GROUP BY um.unit_id, qq.quarter`),
  );
  // Points are 0 in a past quarter without any; in the current one, nothing yet is shown as nothing.
  for (const v of out.values()) if (v.members > 0 && v.quarter < current) v.points = 0;
  for (const r of pts) {
    const v = out.get(key(Number(r.unit_id), r.quarter));
    if (v && v.members > 0) v.points = Math.round((Number(r.points) / v.members) * 10) / 10;
  }

  const comp = rowsOf<{ unit_id: number; quarter: string; enrolled: number; done: number }>(
    await db.execute(sql`SELECT um.unit_id, qq.quarter, count(*)::int AS enrolled, count(c.member_id) FILTER (WHERE c.completed_at < qq.ends)::int AS done
      FROM (${um}) um JOIN course_enrolments e ON e.member_id = um.member_id CROSS JOIN ${quartersSql(quarters)}
      LEFT JOIN course_completions c ON c.member_id = e.member_id AND c.course_id = e.course_id
      WHERE e.created_at < qq.ends GROUP BY um.unit_id, qq.quarter`),
  );
  for (const r of comp) {
    const v = out.get(key(Number(r.unit_id), r.quarter));
    if (v) v.completion = pct(Number(r.done), Number(r.enrolled));
  }

  const att = rowsOf<{ unit_id: number; quarter: string; places: number; attended: number }>(
    await db.execute(sql`SELECT um.unit_id, qq.quarter, count(*)::int AS places, count(a.member_id)::int AS attended
      FROM (${um}) um JOIN class_enrolments e ON e.member_id = um.member_id AND e.status = 'enrolled'
      JOIN class_sessions s ON s.class_id = e.class_id
      JOIN ${quartersSql(quarters)} ON s.starts_at >= qq.starts AND s.starts_at < qq.ends
      LEFT JOIN attendance a ON a.session_id = s.id AND a.member_id = um.member_id
      GROUP BY um.unit_id, qq.quarter`),
  );
  for (const r of att) {
    const v = out.get(key(Number(r.unit_id), r.quarter));
    if (v) v.attendance = pct(Number(r.attended), Number(r.places));
  }
  for (const v of out.values())
    if (v.quarter > current) Object.assign(v, { quizAverage: null, participation: null, completion: null, attendance: null, points: null });
  return [...out.values()];
}

export interface ComparedTeam {
  id: number;
  name: string;
  /** The viewer's own team, or one inside their `roster.read` scope (drawn first, named in bold). */
  own: boolean;
}

/**
 * 比学赶帮超 for everyone signed in: the team-level figures (`unitQuarterMetrics`: averages,
 * rates, points per member) of every active team, so a captain or a worker compares their team
 * with the others. Only aggregates leave here, never a member's name or id; names stay behind
 * `member.read` (`searchMembers`, `memberRanking`).
 */
export async function teamComparison(
  db: Db,
  viewer: Principal,
  quarters: string[],
  day: string = today(),
): Promise<Result<{ teams: ComparedTeam[]; figures: UnitQuarter[] }>> {
  if (!can(viewer, "self.learn")) return forbidden();
  const scope = scopeOf(viewer, "roster.read");
  const [me] = rowsOf<{ path: string }>(
    await db.execute(sql`SELECT u.path FROM members m JOIN org_units u ON u.id = m.org_unit_id WHERE m.id = ${viewer.memberId}`),
  );
  const teams = rowsOf<{ id: number; name: string; path: string }>(
    await db.execute(sql`SELECT t.id, t.name, t.path FROM org_units t WHERE t.kind = 'team' AND t.active ORDER BY t.code, t.name`),
  ).map((r) => {
    const own = (me?.path.startsWith(r.path) ?? false) || can(viewer, "roster.read", r.path) || (!scope.all && scope.paths.some((p) => p.startsWith(r.path)));
    return { id: Number(r.id), name: r.name, own };
  });
  teams.sort((a, b) => Number(b.own) - Number(a.own));
  const figures = await unitQuarterMetrics(
    db,
    teams.map((t) => t.id),
    quarters,
    day,
  );
  return ok({ teams, figures });
}

/** The active stations inside the viewer's `roster.read` scope: those they may pair. */
export async function stationsInScope(db: Db, viewer: Principal): Promise<{ id: number; name: string; path: string; teamName: string | null }[]> {
  return rowsOf<{ id: number; name: string; path: string; team_name: string | null }>(
    await db.execute(sql`SELECT s.id, s.name, s.path, t.name AS team_name FROM org_units s LEFT JOIN org_units t ON t.id = s.parent_id
      WHERE s.kind = 'station' AND s.active AND ${inScope(sql`s.path`, scopeOf(viewer, "roster.read"))} ORDER BY t.name, s.name`),
  ).map((r) => ({ id: Number(r.id), name: r.name, path: r.path, teamName: r.team_name }));
}

export const pairingInput = z.object({
  modelStationId: z.coerce.number().int().positive().max(2_147_483_647),
  weakerStationId: z.coerce.number().int().positive().max(2_147_483_647),
  quarter: z.string().regex(QUARTER_RE, "methods.errors.badQuarter"),
  note: text(500).default(""),
});
type PairingInput = z.infer<typeof pairingInput>;

/** 结对帮扶: a model station with a weaker one for a quarter; both stations inside the manager's `roster.read` scope. */
export async function createPairing(db: Db, actor: Principal, input: PairingInput): Promise<Result<{ id: number }>> {
  if (!can(actor, "roster.read")) return forbidden();
  if (input.modelStationId === input.weakerStationId) return fail("methods.errors.sameStation");
  return db.transaction(async (tx) => {
    const units = await tx
      .select({ id: orgUnits.id, kind: orgUnits.kind, path: orgUnits.path, active: orgUnits.active })
      .from(orgUnits)
      .where(sql`${orgUnits.id} IN (${input.modelStationId}, ${input.weakerStationId})`);
    if (units.length !== 2 || units.some((u) => u.kind !== "station" || !u.active)) return fail("methods.errors.notStation");
    if (units.some((u) => !can(actor, "roster.read", u.path))) return forbidden("methods.errors.outOfScopeUnit");
    const taken = rowsOf(
      await tx.execute(sql`SELECT 1 FROM station_pairings WHERE weaker_station_id = ${input.weakerStationId} AND quarter = ${input.quarter}`),
    );
    if (taken.length) return fail("methods.errors.pairingExists");
    const row = (
      await tx
        .insert(stationPairings)
        .values({ ...input, createdBy: actor.userId || null })
        .returning({ id: stationPairings.id })
    )[0]!;
    await audit(tx, { actorUserId: actor.userId || null, action: "pairing.create", entity: "station_pairing", entityId: row.id, after: input });
    return ok(row);
  });
}

export interface PairingRow {
  id: number;
  quarter: string;
  modelId: number;
  modelName: string;
  modelPath: string;
  weakerId: number;
  weakerName: string;
  weakerPath: string;
  note: string;
}

const pairingSelect = sql`SELECT p.id, p.quarter, p.note, m.id AS model_id, m.name AS model_name, m.path AS model_path, w.id AS weaker_id, w.name AS weaker_name, w.path AS weaker_path
  FROM station_pairings p JOIN org_units m ON m.id = p.model_station_id JOIN org_units w ON w.id = p.weaker_station_id`;

function toPairing(r: Record<string, unknown>): PairingRow {
  return {
    id: Number(r.id),
    quarter: String(r.quarter),
    note: String(r.note),
    modelId: Number(r.model_id),
    modelName: String(r.model_name),
    modelPath: String(r.model_path),
    weakerId: Number(r.weaker_id),
    weakerName: String(r.weaker_name),
    weakerPath: String(r.weaker_path),
  };
}

/** Pairings with a station inside the viewer's `roster.read` scope. */
export async function listPairings(db: Db, viewer: Principal): Promise<PairingRow[]> {
  const scope = scopeOf(viewer, "roster.read");
  return rowsOf<Record<string, unknown>>(
    await db.execute(sql`${pairingSelect} WHERE ${inScope(sql`m.path`, scope)} OR ${inScope(sql`w.path`, scope)} ORDER BY p.quarter DESC, p.id DESC LIMIT 300`),
  ).map(toPairing);
}

/** A pairing for its page: for a viewer with `roster.read` over one of its stations. */
export async function getPairing(db: Db, viewer: Principal, id: number): Promise<Result<PairingRow>> {
  const rows = rowsOf<Record<string, unknown>>(await db.execute(sql`${pairingSelect} WHERE p.id = ${id}`));
  const [row] = rows;
  if (!row) return notFound();
  const p = toPairing(row);
  if (!can(viewer, "roster.read", p.modelPath) && !can(viewer, "roster.read", p.weakerPath)) return forbidden();
  return ok(p);
}
