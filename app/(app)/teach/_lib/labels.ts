import type { MessageKey, Translate } from "@/lib/i18n";
import type { ClozeGap, ClozeGapKey, NumericAnswer, Question, QuestionType } from "@/lib/quiz/types";
import { fractionPercent } from "@/lib/quiz/fractions";
import { OPTION_LABELS, partQuestion } from "@/lib/quiz/types";
import { withoutMedia } from "@/lib/quiz/media-refs";

export const typeLabel = (t: Translate, type: QuestionType) => t(`quizAdmin.types.${type}` as MessageKey);
export const difficultyLabel = (t: Translate, d: number) => t(`quizAdmin.difficulty.levels.${d}` as MessageKey);
export const statusLabel = (t: Translate, s: "draft" | "published" | "closed") => t(`quizAdmin.status.${s}`);
export const statusTone = { draft: "neutral", published: "success", closed: "warning" } as const;

export const typeOptions = (t: Translate) =>
  (["single", "multiple", "truefalse", "fill", "numeric", "essay", "matching", "ordering", "cloze"] as const).map((v) => ({
    value: v,
    label: typeLabel(t, v),
  }));
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
      const one = (a: NumericAnswer) => {
        const tol = a.tolerance.kind === "percent" ? `${a.tolerance.value}%` : `${a.tolerance.value} ${q.unit}`.trim();
        const text = t("quizAdmin.question.tolerance", { value: `${a.value} ${q.unit}`.trim(), tolerance: tol });
        return a.fraction === 1 ? text : `${text} (${fractionPercent(a.fraction)}%)`;
      };
      return (q.key.answers ?? [{ ...q.key, fraction: 1 }]).map(one).join(t("quizAdmin.semi"));
    }
    case "essay":
      return q.key.reference;
    case "matching":
      return q.items.map((item) => `${item.text} → ${q.choices.find((c) => c.id === q.key.pairs[item.id])?.text ?? "?"}`).join("\n");
    case "ordering":
      return q.items.map((item, i) => `${i + 1}. ${item.text}`).join("\n");
    case "cloze":
      return q.key.gaps.map((key, i) => t("quizAdmin.question.blankAnswer", { n: i + 1, answers: gapKeyText(key, q.gaps[i]) })).join(t("quizAdmin.semi"));
    case "group":
      // Each part's key in its type's words, one part a line.
      return q.parts.map((_, i) => `(${i + 1}) ${describeKey(t, partQuestion(q, i))}`).join("\n");
  }
}

/** One cloze gap's accepted answers, with the grade of those worth part of the gap. */
export function gapKeyText(key: ClozeGapKey, gap: ClozeGap | undefined): string {
  const pct = (text: string, f: number) => (f === 1 ? text : `${text} (${fractionPercent(f)}%)`);
  switch (key.kind) {
    case "short":
      return key.answers.map((a, k) => pct(a, key.fractions[k] ?? 1)).join(" | ");
    case "numeric":
      return key.answers
        .map((a) => pct(a.tolerance.value ? `${a.value}±${a.tolerance.value}${a.tolerance.kind === "percent" ? "%" : ""}` : String(a.value), a.fraction))
        .join(" | ");
    case "choice":
    case "multi": {
      const options = gap?.kind === key.kind ? gap.options : [];
      return options
        .filter((o) => (key.fractions[o.id] ?? 0) > 0)
        .map((o) => pct(o.text, key.fractions[o.id] ?? 0))
        .join(" | ");
    }
  }
}

/** The first line of a stem, shortened for lists. */
export function shortStem(stem: string, max = 80): string {
  const line = withoutMedia(stem).replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
