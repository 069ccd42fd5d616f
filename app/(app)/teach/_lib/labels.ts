import type { MessageKey, Translate } from "@/lib/i18n";
import type { Question, QuestionType } from "@/lib/quiz/types";
import { fractionPercent } from "@/lib/quiz/fractions";
import { OPTION_LABELS } from "@/lib/quiz/types";

export const typeLabel = (t: Translate, type: QuestionType) => t(`quizAdmin.types.${type}` as MessageKey);
export const difficultyLabel = (t: Translate, d: number) => t(`quizAdmin.difficulty.levels.${d}` as MessageKey);
export const statusLabel = (t: Translate, s: "draft" | "published" | "closed") => t(`quizAdmin.status.${s}`);
export const statusTone = { draft: "neutral", published: "success", closed: "warning" } as const;

export const typeOptions = (t: Translate) =>
  (["single", "multiple", "truefalse", "fill", "numeric", "essay"] as const).map((v) => ({ value: v, label: typeLabel(t, v) }));
export const difficultyOptions = (t: Translate) => [1, 2, 3, 4, 5].map((d) => ({ value: String(d), label: difficultyLabel(t, d) }));

/** A number with at most two decimals, as people write scores. */
export function fmtScore(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** The answer of a question in words, for the trainer. */
export function describeKey(t: Translate, q: Question): string {
  switch (q.type) {
    case "single": {
      const i = q.options.findIndex((o) => o.id === q.key.correct);
      return OPTION_LABELS[i] ?? "?";
    }
    case "multiple":
      return q.options.map((o, i) => (q.key.correct.includes(o.id) ? OPTION_LABELS[i] : "")).join("");
    case "truefalse":
      return q.key.correct ? t("quizAdmin.question.true") : t("quizAdmin.question.false");
    case "fill":
      return q.key.blanks
        .map((alts, i) => {
          // An answer worth part of the blank shows its grade, as the editor writes it.
          const answers = alts.map((a, k) => {
            const f = q.key.fractions?.[i]?.[k];
            return f === undefined || f === 1 ? a : `${a} (${fractionPercent(f)}%)`;
          });
          return t("quizAdmin.question.blankAnswer", { n: i + 1, answers: answers.join(" | ") });
        })
        .join(t("quizAdmin.semi"));
    case "numeric": {
      const tol = q.key.tolerance.kind === "percent" ? `${q.key.tolerance.value}%` : `${q.key.tolerance.value} ${q.unit}`.trim();
      return t("quizAdmin.question.tolerance", { value: `${q.key.value} ${q.unit}`.trim(), tolerance: tol });
    }
    case "essay":
      return q.key.reference;
  }
}

/** The first line of a stem, shortened for lists. */
export function shortStem(stem: string, max = 80): string {
  const line = stem.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
