/**
 * Statistics of one quiz for the trainer: who in the audience took it, per team and station;
 * how the results of record are spread; and (stats-items.ts) how each question behaved.
 *
 * Everything is limited to the viewer's scope (`scopeOf(actor, "teach.manage")`): a member
 * counts where their unit is now, and only when that unit lies inside the scope. Previews never
 * count. Each function runs a fixed number of set-wise queries, whatever the number of members.
 *
 * Definitions
 * - Audience: members not `left` whose unit lies in an org unit of the quiz's audience (the
 *   subtree) or who hold one of its jobs — the rule of `audienceCondition` (attempts/common.ts),
 *   applied to every member at once.
 * - Taken: the member has a result of record (quiz_results: at least one submitted attempt).
 *   Participation = taken / audience.
 * - Scores: the results of record (grading method applied) of the members in scope, whether or
 *   not they are still in the audience (they did take it); a result still waiting for an essay
 *   grade counts with what it has so far, and `pendingGrading` says how many those are.
 *   Mean and median of the percentages; pass rate = passed / results, `passed` as recorded;
 *   bands of ten percentage points, 100 in the last.
 * - Team: the nearest unit of kind `team` at or above the member's unit; members placed above
 *   every team (at the area) are grouped under their own unit. Station: the member's own unit
 *   (a station for nearly everyone; a team's own staff are listed under the team unit).
 */
