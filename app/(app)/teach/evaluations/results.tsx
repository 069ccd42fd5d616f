import { formatDateTime } from "@/lib/core/format";
import { QUESTIONS, type InstructorResult, type TargetResult } from "@/lib/evaluations";
import type { Locale, Translate } from "@/lib/i18n";
import { EmptyState } from "@/app/_ui/feedback";

const score = (n: number | null) => (n === null ? "–" : n.toFixed(1));

/** The four question means and the overall one, as a grid that wraps on a phone. */
export function Scores({ t, r }: { t: Translate; r: InstructorResult | TargetResult }) {
  return (
    <dl className="mt-2 grid grid-cols-2 gap-2 text-sm sm:grid-cols-5">
      {QUESTIONS.map((q) => (
        <div key={q} className="rounded-md bg-slate-50 px-2 py-1">
          <dt className="text-xs text-slate-500">{t(`evaluations.questions.${q}`)}</dt>
          <dd className="font-semibold tabular-nums text-slate-900" data-testid={`avg-${q}`}>
            {score(r.perQuestion[q])}
          </dd>
        </div>
      ))}
      <div className="rounded-md bg-amber-50 px-2 py-1">
        <dt className="text-xs text-slate-500">{t("evaluations.results.overall")}</dt>
        <dd className="font-semibold tabular-nums text-amber-800" data-testid="avg-overall">
          ★ {score(r.overall)}
        </dd>
      </div>
    </dl>
  );
}

/** Per class or per course: the count, the means and the comments (no names). */
export function Targets({ t, list, locale }: { t: Translate; list: TargetResult[]; locale: Locale }) {
  if (list.length === 0) return <EmptyState title={t("evaluations.results.none")} />;
  return (
    <ul className="divide-y divide-slate-100">
      {list.map((r) => (
        <li key={r.id} className="py-3" data-testid="evaluation-target">
          <div className="flex flex-wrap items-baseline justify-between gap-x-3">
            <h3 className="min-w-0 break-words font-medium text-slate-900">{r.title}</h3>
            <span className="text-sm text-slate-500">{t("evaluations.results.answers", { count: r.count })}</span>
          </div>
          {r.instructorName && <p className="text-sm text-slate-600">{t("evaluations.results.instructorOf", { name: r.instructorName })}</p>}
          <Scores t={t} r={r} />
          <details className="mt-2 text-sm" open={r.comments.length > 0 && r.comments.length <= 3}>
            <summary className="cursor-pointer text-slate-600">
              {t("evaluations.results.comments")} ({r.comments.length})
            </summary>
            {r.comments.length === 0 ? (
              <p className="py-1 text-slate-500">{t("evaluations.results.noComments")}</p>
            ) : (
              <ul className="mt-1 space-y-1">
                {r.comments.map((c, i) => (
                  // Comments have no id to show (and no name): their order is stable.
                  // biome-ignore lint/suspicious/noArrayIndexKey: the list is read-only and ordered
                  <li key={i} className="rounded-md border border-slate-100 px-2 py-1">
                    <p className="whitespace-pre-line break-words text-slate-800">{c.text}</p>
                    <p className="text-xs text-slate-400">{formatDateTime(c.at, locale)}</p>
                  </li>
                ))}
              </ul>
            )}
          </details>
        </li>
      ))}
    </ul>
  );
}
