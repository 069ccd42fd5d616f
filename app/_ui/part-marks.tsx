import type { Correctness } from "@/lib/quiz/grading";
import type { PublicQuestion } from "@/lib/quiz/types";
import type { Translate } from "@/lib/i18n";
import { partAnswers } from "@/app/_ui/answer-text";
import { Badge } from "@/app/_ui/feedback";

const tone = { right: "success", partial: "warning", wrong: "danger", pending: "neutral" } as const;

/**
 * One mark (right, partial, wrong, waiting for a grader) as a badge: a quiz review's, practice
 * feedback's. Where no trainer grades (`selfCheck`: practice), a pending essay part is one to
 * check against the model answer.
 */
export function MarkBadge({ mark, t, selfCheck = false }: { mark: Correctness; t: Translate; selfCheck?: boolean }) {
  const label = mark !== "pending" ? t(`quizTake.review.${mark}`) : t(selfCheck ? "quizTake.review.selfCheck" : "quizTake.review.pendingOne");
  return <Badge tone={tone[mark]}>{label}</Badge>;
}

/**
 * A 案例分析 group's answer part by part, "(1) …", each line with its mark (`marks` in the parts'
 * order) and, when given, its score out of the part's points (an essay part's once graded): the
 * quiz review and practice feedback show a group this way.
 */
export function PartMarks({
  q,
  response,
  marks,
  scores,
  selfCheck = false,
  t,
}: {
  q: Extract<PublicQuestion, { type: "group" }>;
  response: unknown;
  marks: readonly Correctness[];
  scores?: readonly (number | null)[];
  selfCheck?: boolean;
  t: Translate;
}) {
  return (
    <ol className="space-y-1" data-testid="review-parts">
      {partAnswers(q, response, t, "response").map((line, n) => {
        const mark = marks[n] ?? "wrong";
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts' lines, in the parts' fixed order
          <li key={n} className="flex flex-wrap items-baseline gap-2 text-slate-900" data-part-correct={mark}>
            <span className="whitespace-pre-wrap">{line}</span>
            <MarkBadge mark={mark} t={t} selfCheck={selfCheck} />
            {scores?.[n] !== undefined && scores[n] !== null && (
              <span className="text-sm text-slate-500" data-testid="part-score">
                {t("quizTake.review.partScore", { score: scores[n], max: q.parts[n]?.points ?? 0 })}
              </span>
            )}
          </li>
        );
      })}
    </ol>
  );
}
