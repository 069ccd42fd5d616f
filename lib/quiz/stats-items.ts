/**
 * Item analysis: how each question of a quiz behaved, in the manner of Moodle's statistics report.
 *
 * - Attempts analysed: each member's first submitted attempt (not a preview), members in the
 *   viewer's scope. A second attempt is taken by someone who has seen the questions once, so
 *   counting it would make every question look easier and tell less about the question itself.
 *   (Moodle 1.9 analysed first attempts unless told otherwise; later Moodle defaults to the
 *   attempts the grading method picks. The results of record in stats.ts do follow the grading
 *   method.)
 * - Grouped by question, across versions and across the positions a shuffle or a random draw
 *   gave it: one row per question however it was reached.
 * - A question's score in an attempt is its automatic score (already scaled to the slot's
 *   points; an unanswered question scores 0). An essay counts only once a trainer has graded it
 *   (its manual score scaled to the slot's points) or when it was left blank (0, as graded);
 *   an essay waiting for a grade is left out of its own figures and of the attempt's total.
 * - Facility index: the mean of score / max over the responses, in percent.
 * - Discrimination index: Pearson's correlation, × 100, between the question's score (as a
 *   fraction of its max) and the rest of the test (the attempt's total minus this question's
 *   score). Null with fewer than two responses or when either side has no spread.
 * - Option counts (single, multiple, true/false): in how many analysed attempts each option was
 *   chosen, and the share of the question's responses that is. Options are identified by id,
 *   so shuffling changes nothing; the text and the key are those of the newest version seen.
 *
 * Two queries per call, whatever the number of attempts: one pass over the attempts' answers,
 * then the texts of the question versions met; a third when a group was met (its parts' figures,
 * stats-parts.ts).
 */
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { can, scopeOf, type Principal, type Scope } from "@/lib/auth/permissions";
import { inScope, subtreeLike } from "@/lib/org/scope";
import { correlation, itemFlags, rate, round2, type ItemFlag } from "./stats-math";
import { groupPartStats, type PartStats } from "./stats-parts";
import type { QuestionType } from "./types";

export interface OptionStats {
  /** The option id; "true" and "false" for a true/false question. */
  id: string;
  /** The option text ("" for true/false: the page names them). */
  text: string;
  correct: boolean;
  count: number;
  /** count / responses in percent, two decimals; null with no responses. */
  share: number | null;
}

export interface ItemStats {
  questionId: number;
  /** Position of the quiz slot the question comes from (fixed, or the random slot whose category holds it). */
  slot: number | null;
  /** From a random draw rather than a fixed slot. */
  drawn: boolean;
  type: QuestionType;
  title: string | null;
  /** The stem of the newest version seen in the analysed attempts. */
  stem: string;
  versions: number[];
  /** Analysed attempts in which the question counts (unanswered ones included, as 0). */
  responses: number;
  /** Of those, how many gave an answer. */
  answered: number;
  /** Percent, two decimals; null with no responses. */
  facility: number | null;
  /** Pearson r × 100, two decimals; null when not defined. */
  discrimination: number | null;
  options: OptionStats[];
  flags: ItemFlag[];
  /** A 案例分析 group: one row per part (stats-parts.ts). */
  parts?: PartStats[];
}

/** Every kind of whitespace JavaScript's trim() removes: an essay of only these was left blank. */
const BLANK = " \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";

/** Each member's first submitted attempt at the quiz, members in scope, previews never. */
function firstAttempts(quizId: number, scope: Scope): SQL {
  return sql`first AS (
    SELECT DISTINCT ON (a.member_id) a.id
    FROM attempts a JOIN members m ON m.id = a.member_id JOIN org_units u ON u.id = m.org_unit_id
    WHERE a.quiz_id = ${quizId} AND NOT a.preview AND a.state = 'submitted' AND ${inScope(sql`u.path`, scope)}
      -- A paper attempt counts here only with its per-question scores (a total alone says nothing of the items).
      AND (a.source = 'online' OR EXISTS (SELECT 1 FROM attempt_answers pa WHERE pa.attempt_id = a.id))
    ORDER BY a.member_id, a.attempt_no
  )`;
}

/**
 * One pass over the analysed attempts' questions, answering three things at once (`kind`):
 * 'n' the number of attempts; 'm' per question the count and the co-moments of its score
 * (x, a fraction of its max) with the rest of the attempt (y); 'o' per question and option how
 * many chose it; 'v' the question versions met. The join is made once (materialised) and the
 * attempt's total comes from a window, not from a second join.
 */
