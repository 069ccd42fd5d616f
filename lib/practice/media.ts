import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import type { Principal } from "@/lib/auth/permissions";
import * as clock from "@/lib/core/clock";
import { ok, type Result } from "@/lib/core/result";
import { mediaMatch, pictureObject, questionMediaFor } from "@/lib/quiz/media";
import { learnerOf, openToLearner } from "./open";

/**
 * The stored object of a question's picture, for the media route: the quiz's rule (trainers;
 * a member's own attempts) and practice's — a mock exam of the member's (an explanation's
 * picture once it is submitted), a question in their wrong-answer book, a question of a 案例复训
 * case assigned to them and not withdrawn (an explanation's picture once they answered it, as the
 * case page shows it), or one open to them for practice (whose feedback shows the explanation).
 * Anything else stays "not found".
 */
export async function questionPictureFor(
  db: Db,
  viewer: Principal,
  id: string,
  size: "full" | "thumb",
  now: Date = clock.now(),
): Promise<Result<{ key: string; mime: string }>> {
  const byQuiz = await questionMediaFor(db, viewer, id, size, now);
  if (byQuiz.ok || byQuiz.kind !== "notFound") return byQuiz;
  const object = await pictureObject(db, id, size);
  if (!object) return byQuiz;
  const { inText, inExplanation } = mediaMatch(id);
  const [hit] = rowsOf(
    await db.execute(sql`SELECT 1 FROM mock_attempts ma JOIN question_versions v ON v.id = ANY(ma.version_ids)
      WHERE ma.member_id = ${viewer.memberId} AND (${inText("v")} OR (ma.submitted_at IS NOT NULL AND ${inExplanation("v")}))
      UNION ALL
      SELECT 1 FROM wrong_book wb JOIN questions q ON q.id = wb.question_id JOIN question_versions cv ON cv.id = q.current_version_id
      WHERE wb.member_id = ${viewer.memberId} AND (${inText("cv")} OR ${inExplanation("cv")})
      UNION ALL
      SELECT 1 FROM case_assignments ca JOIN cases c ON c.id = ca.case_id AND c.withdrawn_at IS NULL
        JOIN case_questions cq ON cq.case_id = c.id JOIN questions q ON q.id = cq.question_id JOIN question_versions cv ON cv.id = q.current_version_id
      WHERE ca.member_id = ${viewer.memberId} AND (${inText("cv")} OR (${inExplanation("cv")} AND EXISTS (SELECT 1 FROM case_answers x
        WHERE x.case_id = c.id AND x.member_id = ca.member_id AND x.question_id = cq.question_id)))
      LIMIT 1`),
  );
  if (hit) return ok(object);
  const l = await learnerOf(db, viewer.memberId);
  if (!l) return byQuiz;
  const [open] = rowsOf(
    await db.execute(sql`SELECT 1 FROM questions q JOIN question_categories qc ON qc.id = q.category_id JOIN question_versions cv ON cv.id = q.current_version_id
      WHERE (${inText("cv")} OR ${inExplanation("cv")}) AND ${openToLearner(l)} LIMIT 1`),
  );
  return open ? ok(object) : byQuiz;
}
