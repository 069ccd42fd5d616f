import { COMMENT_MAX, MAX_SCORE, QUESTIONS, type TargetKind } from "@/lib/evaluations";
import type { Translate } from "@/lib/i18n";
import { buttonClass } from "@/app/_ui/button";
import { dismissEvaluationAction, submitEvaluationAction } from "./actions";

const STARS = Array.from({ length: MAX_SCORE }, (_, i) => i + 1);

/**
 * 「请为本次培训打分」: one tap per question on large stars (radio buttons, so it works without
 * script and the browser asks for a missing one), an optional comment, submit or 不评价. The stars
 * stand 1 → 5 in the page as on screen (arrow keys move the way they look); CSS fills the one
 * picked and every star before it (`label:has(~ label :checked)`).
 */
export function EvaluationCard({ t, kind, id }: { t: Translate; kind: TargetKind; id: number }) {
  return (
    <section className="mt-3 rounded-lg border border-amber-200 bg-amber-50 p-3" aria-labelledby={`eval-${kind}-${id}`} data-testid="evaluation-card">
      <h3 id={`eval-${kind}-${id}`} className="text-base font-semibold text-slate-900">
        {t("evaluations.card.title")}
      </h3>
      <p className="text-sm text-slate-600">{t("evaluations.card.hint")}</p>
      <form action={submitEvaluationAction} className="mt-2 space-y-2">
        <input type="hidden" name="kind" value={kind} />
        <input type="hidden" name="id" value={id} />
        {QUESTIONS.map((q) => (
          <fieldset key={q} className="flex flex-wrap items-center justify-between gap-x-3">
            <legend className="float-left py-1 text-sm font-medium text-slate-800">{t(`evaluations.questions.${q}`)}</legend>
            <span className="flex justify-start gap-1 text-slate-300 [&>label:has(:checked)]:text-amber-500 [&>label:has(~label_:checked)]:text-amber-500">
              {STARS.map((n) => (
                <label
                  key={n}
                  className="flex size-12 cursor-pointer items-center justify-center rounded-md text-4xl leading-none hover:bg-amber-100 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-600"
                >
                  <input type="radio" name={q} value={n} required className="sr-only" aria-label={t("evaluations.card.stars", { n })} />
                  <span aria-hidden="true">★</span>
                </label>
              ))}
            </span>
          </fieldset>
        ))}
        <label className="block text-sm text-slate-700">
          {t("evaluations.card.comment", { max: COMMENT_MAX })}
          <textarea name="comment" maxLength={COMMENT_MAX} rows={2} className="mt-1 block w-full rounded-md border border-slate-300 bg-white p-2 text-sm" />
        </label>
        <div className="flex flex-wrap gap-2">
          <button type="submit" className={buttonClass("primary", "min-h-12 min-w-32")}>
            {t("evaluations.card.submit")}
          </button>
          <button type="submit" formAction={dismissEvaluationAction} formNoValidate className={buttonClass("ghost", "min-h-12")}>
            {t("evaluations.card.dismiss")}
          </button>
        </div>
      </form>
    </section>
  );
}