function analysis(quizId: number, scope: Scope): SQL {
  return sql`WITH ${firstAttempts(quizId, scope)},
  items AS MATERIALIZED (
    SELECT aq.attempt_id, aq.question_version_id, qv.question_id, qv.type::text AS type, aa.response, aq.points AS max,
      -- A mark entered from a paper is in the slot's points, essays included (no text, no manual grade).
      CASE WHEN aa.response->>'type' = 'paper' THEN coalesce(aa.auto_score, 0)
           -- A group waiting for its essay part's grade has no score yet: left out until graded.
           WHEN qv.type = 'group' AND aa.response IS NOT NULL AND aa.auto_score IS NULL THEN NULL
           WHEN qv.type <> 'essay' THEN coalesce(aa.auto_score, 0)
           WHEN aa.manual_score IS NOT NULL THEN round(aa.manual_score * aq.points / NULLIF(qv.points, 0), 2)
           WHEN aa.response IS NULL OR btrim(coalesce(aa.response->>'text', ''), ${BLANK}) = '' THEN 0
      END AS score
    FROM first f
    JOIN attempt_questions aq ON aq.attempt_id = f.id
    JOIN question_versions qv ON qv.id = aq.question_version_id
    LEFT JOIN attempt_answers aa ON aa.attempt_id = aq.attempt_id AND aa.position = aq.position
  ),
  xy AS (
    SELECT question_id, score / max AS x, sum(score) OVER (PARTITION BY attempt_id) - score AS y, response IS NOT NULL AS answered
    FROM items WHERE score IS NOT NULL AND max > 0
  )
  SELECT 'n' AS kind, NULL::int AS question_id, NULL::text AS k, count(*)::int AS n, NULL::int AS answered,
    NULL::text AS sx, NULL::text AS sxx, NULL::text AS syy, NULL::text AS sxy
  FROM first
  UNION ALL
  -- Exact decimal arithmetic, n² times the centred sums: a question everyone scored the same on
  -- has a spread of exactly 0, not a rounding crumb.
  SELECT 'm', question_id, NULL, count(*)::int, (count(*) FILTER (WHERE answered))::int, sum(x)::text,
    (count(*) * sum(x * x) - sum(x) * sum(x))::text,
    (count(*) * sum(y * y) - sum(y) * sum(y))::text,
    (count(*) * sum(x * y) - sum(x) * sum(y))::text
  FROM xy GROUP BY question_id
  UNION ALL
  SELECT 'o', i.question_id, o.opt, count(*)::int, NULL, NULL, NULL, NULL, NULL
  FROM items i
  CROSS JOIN LATERAL jsonb_array_elements_text(CASE
      WHEN i.response->>'type' IS DISTINCT FROM i.type THEN '[]'::jsonb
      WHEN i.type = 'single' THEN jsonb_build_array(i.response->'optionId')
      WHEN i.type = 'truefalse' THEN jsonb_build_array(i.response->'value')
      WHEN i.type = 'multiple' AND jsonb_typeof(i.response->'optionIds') = 'array' THEN i.response->'optionIds'
      ELSE '[]'::jsonb END) AS o(opt)
  WHERE o.opt IS NOT NULL
  GROUP BY i.question_id, o.opt
  UNION ALL
  SELECT 'v', NULL, question_version_id::text, NULL, NULL, NULL, NULL, NULL, NULL
  FROM items GROUP BY question_version_id`;
}

const num = (v: unknown): number => Number(v ?? 0);

interface AnalysisRow {
  kind: "n" | "m" | "o" | "v";
  question_id: number | null;
  k: string | null;
  n: number | null;
  answered: number | null;
  sx: string | null;
  sxx: string | null;
  syy: string | null;
  sxy: string | null;
}

