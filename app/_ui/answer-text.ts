import { withoutMedia } from "@/lib/quiz/media-refs";
import type { Translate } from "@/lib/i18n";
import { type ClozeGapKey, multiGapIds, type PublicGap, type PublicQuestion } from "@/lib/quiz/types";

/** The answers worth the whole gap (the others are left out of a worker's review). */
function clozeKeyText(k: ClozeGapKey, gap: PublicGap | undefined): string {
  switch (k.kind) {
    case "short":
      return k.answers.filter((_, i) => (k.fractions[i] ?? 1) === 1).join(" / ");
    case "numeric":
      return k.answers
        .filter((a) => a.fraction === 1)
        .map((a) => (a.tolerance.value ? `${a.value}±${a.tolerance.value}${a.tolerance.kind === "percent" ? "%" : ""}` : String(a.value)))
        .join(" / ");
    case "choice":
      return gap?.kind === "choice"
        ? gap.options
            .filter((o) => (k.fractions[o.id] ?? 0) === 1)
            .map((o) => o.text)
            .join(" / ")
        : "";
    case "multi":
      // Every option worth something belongs to the full answer.
      return gap?.kind === "multi"
        ? gap.options
            .filter((o) => (k.fractions[o.id] ?? 0) > 0)
            .map((o) => o.text)
            .join(" + ")
        : "";
  }
}

function optionLabels(q: PublicQuestion, ids: readonly string[]): string {
  if (q.type !== "single" && q.type !== "multiple") return "";
  return q.options
    .filter((o) => ids.includes(o.id))
    .map((o) => `${o.label}. ${withoutMedia(o.text)}`.trim())
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
    case "matching": {
      const pairs = (v.pairs ?? {}) as Record<string, string>;
      return q.items.map((item) => `${item.text} → ${q.choices.find((c) => c.id === pairs[item.id])?.text ?? "—"}`).join("；");
    }
    case "ordering": {
      const order = ((as === "key" ? v.order : v.order) as string[] | undefined) ?? [];
      return order.map((id, i) => `${i + 1}. ${q.items.find((o) => o.id === id)?.text ?? "?"}`).join("  ");
    }
    case "cloze": {
      if (as === "response") {
        return ((v.gaps as string[] | undefined) ?? [])
          .map((g, i) => {
            const gap = q.gaps[i];
            const shown =
              gap?.kind === "choice"
                ? (gap.options.find((o) => o.id === g)?.text ?? "")
                : gap?.kind === "multi"
                  ? gap.options
                      .filter((o) => multiGapIds(g).includes(o.id))
                      .map((o) => o.text)
                      .join(" + ")
                  : g;
            return `(${i + 1}) ${shown || "—"}`;
          })
          .join("；");
      }
      const keys = (v.gaps as ClozeGapKey[] | undefined) ?? [];
      return keys.map((k, i) => `(${i + 1}) ${clozeKeyText(k, q.gaps[i])}`).join("；");
    }
    case "group":
      return partAnswers(q, value, t, as).join("\n");
  }
}

/**
 * A group's answer (or key) part by part, "(1) …", each in its own type's words: a key holds the
 * parts' keys in order, a response each part's answer by its id.
 */
export function partAnswers(q: Extract<PublicQuestion, { type: "group" }>, value: unknown, t: Translate, as: "response" | "key"): string[] {
  const parts = (value as { parts?: unknown } | null | undefined)?.parts;
  const given = (i: number, id: string) => (as === "key" ? (parts as unknown[] | undefined)?.[i] : (parts as Record<string, unknown> | undefined)?.[id]);
  return q.parts.map((part, i) => `(${i + 1}) ${answerText(part, given(i, part.id), t, as)}`);
}
