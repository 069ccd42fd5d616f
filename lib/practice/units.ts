import { eq, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { jobs, practiceOpenings } from "@/db/schema";
import { can, scopeOf, type Principal } from "@/lib/auth/permissions";
import { forbidden, notFound, ok, type Result } from "@/lib/core/result";
import * as clock from "@/lib/core/clock";
import { dayIn } from "@/lib/core/time";
import { inScope } from "@/lib/org/scope";
import { openingCovers } from "./open";
import { categoryNames } from "./practice";
import { TREND_WEEKS } from "./trend";
import { seriesByKey, weeklySeries, type PracticeWeek } from "./trend-rules";

/** Questions a team keeps getting wrong, shown per team. */
export const TOP_WRONG = 10;

export interface UnitPractice {
  unitId: number;
  name: string;
  /** Members (now in the team) who answered a question of the category in practice, the daily set or a mock exam. */
  practising: number;
  answers: number;
  right: number;
  /** The questions most often answered wrong, most first (ties: the larger share wrong, then id). */
  wrong: { questionId: number; stem: string; names: string[]; wrong: number; answers: number }[];
  /** The last weeks (site days): the team's answers, right ones, and questions of the category the team has practised. */
  weeks: PracticeWeek[];
}

/**
 * For an opening of practice (a category's subtree, a specialty or a job's requirements): per team in the trainer's
 * `teach.manage` scope, the practice activity (members practising, answers, right) on the
 * questions it covers and the top questions it gets wrong. A team trainer sees their own teams
 * only; others are refused. `opened`: the category's names, the specialty's code, or the job's name.
 */
export async function practiceByUnit(
  db: Db,
  actor: Principal,
  openingId: number,
  now = clock.now(),
): Promise<Result<{ opened: { names: string[] } | { specialty: string } | { job: string }; units: UnitPractice[] }>> {
  if (!can(actor, "teach.manage")) return forbidden();
  const scope = scopeOf(actor, "teach.manage");
  const [opening] = await db
    .select({ id: practiceOpenings.id, categoryId: practiceOpenings.categoryId, specialty: practiceOpenings.specialty, job: jobs.name })
    .from(practiceOpenings)
    .leftJoin(jobs, eq(jobs.id, practiceOpenings.jobId))
    .where(eq(practiceOpenings.id, openingId));
  if (!opening) return notFound("practice.errors.openingNotFound");
  const base = sql`teams AS (SELECT id, name, path FROM org_units WHERE kind = 'team' AND active AND ${inScope(sql`path`, scope)}),
    ans AS (
      SELECT t.id AS team_id, pa.member_id, pa.question_id, pa.correct, pa.answered_at
      FROM practice_answers pa
      JOIN questions q ON q.id = pa.question_id
      JOIN question_categories qc ON qc.id = q.category_id
      JOIN practice_openings po ON po.id = ${opening.id} AND ${openingCovers(sql`qc`)}
      JOIN members m ON m.id = pa.member_id
      JOIN org_units mu ON mu.id = m.org_unit_id
      JOIN teams t ON mu.path LIKE t.path || '%')`;
  const totals = rowsOf<{ id: number; name: string; path: string; practising: number; answers: number; right: number }>(
    await db.execute(sql`WITH ${base}
      SELECT t.id, t.name, t.path, count(DISTINCT a.member_id)::int AS practising, count(a.member_id)::int AS answers,
             (count(*) FILTER (WHERE a.correct))::int AS right
      FROM teams t LEFT JOIN ans a ON a.team_id = t.id GROUP BY t.id, t.name, t.path ORDER BY t.path`),
  );
  const wrong = rowsOf<{ team_id: number; question_id: number; stem: string; category_id: number; wrong: number; answers: number }>(
    await db.execute(sql`WITH ${base}, per AS (
        SELECT team_id, question_id, (count(*) FILTER (WHERE NOT correct))::int AS wrong, count(*)::int AS answers FROM ans GROUP BY team_id, question_id),
      ranked AS (
        SELECT per.*, row_number() OVER (PARTITION BY team_id ORDER BY wrong DESC, wrong::float / answers DESC, question_id) AS n FROM per WHERE wrong > 0)
      SELECT r.team_id, r.question_id, v.stem, q.category_id, r.wrong, r.answers
      FROM ranked r JOIN questions q ON q.id = r.question_id JOIN question_versions v ON v.id = q.current_version_id
      WHERE r.n <= ${TOP_WRONG} ORDER BY r.team_id, r.n`),
  );
  const tz = clock.timeZone();
  const weeks = seriesByKey(
    rowsOf<{ key: number; day: string; answers: number; right: number; firsts: number }>(
      await db.execute(sql`WITH ${base}, dated AS (
          SELECT team_id, correct, (answered_at AT TIME ZONE ${tz})::date AS day,
                 row_number() OVER (PARTITION BY team_id, question_id ORDER BY answered_at) AS nth FROM ans)
        SELECT team_id AS key, day::text AS day, count(*)::int AS answers, (count(*) FILTER (WHERE correct))::int AS right,
               (count(*) FILTER (WHERE nth = 1))::int AS firsts
        FROM dated GROUP BY team_id, day`),
    ),
    dayIn(now, tz),
    TREND_WEEKS,
  );
  const names = await categoryNames(db, [...(opening.categoryId === null ? [] : [opening.categoryId]), ...wrong.map((w) => Number(w.category_id))]);
  return ok({
    opened:
      opening.categoryId !== null
        ? { names: names.get(opening.categoryId) ?? [] }
        : opening.job !== null
          ? { job: opening.job }
          : { specialty: opening.specialty ?? "" },
    units: totals.map((t) => ({
      unitId: Number(t.id),
      name: t.name,
      practising: Number(t.practising),
      answers: Number(t.answers),
      right: Number(t.right),
      wrong: wrong
        .filter((w) => Number(w.team_id) === Number(t.id))
        .map((w) => ({
          questionId: Number(w.question_id),
          stem: w.stem,
          names: names.get(Number(w.category_id)) ?? [],
          wrong: Number(w.wrong),
          answers: Number(w.answers),
        })),
      weeks: weeks.get(Number(t.id)) ?? weeklySeries([], dayIn(now, tz), TREND_WEEKS),
    })),
  });
}
