ALTER TABLE "attempt_answers" ADD COLUMN "part_grades" jsonb;--> statement-breakpoint
-- A group graded before parts were graded one by one had one essay part, whose score and
-- feedback were the row's: they become that part's grade (manual_score stays, the parts' sum).
-- The type compared as text: on a fresh database 0038 added 'group' in this same transaction.
UPDATE "attempt_answers" an
SET "part_grades" = jsonb_build_object(p.value->>'id', jsonb_build_object('score', an.manual_score, 'feedback', an.feedback))
FROM "attempt_questions" aq
JOIN "question_versions" v ON v.id = aq.question_version_id
CROSS JOIN LATERAL jsonb_array_elements(v.body->'parts') p
WHERE aq.attempt_id = an.attempt_id AND aq.position = an.position
  AND v.type::text = 'group' AND p.value->>'type' = 'essay'
  AND an.manual_score IS NOT NULL AND an.part_grades IS NULL;
