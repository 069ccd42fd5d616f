import type { MessageKey, Translate } from "@/lib/i18n";
import { WARNING_FLAGS, type ItemFlag } from "@/lib/quiz/stats-math";
import type { ItemStats } from "@/lib/quiz/stats-items";
import { OPTION_LABELS } from "@/lib/quiz/types";
import { Badge } from "@/app/_ui/feedback";
import { Meter, fmt, pct } from "./charts";
import { withoutMedia } from "@/lib/quiz/media-refs";

function slotLabel(item: ItemStats, t: Translate): string {
  return item.slot === null ? t("quizStats.items.drawn") : t("quizStats.items.slot", { slot: item.slot });
}

export function flagReason(item: ItemStats, flag: ItemFlag, t: Translate, locale: string): string {
  return t(`quizStats.flags.why.${flag}` as MessageKey, { value: fmt(item.discrimination, locale), count: item.responses });
}

/** The questions that look faulty, each with why; shown at the top of the page. */
export function FlaggedQuestions({ items, t, locale }: { items: ItemStats[]; t: Translate; locale: string }) {
  return (
    <section aria-labelledby="flagged-title" className="rounded-lg border border-amber-300 bg-amber-50 p-4 sm:p-5">
      <h2 id="flagged-title" className="text-base font-semibold text-amber-950">
        {t("quizStats.flags.title")}
      </h2>
      <p className="mt-1 text-sm text-amber-900">{t("quizStats.flags.intro")}</p>
      <ul className="mt-3 space-y-2">
        {items.map((item) => (
          <li key={item.questionId} className="rounded-md border border-amber-200 bg-white p-3 text-sm">
            <a href={`#q-${item.questionId}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
              {slotLabel(item, t)}
            </a>
            <span className="ml-2 break-words text-slate-900">{withoutMedia(item.stem)}</span>
            <ul className="mt-1 list-disc space-y-0.5 pl-5 text-amber-900">
              {item.flags
                .filter((f) => WARNING_FLAGS.includes(f))
                .map((f) => (
                  <li key={f}>
                    <strong>{t(`quizStats.flags.${f}` as MessageKey)}</strong> {flagReason(item, f, t, locale)}
                  </li>
                ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** One question's figures and, for a choice question, how often each option was chosen. */
export function ItemCard({ item, t, locale }: { item: ItemStats; t: Translate; locale: string }) {
  const warn = item.flags.some((f) => WARNING_FLAGS.includes(f));
  const figures = [
    { label: t("quizStats.items.responses"), value: fmt(item.responses, locale) },
    { label: t("quizStats.items.answered"), value: fmt(item.answered, locale) },
    { label: t("quizStats.items.facility"), value: <Meter value={item.facility} label={pct(item.facility, locale)} /> },
    {
      label: t("quizStats.items.discrimination"),
      value: (
        <span className={`tabular-nums ${item.discrimination !== null && item.discrimination < 0 ? "font-semibold text-red-700" : ""}`}>
          {fmt(item.discrimination, locale)}
        </span>
      ),
    },
  ];
  return (
    <article
      id={`q-${item.questionId}`}
      className={`scroll-mt-4 rounded-lg border p-3 sm:p-4 ${warn ? "border-amber-300 bg-amber-50" : "border-slate-200 bg-white"}`}
    >
      <header className="flex flex-wrap items-center gap-2">
        <h3 className="text-sm font-semibold text-slate-900">{slotLabel(item, t)}</h3>
        <Badge>{t(`quizStats.types.${item.type}`)}</Badge>
        {item.drawn && item.slot !== null && <Badge>{t("quizStats.items.drawn")}</Badge>}
        {item.versions.length > 1 && <Badge>{t("quizStats.items.versions", { list: item.versions.map((v) => `v${v}`).join(", ") })}</Badge>}
        {item.flags.map((f) => (
          <Badge key={f} tone={WARNING_FLAGS.includes(f) ? "danger" : "neutral"}>
            {t(`quizStats.flags.${f}` as MessageKey)}
          </Badge>
        ))}
      </header>
      <p className="mt-2 whitespace-pre-wrap break-words text-sm text-slate-900">{withoutMedia(item.stem)}</p>
      <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-4">
        {figures.map((f) => (
          <div key={f.label} className="min-w-0">
            <dt className="text-xs text-slate-500">{f.label}</dt>
            <dd className="mt-0.5 text-slate-900">{f.value}</dd>
          </div>
        ))}
      </dl>
      {item.type === "essay" && <p className="mt-2 text-xs text-slate-500">{t("quizStats.items.essayNote")}</p>}
      {item.parts && item.parts.length > 0 && (
        <div className="mt-3">
          <h4 className="text-xs font-medium text-slate-600">{t("quizStats.items.parts")}</h4>
          <ul className="mt-1 space-y-1.5" data-testid="stats-parts">
            {item.parts.map((p) => (
              <li key={p.id} className="grid grid-cols-1 gap-1 text-sm sm:grid-cols-[1fr_auto] sm:items-center sm:gap-3" data-part={p.n}>
                <span className="min-w-0 break-words text-slate-900">{t("quizStats.items.partLine", { n: p.n, stem: withoutMedia(p.stem) })}</span>
                <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
                  <Meter
                    value={p.rightShare}
                    label={t("quizStats.items.partRight", { right: p.right, responses: p.responses, share: fmt(p.rightShare, locale) })}
                  />
                  <span className="whitespace-nowrap tabular-nums text-slate-700">
                    {t("quizStats.items.partMean", { mean: fmt(p.meanScore, locale), max: fmt(p.max, locale) })}
                  </span>
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {item.options.length > 0 && (
        <div className="mt-3">
          <h4 className="text-xs font-medium text-slate-600">{t("quizStats.items.options")}</h4>
          <ul className="mt-1 space-y-1.5">
            {item.options.map((o, i) => {
              const name =
                item.type === "truefalse"
                  ? t(o.id === "true" ? "quizStats.items.true" : "quizStats.items.false")
                  : t("quizStats.items.optionLine", { label: OPTION_LABELS[i] ?? "?", text: o.text });
              return (
                <li key={o.id} className="grid grid-cols-1 gap-1 text-sm sm:grid-cols-[1fr_auto] sm:items-center sm:gap-3">
                  <span className="min-w-0 break-words text-slate-900">
                    {name} {o.correct && <Badge tone="success">{t("quizStats.items.correct")}</Badge>}
                  </span>
                  <Meter
                    value={o.share}
                    tone={o.correct ? "brand" : "amber"}
                    label={t("quizStats.items.chosen", { count: o.count, share: fmt(o.share, locale) })}
                  />
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </article>
  );
}
