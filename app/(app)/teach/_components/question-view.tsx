import type { Translate } from "@/lib/i18n";
import { fractionPercent } from "@/lib/quiz/fractions";
import { OPTION_LABELS, partQuestion, type Question } from "@/lib/quiz/types";
import { Badge } from "@/app/_ui/feedback";
import { DescriptionList } from "@/app/_ui/layout";
import { describeKey, difficultyLabel, fmtScore, typeLabel } from "../_lib/labels";
import { RichText } from "@/app/_ui/rich-text";

/** A choice question's options, the right ones marked (with their grades when it has them). */
function Options({ q, t }: { q: Question; t: Translate }) {
  if (q.type !== "single" && q.type !== "multiple") return null;
  return (
    <ol className="space-y-1.5" aria-label={t("quizAdmin.question.options")}>
      {q.options.map((o, i) => {
        const right = q.type === "single" ? q.key.correct === o.id : q.key.correct.includes(o.id);
        const grade = q.key.fractions ? (q.key.fractions[o.id] ?? 0) : null;
        return (
          <li key={o.id} className={`flex gap-2 rounded-md border px-3 py-2 text-sm ${right ? "border-emerald-300 bg-emerald-50" : "border-slate-200"}`}>
            <span className="font-semibold">{OPTION_LABELS[i]}.</span>
            <RichText className="min-w-0 flex-1 whitespace-pre-wrap break-words" text={o.text} alt={t("quiz.media.alt")} />
            {grade !== null && <Badge tone={grade > 0 ? "success" : "neutral"}>{t("quizAdmin.question.grade", { grade: fractionPercent(grade) })}</Badge>}
            {right && grade === null && <Badge tone="success">{t("quizAdmin.question.correct")}</Badge>}
          </li>
        );
      })}
    </ol>
  );
}

/** A question as its trainer sees it: content, key, explanation and bank data. */
export function QuestionView({ q, t }: { q: Question; t: Translate }) {
  return (
    <div className="space-y-4">
      <RichText className="block whitespace-pre-wrap break-words text-base text-slate-900" text={q.stem} alt={t("quiz.media.alt")} />
      <Options q={q} t={t} />
      {q.type === "group" && (
        <ol className="space-y-3" aria-label={t("quizAdmin.editor.parts")}>
          {q.parts.map((part, i) => (
            <li key={part.id} className="space-y-1.5 border-t border-slate-200 pt-2">
              <p className="text-sm">
                <span className="font-semibold">({i + 1})</span>{" "}
                <RichText className="whitespace-pre-wrap break-words" text={part.stem} alt={t("quiz.media.alt")} />{" "}
                <span className="text-slate-500">
                  {typeLabel(t, part.type)} · {fmtScore(part.points)}
                </span>
              </p>
              <Options q={partQuestion(q, i)} t={t} />
            </li>
          ))}
        </ol>
      )}
      <DescriptionList
        items={[
          {
            label: t("quizAdmin.bank.type"),
            value:
              typeLabel(t, q.type) +
              ((q.type === "single" || q.type === "multiple" || q.type === "fill") && q.key.fractions
                ? ` · ${t("quizAdmin.scoring.weighted")}`
                : q.type === "multiple" || q.type === "ordering"
                  ? ` · ${t(`quizAdmin.scoring.${q.scoring}`)}`
                  : q.type === "numeric" && q.key.answers
                    ? ` · ${t("quizAdmin.scoring.weighted")}`
                    : ""),
          },
          ...(q.type === "essay" ? [] : [{ label: t("quizAdmin.question.answer"), value: <span className="whitespace-pre-wrap">{describeKey(t, q)}</span> }]),
          ...(q.type === "essay"
            ? [{ label: t("quizAdmin.question.reference"), value: <span className="whitespace-pre-wrap">{q.key.reference || t("quizAdmin.none")}</span> }]
            : []),
          {
            label: t("quizAdmin.question.explanation"),
            value: <RichText className="whitespace-pre-wrap" text={q.explanation || t("quizAdmin.none")} alt={t("quiz.media.alt")} />,
          },
          { label: t("quizAdmin.difficulty.label"), value: difficultyLabel(t, q.difficulty) },
          { label: t("quizAdmin.editor.points"), value: fmtScore(q.points) },
          ...(q.penalty !== undefined ? [{ label: t("quizAdmin.question.penalty"), value: `${fractionPercent(q.penalty)}%` }] : []),
          { label: t("quizAdmin.bank.category"), value: q.category.join(" / ") || t("quizAdmin.none") },
          { label: t("quizAdmin.question.tags"), value: q.tags.length ? q.tags.join(t("quizAdmin.sep")) : t("quizAdmin.none") },
          ...(q.title ? [{ label: t("quizAdmin.question.titleLabel"), value: q.title }] : []),
        ]}
      />
    </div>
  );
}
