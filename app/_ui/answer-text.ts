import type { Translate } from "@/lib/i18n";
import type { PublicQuestion } from "@/lib/quiz/types";

function optionLabels(q: PublicQuestion, ids: readonly string[]): string {
  if (q.type !== "single" && q.type !== "multiple") return "";
  return q.options
    .filter((o) => ids.includes(o.id))
    .map((o) => `${o.label}. ${o.text}`)
    .join("；");
}

/** A response or a key, in words a worker reads (a quiz review, practice feedback). */
export function answerText(q: PublicQuestion, value: unknown, t: Translate, as: "response" | "key"): string {
  if (value === null || value === undefined) return t("quizTake.review.noAnswer");
  const v = value as Record<string, unknown>;
  switch (q.type) {
    case "single":
      return optionLabels(q, [String(as === "key" ? v.correct : v.optionId)]);
    case "multiple":
      return optionLabels(q, ((as === "key" ? v.correct : v.optionIds) as string[]) ?? []);
    case "truefalse":
      return (as === "key" ? v.correct : v.value) ? t("quizTake.attempt.true") : t("quizTake.attempt.false");
    case "fill":
      return as === "key" ? ((v.blanks as string[][]) ?? []).map((alts) => alts.join(" / ")).join("；") : ((v.blanks as string[]) ?? []).join("；");
    case "numeric": {
      if (as === "response") return `${String(v.value)} ${q.unit}`.trim();
      const tol = v.tolerance as { kind: string; value: number };
      return t("quizTake.review.tolerance", {
        value: `${v.value} ${q.unit}`.trim(),
        tolerance: tol.kind === "percent" ? `${tol.value}%` : `${tol.value} ${q.unit}`.trim(),
      });
    }
    case "essay":
      return String(as === "key" ? v.reference : v.text);
  }
}
