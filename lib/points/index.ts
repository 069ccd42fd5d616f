import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { pointsRules } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { can, scopeOf, type Principal } from "@/lib/auth/permissions";
import * as clock from "@/lib/core/clock";
import { forbidden, ok, type Result } from "@/lib/core/result";
import { quarterDays } from "@/lib/core/time";
import { inScope } from "@/lib/org/scope";
import { MAX_RULE_POINTS, POINT_KINDS, effectiveRules, rankTeams, type PointKind } from "./rules";

export * from "./rules";

export async function getRules(db: Db): Promise<Record<PointKind, number>> {
  const stored = await db.select({ kind: pointsRules.kind, points: pointsRules.points }).from(pointsRules);
  return effectiveRules(stored);
}

export const rulesInput = z.object(
  Object.fromEntries(POINT_KINDS.map((k) => [k, z.coerce.number().int().min(0).max(MAX_RULE_POINTS)])) as Record<PointKind, z.ZodCoercedNumber>,
);

/** Sets every rule (`points.rules`: admins); points already in the ledger keep the value they were earned at. */
export async function setRules(db: Db, actor: Principal, rules: Record<PointKind, number>): Promise<Result> {
  if (!can(actor, "points.rules")) return forbidden();
  const actorUserId = actor.userId || null;
  return db.transaction(async (tx) => {
    const before = await getRules(tx);
    for (const kind of POINT_KINDS) {
      await tx
        .insert(pointsRules)
        .values({ kind, points: rules[kind], updatedBy: actorUserId })
        .onConflictDoUpdate({ target: pointsRules.kind, set: { points: rules[kind], updatedBy: actorUserId, updatedAt: clock.now() } });
    }
    await audit(tx, { actorUserId, action: "points.rules", entity: "points_rules", before, after: rules });
    return ok();
  });
}

/** Recounts the whole ledger from the records, on an admin's request (`points.rules`). */
export async function recountPoints(db: Db, actor: Principal): Promise<Result<{ added: number; removed: number }>> {
  if (!can(actor, "points.rules")) return forbidden();
  return ok(await refreshPoints(db));
}

/**
 * Where each kind of points comes from: a SELECT of (member_id, source_key, earned_at) for the records that earn it.
 */
function sources(memberFilter: (col: SQL) => SQL): { kind: PointKind; select: SQL }[] {
  const contest = (level: string): SQL =>
    sql`SELECT r.member_id, 'contest:' || r.contest_id, (c.held_on::timestamp AT TIME ZONE ${clock.timeZone()})
        FROM contest_results r JOIN contests c ON c.id = r.contest_id
        WHERE c.level = ${level} AND btrim(r.award) <> '' AND ${memberFilter(sql`r.member_id`)}`;
  return [
    {
      kind: "lesson_completed",
      select: sql`SELECT p.member_id, 'lesson:' || p.lesson_id, p.completed_at FROM lesson_progress p WHERE p.completed_at IS NOT NULL AND ${memberFilter(sql`p.member_id`)}`,
    },
    {
      kind: "course_completed",
      select: sql`SELECT c.member_id, 'course:' || c.course_id, c.completed_at FROM course_completions c WHERE ${memberFilter(sql`c.member_id`)}`,
    },
    {
      kind: "quiz_passed",
      select: sql`SELECT q.member_id, 'quiz:' || q.quiz_id, q.updated_at FROM quiz_results q WHERE q.passed AND NOT q.pending_grading AND ${memberFilter(sql`q.member_id`)}`,
    },
    {
      kind: "attendance",
      select: sql`SELECT a.member_id, 'session:' || a.session_id, a.checked_in_at FROM attendance a WHERE ${memberFilter(sql`a.member_id`)}`,
    },
    {
      kind: "signoff",
      select: sql`SELECT s.member_id, 'task:' || s.task_id, (s.signed_on::timestamp AT TIME ZONE ${clock.timeZone()}) FROM signoffs s WHERE ${memberFilter(sql`s.member_id`)}`,
    },
    { kind: "contest_award_bureau", select: contest("bureau") },
    { kind: "contest_award_plant", select: contest("plant") },
    { kind: "contest_award_area", select: contest("area") },
    {
      kind: "daily_practice",
      select: sql`SELECT d.member_id, 'daily:' || d.day::text, d.completed_at FROM practice_daily_sets d WHERE d.completed_at IS NOT NULL AND ${memberFilter(sql`d.member_id`)}`,
    },
  ];
}

