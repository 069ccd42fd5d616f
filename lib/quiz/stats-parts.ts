/**
 * Per-part figures of the 案例分析 groups in a quiz's item analysis (stats-items.ts): for each part,
 * over the same analysed attempts as its group, how many got the part fully right and the mean
 * score it earned. Each part is graded on its own by the engine (`gradeParts`: an unanswered part
 * is wrong, 0), its score scaled to the slot's points as the group's is; an essay part counts
 * with the trainer's score once graded, not while it waits. A group's mark entered
 * from a paper has no parts and is left out here. One query, for the groups only.
 */
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import type { PartGrades } from "@/db/schema";
import { gradeParts } from "./grading";
import { parseResponse } from "./response";
import { rate, round2 } from "./stats-math";
import { fromStored } from "./store";
import type { GroupQuestion, PartType } from "./types";

export interface PartStats {
  /** 1-based, in the newest version's order: the "(1)" the page shows. */
  n: number;
  id: string;
  type: PartType;
  stem: string;
  /** Analysed attempts taken online whose group had this part (unanswered ones included, essay parts waiting for a grade not). */
  responses: number;
  /** Of those, how many got the part fully right. */
  right: number;
  /** right / responses in percent, two decimals; null with no responses. */
  rightShare: number | null;
  /** Mean score of the part in the slot's points, two decimals; null with no responses. */
  meanScore: number | null;
  /** The part's points in the newest version. */
  max: number;
}

interface Row {
  question_id: number;
  version: number;
  title: string | null;
  stem: string;
  body: unknown;
  answer_key: unknown;
  explanation: string;
  difficulty: number;
  qpoints: string;
  slot_points: string | null;
  response: unknown;
  part_grades: PartGrades | null;
}

/**
 * Part figures per group question (question id → its parts), over the attempts of `firstCte`
 * (the analysed attempts, a `first AS (…)` common table with their ids).
 */
export async function groupPartStats(db: Db, firstCte: SQL): Promise<Map<number, PartStats[]>> {
  const rows = rowsOf<Row>(
    await db.execute(sql`WITH ${firstCte}
      SELECT qv.question_id, qv.version, qv.title, qv.stem, qv.body, qv.answer_key, qv.explanation, qv.difficulty,
        qv.points::text AS qpoints, aq.points::text AS slot_points, aa.response, aa.part_grades
      FROM first f
      JOIN attempt_questions aq ON aq.attempt_id = f.id
      JOIN question_versions qv ON qv.id = aq.question_version_id
      LEFT JOIN attempt_answers aa ON aa.attempt_id = aq.attempt_id AND aa.position = aq.position
      WHERE qv.type = 'group' AND (aa.response IS NULL OR aa.response->>'type' IS DISTINCT FROM 'paper')
      ORDER BY qv.question_id, qv.version`),
  );
  type Sum = { n: number; right: number; score: number };
  const byQuestion = new Map<number, { newest: GroupQuestion; sums: Map<string, Sum>; seen: Map<string, GroupQuestion["parts"][number]> }>();
  for (const r of rows) {
    const v = {
      type: "group",
      title: r.title,
      stem: r.stem,
      body: r.body,
      answerKey: r.answer_key,
      explanation: r.explanation,
      difficulty: Number(r.difficulty),
      points: Number(r.qpoints),
    } as const;
    const q = fromStored(v) as GroupQuestion;
    const qid = Number(r.question_id);
    const acc = byQuestion.get(qid) ?? { newest: q, sums: new Map(), seen: new Map() };
    // Rows come in version order: the last one met is the newest.
    acc.newest = q;
    const parsed = r.response == null ? null : parseResponse(q, r.response);
    const scale = q.points > 0 ? Number(r.slot_points ?? q.points) / q.points : 0;
    for (const [i, p] of gradeParts(q, parsed?.ok && parsed.response.type === "group" ? parsed.response : null, { partGrades: r.part_grades }).entries()) {
      // An essay part waiting for its trainer counts once graded.
      if (p.grade.correct === "pending") continue;
      const sum = acc.sums.get(p.id) ?? { n: 0, right: 0, score: 0 };
      sum.n += 1;
      sum.right += p.grade.correct === "right" ? 1 : 0;
      sum.score += p.grade.score * scale;
      acc.sums.set(p.id, sum);
      const part = q.parts[i];
      if (part) acc.seen.set(p.id, part);
    }
    byQuestion.set(qid, acc);
  }
  const out = new Map<number, PartStats[]>();
  for (const [qid, acc] of byQuestion) {
    // The newest version's parts in its order, then parts only older versions had.
    const ids = [...new Set([...acc.newest.parts.map((p) => p.id), ...acc.seen.keys()])];
    out.set(
      qid,
      ids.map((id, i) => {
        const part = acc.newest.parts.find((p) => p.id === id) ?? acc.seen.get(id)!;
        const sum = acc.sums.get(id) ?? { n: 0, right: 0, score: 0 };
        return {
          n: i + 1,
          id,
          type: part.type,
          stem: part.stem,
          responses: sum.n,
          right: sum.right,
          rightShare: rate(sum.right, sum.n),
          meanScore: sum.n ? round2(sum.score / sum.n) : null,
          max: part.points,
        };
      }),
    );
  }
  return out;
}