/** Per question of the quiz, over each member's first submitted attempt in scope; see the top of this file. Two queries. */
export async function getItemStats(db: Db, actor: Principal, quizId: number): Promise<{ items: ItemStats[]; analysedAttempts: number }> {
  if (!can(actor, "teach.manage")) return { items: [], analysedAttempts: 0 };
  const scope = scopeOf(actor, "teach.manage");
  const rows = rowsOf<AnalysisRow>(await db.execute(analysis(quizId, scope)));
  const analysed = num(rows.find((r) => r.kind === "n")?.n);
  const moments = rows.filter((r) => r.kind === "m");
  const chosen = rows.filter((r) => r.kind === "o");
  const versionIds = rows.filter((r) => r.kind === "v").map((r) => Number(r.k));
  if (analysed === 0 || versionIds.length === 0) return { items: [], analysedAttempts: analysed };

  const versions = rowsOf<{
    question_id: number;
    version: number;
    type: QuestionType;
    title: string | null;
    stem: string;
    body: unknown;
    answer_key: unknown;
    fixed_slot: number | null;
    random_slot: number | null;
  }>(
    await db.execute(sql`
      SELECT qv.question_id, qv.version, qv.type::text AS type, qv.title, qv.stem, qv.body, qv.answer_key,
        (SELECT min(s.position) FROM quiz_slots s WHERE s.quiz_id = ${quizId} AND s.kind = 'fixed' AND s.question_id = qv.question_id) AS fixed_slot,
        (SELECT min(s.position) FROM quiz_slots s JOIN question_categories sc ON sc.id = s.category_id
          WHERE s.quiz_id = ${quizId} AND s.kind = 'random' AND qc.path LIKE ${subtreeLike(sql`sc.path`)}) AS random_slot
      FROM question_versions qv
      JOIN questions q ON q.id = qv.question_id
      JOIN question_categories qc ON qc.id = q.category_id
      WHERE qv.id IN ${versionIds}
      ORDER BY qv.question_id, qv.version`),
  );

  const counts = new Map<number, Map<string, number>>();
  for (const c of chosen) {
    const qid = num(c.question_id);
    const m = counts.get(qid) ?? new Map<string, number>();
    m.set(String(c.k), num(c.n));
    counts.set(qid, m);
  }
  const byQuestion = new Map<number, typeof versions>();
  for (const v of versions) {
    const qid = num(v.question_id);
    byQuestion.set(qid, [...(byQuestion.get(qid) ?? []), v]);
  }

  const momentsOf = new Map(moments.map((m) => [num(m.question_id), m]));
  const parts = versions.some((v) => v.type === "group") ? await groupPartStats(db, firstAttempts(quizId, scope)) : new Map<number, PartStats[]>();
  const items: ItemStats[] = [];
  // Every question met, even one with no response that counts yet (essays all waiting for a grade).
  for (const [qid, vs] of byQuestion) {
    const newest = vs.at(-1);
    if (!newest) continue;
    const m = momentsOf.get(qid);
    const n = num(m?.n);
    const facility = m && n > 0 ? round2((Number(m.sx) * 100) / n) : null;
    const r = m ? correlation({ n, sxx: Number(m.sxx), syy: Number(m.syy), sxy: Number(m.sxy) }) : null;
    const discrimination = r === null ? null : round2(r * 100);
    const fixed = newest.fixed_slot === null ? null : num(newest.fixed_slot);
    const random = newest.random_slot === null ? null : num(newest.random_slot);
    items.push({
      questionId: qid,
      slot: fixed ?? random,
      drawn: fixed === null,
      type: newest.type,
      title: newest.title,
      stem: newest.stem,
      versions: vs.map((v) => num(v.version)),
      responses: n,
      answered: num(m?.answered),
      facility,
      discrimination,
      options: optionsOf(vs, counts.get(qid) ?? new Map(), n),
      flags: itemFlags({ responses: n, facility, discrimination }),
      ...(parts.has(qid) ? { parts: parts.get(qid) } : {}),
    });
  }
  items.sort((a, b) => (a.slot ?? Infinity) - (b.slot ?? Infinity) || a.questionId - b.questionId);
  return { items, analysedAttempts: analysed };
}

type VersionRow = { type: QuestionType; body: unknown; answer_key: unknown };

/** The options of a choice question (newest text first seen wins), with how often each was chosen. */
function optionsOf(versions: readonly VersionRow[], counts: Map<string, number>, responses: number): OptionStats[] {
  const newest = versions.at(-1);
  if (!newest) return [];
  const stat = (id: string, text: string, correct: boolean): OptionStats => {
    const count = counts.get(id) ?? 0;
    return { id, text, correct, count, share: rate(count, responses) };
  };
  if (newest.type === "truefalse") {
    const key = (newest.answer_key as { correct?: boolean } | null)?.correct;
    return [stat("true", "", key === true), stat("false", "", key === false)];
  }
  if (newest.type !== "single" && newest.type !== "multiple") return [];
  const key = (newest.answer_key ?? {}) as { correct?: string | string[] };
  const right = new Set(Array.isArray(key.correct) ? key.correct : key.correct ? [key.correct] : []);
  const texts = new Map<string, string>();
  // Newest version first, so its order and texts lead; options only older versions had follow.
  for (const v of [...versions].reverse()) {
    const options = ((v.body ?? {}) as { options?: { id: string; text: string }[] }).options ?? [];
    for (const o of options) if (!texts.has(o.id)) texts.set(o.id, o.text);
  }
  for (const id of counts.keys()) if (!texts.has(id)) texts.set(id, id);
  return [...texts].map(([id, text]) => stat(id, text, right.has(id)));
}