import { eq, sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { quizzes } from "@/db/schema";
import { can, scopeOf, type Principal, type Scope } from "@/lib/auth/permissions";
import { inScope, subtreeLike } from "@/lib/org/scope";
import { getItemStats, type ItemStats } from "./stats-items";
import { rate, summarise, type Frequency, type ScoreSummary } from "./stats-math";

export type UnitKind = "area" | "team" | "station";

export interface UnitStats {
  unitId: number;
  name: string;
  kind: UnitKind;
  path: string;
  /** For a station row: its team (null above the teams); for a team row: itself. */
  teamId: number | null;
  audience: number;
  taken: number;
  /** taken / audience in percent, two decimals; null with no audience. */
  participation: number | null;
  scores: ScoreSummary;
}

export interface QuizStatsHeader {
  id: number;
  title: string;
  quarter: string;
  theme: string;
  status: "draft" | "published" | "closed";
  passPercent: number;
  gradingMethod: "highest" | "last" | "first" | "average";
  opensAt: Date;
  closesAt: Date;
}

export interface QuizStats {
  quiz: QuizStatsHeader;
  overall: { audience: number; taken: number; participation: number | null; scores: ScoreSummary; pendingGrading: number };
  teams: UnitStats[];
  stations: UnitStats[];
  /** Per question, in the quiz's slot order (see stats-items.ts). */
  items: ItemStats[];
  /** How many attempts the item analysis is based on (first submitted attempt per member). */
  analysedAttempts: number;
}

const num = (v: unknown): number => Number(v ?? 0);

/**
 * Units in scope with the team each belongs to, and whether the unit lies inside an org unit
 * of the quiz's audience. One row per unit, so nothing here is repeated per member.
 */
function unitsCte(quizId: number, scope: Scope): SQL {
  return sql`ut AS (
    SELECT u.id, u.name, u.kind::text AS kind, u.path, t.id AS team_id, t.name AS team_name, t.path AS team_path,
      EXISTS (SELECT 1 FROM quiz_audience qa JOIN org_units ou ON ou.id = qa.org_unit_id
              WHERE qa.quiz_id = ${quizId} AND u.path LIKE ${subtreeLike(sql`ou.path`)}) AS aud_unit
    FROM org_units u
    LEFT JOIN LATERAL (
      SELECT t.id, t.name, t.path FROM org_units t
      WHERE t.kind = 'team' AND u.path LIKE ${subtreeLike(sql`t.path`)}
      ORDER BY length(t.path) DESC LIMIT 1
    ) t ON true
    WHERE ${inScope(sql`u.path`, scope)}
  )`;
}

/** The audience members in scope (`aud`), after `unitsCte`. */
function audienceCte(quizId: number): SQL {
  return sql`aud AS (
    SELECT m.id AS member_id, m.name AS member_name, m.employee_no, ut.*
    FROM members m JOIN ut ON ut.id = m.org_unit_id
    WHERE m.status <> 'left'
      AND (ut.aud_unit OR m.job_id IN (SELECT qa.job_id FROM quiz_audience qa WHERE qa.quiz_id = ${quizId} AND qa.job_id IS NOT NULL))
  )`;
}

async function getQuizStatsHeader(db: Db, quizId: number): Promise<QuizStatsHeader | null> {
  const [q] = await db
    .select({
      id: quizzes.id,
      title: quizzes.title,
      quarter: quizzes.quarter,
      theme: quizzes.theme,
      status: quizzes.status,
      passPercent: quizzes.passPercent,
      gradingMethod: quizzes.gradingMethod,
      opensAt: quizzes.opensAt,
      closesAt: quizzes.closesAt,
    })
    .from(quizzes)
    .where(eq(quizzes.id, quizId));
  return q ? { ...q, passPercent: Number(q.passPercent) } : null;
}

interface UnitRow {
  unit_id: number;
  name: string;
  kind: UnitKind;
  path: string;
  team_id: number | null;
  team_name: string | null;
  team_path: string | null;
}

type UnitInfo = Omit<UnitStats, "audience" | "taken" | "participation" | "scores">;

class Groups {
  readonly info = new Map<number, UnitInfo>();
  readonly audience = new Map<number, number>();
  readonly taken = new Map<number, number>();
  readonly scores = new Map<number, (Frequency & { passed: number })[]>();

  add(key: number, info: UnitInfo, what: { audience?: number; taken?: number; score?: Frequency & { passed: number } }) {
    if (!this.info.has(key)) this.info.set(key, info);
    if (what.audience) this.audience.set(key, (this.audience.get(key) ?? 0) + what.audience);
    if (what.taken) this.taken.set(key, (this.taken.get(key) ?? 0) + what.taken);
    if (what.score) {
      const list = this.scores.get(key) ?? [];
      list.push(what.score);
      this.scores.set(key, list);
    }
  }

  rows(): UnitStats[] {
    return [...this.info.values()]
      .map((u) => {
        const audience = this.audience.get(u.unitId) ?? 0;
        const taken = this.taken.get(u.unitId) ?? 0;
        return { ...u, audience, taken, participation: rate(taken, audience), scores: summarise(this.scores.get(u.unitId) ?? []) };
      })
      .sort((a, b) => byPath(a.path, b.path));
  }
}

/** Tree order: `/1/6/` before `/1/18/`, a parent before its children. */
function byPath(a: string, b: string): number {
  const x = a.split("/").filter(Boolean).map(Number);
  const y = b.split("/").filter(Boolean).map(Number);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

function stationOf(r: UnitRow): UnitInfo {
  return { unitId: num(r.unit_id), name: r.name, kind: r.kind, path: r.path, teamId: r.team_id === null ? null : num(r.team_id) };
}

function teamOf(r: UnitRow): UnitInfo {
  if (r.team_id === null) return stationOf(r);
  return { unitId: num(r.team_id), name: r.team_name ?? "", kind: "team", path: r.team_path ?? "", teamId: num(r.team_id) };
}

/**
 * Participation and scores per team and per station, and for the whole quiz, inside the scope.
 * Two queries: audience and taken per unit; results of record per unit and percentage.
 */
async function getUnitStats(db: Db, scope: Scope, quizId: number): Promise<Pick<QuizStats, "overall" | "teams" | "stations">> {
  const participation = rowsOf<UnitRow & { audience: number; taken: number }>(
    await db.execute(sql`WITH ${unitsCte(quizId, scope)}, ${audienceCte(quizId)}
      SELECT aud.id AS unit_id, aud.name, aud.kind, aud.path, aud.team_id, aud.team_name, aud.team_path,
        count(*)::int AS audience, count(r.member_id)::int AS taken
      FROM aud LEFT JOIN quiz_results r ON r.quiz_id = ${quizId} AND r.member_id = aud.member_id
      GROUP BY aud.id, aud.name, aud.kind, aud.path, aud.team_id, aud.team_name, aud.team_path`),
  );
  const results = rowsOf<UnitRow & { percent: string; n: number; passed: number; pending: number }>(
    await db.execute(sql`WITH ${unitsCte(quizId, scope)}
      SELECT ut.id AS unit_id, ut.name, ut.kind, ut.path, ut.team_id, ut.team_name, ut.team_path, r.percent::text AS percent,
        count(*)::int AS n, (count(*) FILTER (WHERE r.passed))::int AS passed, (count(*) FILTER (WHERE r.pending_grading))::int AS pending
      FROM quiz_results r JOIN members m ON m.id = r.member_id JOIN ut ON ut.id = m.org_unit_id
      WHERE r.quiz_id = ${quizId}
      GROUP BY ut.id, ut.name, ut.kind, ut.path, ut.team_id, ut.team_name, ut.team_path, r.percent`),
  );

  const stations = new Groups();
  const teams = new Groups();
  let audience = 0;
  let taken = 0;
  for (const r of participation) {
    const what = { audience: num(r.audience), taken: num(r.taken) };
    stations.add(num(r.unit_id), stationOf(r), what);
    teams.add(teamOf(r).unitId, teamOf(r), what);
    audience += what.audience;
    taken += what.taken;
  }
  const all: (Frequency & { passed: number })[] = [];
  let pendingGrading = 0;
  for (const r of results) {
    const score = { value: Number(r.percent), count: num(r.n), passed: num(r.passed) };
    stations.add(num(r.unit_id), stationOf(r), { score });
    teams.add(teamOf(r).unitId, teamOf(r), { score });
    all.push(score);
    pendingGrading += num(r.pending);
  }
  return {
    overall: { audience, taken, participation: rate(taken, audience), scores: summarise(all), pendingGrading },
    teams: teams.rows(),
    stations: stations.rows(),
  };
}

export interface NotTakenRow {
  memberId: number;
  name: string;
  employeeNo: string;
  unitId: number;
  unitName: string;
  teamName: string | null;
  /** An attempt is open (started, not yet submitted). */
  inProgress: boolean;
}

export interface NotTakenPage {
  rows: NotTakenRow[];
  total: number;
  page: number;
  pages: number;
}

/**
 * The members of the audience in scope without a result of record, a page at a time, by team,
 * station and employee number; `unitId` narrows the list to one unit's subtree.
 */
export async function listNotTaken(
  db: Db,
  actor: Principal,
  quizId: number,
  opts: { page?: number; pageSize?: number; unitId?: number } = {},
): Promise<NotTakenPage> {
  if (!can(actor, "teach.manage")) return { rows: [], total: 0, page: 1, pages: 1 };
  const scope = scopeOf(actor, "teach.manage");
  const pageSize = Math.min(200, Math.max(1, Math.floor(opts.pageSize ?? 50)));
  const unitCond = opts.unitId ? sql`AND aud.path LIKE (SELECT ${subtreeLike(sql`path`)} FROM org_units WHERE id = ${opts.unitId})` : sql``;
  const base = (columns: SQL, tail: SQL) => sql`WITH ${unitsCte(quizId, scope)}, ${audienceCte(quizId)}
    SELECT ${columns} FROM aud
    WHERE NOT EXISTS (SELECT 1 FROM quiz_results r WHERE r.quiz_id = ${quizId} AND r.member_id = aud.member_id) ${unitCond} ${tail}`;
  const [counted] = rowsOf<{ n: number }>(await db.execute(base(sql`count(*)::int AS n`, sql``)));
  const total = num(counted?.n);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.floor(opts.page ?? 1)), pages);
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(
      base(
        sql`aud.member_id, aud.member_name, aud.employee_no, aud.id AS unit_id, aud.name AS unit_name, aud.team_name,
          EXISTS (SELECT 1 FROM attempts a WHERE a.quiz_id = ${quizId} AND a.member_id = aud.member_id AND a.state = 'in_progress' AND NOT a.preview) AS in_progress`,
        sql`ORDER BY coalesce(aud.team_id, aud.id), aud.id, aud.employee_no LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      ),
    ),
  );
  return {
    rows: rows.map((r) => ({
      memberId: num(r.member_id),
      name: String(r.member_name),
      employeeNo: String(r.employee_no),
      unitId: num(r.unit_id),
      unitName: String(r.unit_name),
      teamName: r.team_name == null ? null : String(r.team_name),
      inProgress: Boolean(r.in_progress),
    })),
    total,
    page,
    pages,
  };
}

/**
 * Everything the statistics page shows but the not-taken list, counted over the units in the
 * actor's scope; null when there is no such quiz or the actor is not a trainer.
 */
export async function getQuizStats(db: Db, actor: Principal, quizId: number): Promise<QuizStats | null> {
  if (!can(actor, "teach.manage")) return null;
  const scope = scopeOf(actor, "teach.manage");
  const quiz = await getQuizStatsHeader(db, quizId);
  if (!quiz) return null;
  const [units, { items, analysedAttempts }] = await Promise.all([getUnitStats(db, scope, quizId), getItemStats(db, actor, quizId)]);
  return { quiz, ...units, items, analysedAttempts };
}