/**
 * Brings the ledger up to date with the records, set-wise: one INSERT … SELECT … ON CONFLICT DO
 * NOTHING per kind (keyed by member, kind and source), and one DELETE per kind for entries whose
 * record no longer earns them (a result regraded below the pass mark, an award taken back). A
 * kind whose rule is 0 earns nothing new. Harmless to run twice or from two instances at once.
 * `memberIds` narrows it to those members (after a write that concerns them).
 */
export async function refreshPoints(db: Db, opts: { memberIds?: number[]; kinds?: PointKind[] } = {}): Promise<{ added: number; removed: number }> {
  if (opts.memberIds && opts.memberIds.length === 0) return { added: 0, removed: 0 };
  const ids = opts.memberIds;
  const memberFilter = (col: SQL): SQL => (ids ? sql`${col} = ANY(${sql.raw(`'{${ids.map((n) => Math.trunc(n)).join(",")}}'::int[]`)})` : sql`TRUE`);
  const rules = await getRules(db);
  const kinds = new Set(opts.kinds ?? POINT_KINDS);
  const list = sources(memberFilter).filter((s) => kinds.has(s.kind));
  let added = 0;
  let removed = 0;
  for (const s of list) {
    const del = rowsOf<{ n: number }>(
      await db.execute(sql`WITH gone AS (
          DELETE FROM points_ledger l WHERE l.kind = ${s.kind} AND ${memberFilter(sql`l.member_id`)}
            AND NOT EXISTS (SELECT 1 FROM (${s.select}) AS src(member_id, source_key, earned_at) WHERE src.member_id = l.member_id AND src.source_key = l.source_key)
          RETURNING 1)
        SELECT count(*)::int AS n FROM gone`),
    );
    removed += Number(del[0]?.n ?? 0);
    const points = rules[s.kind];
    if (points <= 0) continue;
    const ins = rowsOf<{ n: number }>(
      await db.execute(sql`WITH ins AS (
          INSERT INTO points_ledger (member_id, kind, source_key, points, earned_at)
          SELECT src.member_id, ${s.kind}, src.source_key, ${points}, src.earned_at FROM (${s.select}) AS src(member_id, source_key, earned_at)
          ON CONFLICT (member_id, kind, source_key) DO NOTHING
          RETURNING 1)
        SELECT count(*)::int AS n FROM ins`),
    );
    added += Number(ins[0]?.n ?? 0);
  }
  return { added, removed };
}

export interface LedgerRow {
  id: number;
  kind: PointKind;
  sourceKey: string;
  points: number;
  earnedAt: Date;
}

/** The viewer's own ledger, newest first, with the total. */
export async function ledgerFor(
  db: Db,
  viewer: Principal,
  opts: { page?: number; pageSize?: number } = {},
): Promise<{ total: number; entries: number; rows: LedgerRow[]; page: number; pages: number }> {
  const pageSize = opts.pageSize ?? 50;
  const memberId = viewer.memberId;
  const [sum = { total: 0, n: 0 }] = rowsOf<{ total: number; n: number }>(
    await db.execute(sql`SELECT coalesce(sum(points), 0)::int AS total, count(*)::int AS n FROM points_ledger WHERE member_id = ${memberId}`),
  );
  const pages = Math.max(1, Math.ceil(Number(sum.n) / pageSize));
  const page = Math.min(Math.max(1, opts.page ?? 1), pages);
  const rows = rowsOf<{ id: number; kind: PointKind; source_key: string; points: number; earned_at: string | Date }>(
    await db.execute(
      sql`SELECT id, kind, source_key, points, earned_at FROM points_ledger WHERE member_id = ${memberId} ORDER BY earned_at DESC, id DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
    ),
  );
  return {
    total: Number(sum.total),
    entries: Number(sum.n),
    page,
    pages,
    rows: rows.map((r) => ({ id: Number(r.id), kind: r.kind, sourceKey: r.source_key, points: Number(r.points), earnedAt: new Date(r.earned_at) })),
  };
}

/** The earned_at window of a quarter in the site's time zone, or everything. */
function periodFilter(col: SQL, quarter: string | null): SQL {
  if (!quarter) return sql`TRUE`;
  const { first, last } = quarterDays(quarter);
  return sql`${col} >= (${first}::date::timestamp AT TIME ZONE ${clock.timeZone()}) AND ${col} < ((${last}::date + 1)::timestamp AT TIME ZONE ${clock.timeZone()})`;
}

export interface MemberRank {
  rank: number;
  memberId: number;
  name: string;
  unitName: string;
  points: number;
}

/**
 * Members ranked by points (in a quarter, or all time); ties share a rank.
 * The rank is over every active member, but the rows named are only the viewer and the members
 * inside the viewer's `member.read` scope: a worker sees their own place, a team's manager their
 * team's members with their places in the whole area (other teams compare by `teamRanking`).
 */
export async function memberRanking(db: Db, viewer: Principal, opts: { quarter?: string | null; limit?: number } = {}): Promise<MemberRank[]> {
  const rows = rowsOf<{ rank: number; member_id: number; name: string; unit_name: string; points: number }>(
    await db.execute(sql`
      WITH p AS (SELECT l.member_id, sum(l.points)::int AS points FROM points_ledger l WHERE ${periodFilter(sql`l.earned_at`, opts.quarter ?? null)} GROUP BY l.member_id),
      ranked AS (
        SELECT rank() OVER (ORDER BY p.points DESC)::int AS rank, m.id AS member_id, m.name, u.name AS unit_name, u.path, p.points
        FROM p JOIN members m ON m.id = p.member_id JOIN org_units u ON u.id = m.org_unit_id
        WHERE m.status = 'active')
      SELECT rank, member_id, name, unit_name, points FROM ranked
      WHERE member_id = ${viewer.memberId} OR ${inScope(sql`path`, scopeOf(viewer, "member.read"))}
      ORDER BY points DESC, name LIMIT ${opts.limit ?? 50}`),
  );
  return rows.map((r) => ({ rank: Number(r.rank), memberId: Number(r.member_id), name: r.name, unitName: r.unit_name, points: Number(r.points) }));
}

export interface TeamRank {
  rank: number;
  unitId: number;
  name: string;
  members: number;
  points: number;
  perMember: number;
}

/**
 * Teams ranked by points per active member (teams differ in size), with the total; points of a
 * team are those of the members now in its subtree. Ties on the exact ratio (`rankTeams`).
 */
export async function teamRanking(db: Db, opts: { quarter?: string | null } = {}): Promise<TeamRank[]> {
  const rows = rowsOf<{ unit_id: number; name: string; members: number; points: number }>(
    await db.execute(sql`
      WITH mp AS (
        SELECT m.id, m.org_unit_id, coalesce(sum(l.points), 0) AS points
        FROM members m LEFT JOIN points_ledger l ON l.member_id = m.id AND ${periodFilter(sql`l.earned_at`, opts.quarter ?? null)}
        WHERE m.status = 'active' GROUP BY m.id)
      SELECT t.id AS unit_id, t.name, count(mp.id)::int AS members, coalesce(sum(mp.points), 0)::int AS points
      FROM org_units t
      LEFT JOIN org_units s ON s.path LIKE t.path || '%'
      LEFT JOIN mp ON mp.org_unit_id = s.id
      WHERE t.kind = 'team' AND t.active
      GROUP BY t.id, t.name`),
  );
  return rankTeams(rows.map((r) => ({ unitId: Number(r.unit_id), name: r.name, members: Number(r.members), points: Number(r.points) })));
}

/** A member's points total, for the member and whoever may read the member's records (else null). */
export async function pointsTotal(db: Db, viewer: Principal, memberId: number): Promise<number | null> {
  const [r] = rowsOf<{ total: number }>(
    await db.execute(sql`SELECT (SELECT coalesce(sum(points), 0)::int FROM points_ledger WHERE member_id = m.id) AS total
      FROM members m JOIN org_units u ON u.id = m.org_unit_id
      WHERE m.id = ${memberId} AND (m.id = ${viewer.memberId} OR ${inScope(sql`u.path`, scopeOf(viewer, "member.read"))})`),
  );
  return r ? Number(r.total) : null;
}
