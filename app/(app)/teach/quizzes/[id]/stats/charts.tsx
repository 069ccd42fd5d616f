import type { Translate } from "@/lib/i18n";
import { bandRange } from "@/lib/quiz/stats-math";

/** A figure for display: one decimal at most, "—" when there is none. */
export function fmt(x: number | null | undefined, locale: string): string {
  if (x === null || x === undefined) return "—";
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(x);
}

export const pct = (x: number | null | undefined, locale: string) => (x === null || x === undefined ? "—" : `${fmt(x, locale)}%`);

/**
 * The score distribution as horizontal bars, one per band, each with its count written out:
 * readable at 360 px and by a screen reader (a list of "band: count"). Bands wholly below the
 * pass mark are drawn in amber.
 */
export function BandChart({ bands, passPercent, t }: { bands: number[]; passPercent: number; t: Translate }) {
  const max = Math.max(1, ...bands);
  return (
    <figure>
      <figcaption className="sr-only">{t("quizStats.distribution.caption")}</figcaption>
      <ol className="space-y-1.5">
        {bands.map((count, i) => {
          const [from, to] = bandRange(i);
          const below = to <= passPercent;
          return (
            <li key={from} className="grid grid-cols-[4.5rem_1fr_3.5rem] items-center gap-2 text-sm">
              <span className="tabular-nums text-slate-600">{t("quizStats.distribution.band", { from, to })}</span>
              <span className="h-5 rounded bg-slate-100" aria-hidden="true">
                <span className={`block h-5 rounded ${below ? "bg-amber-400" : "bg-brand-600"}`} style={{ width: `${(count / max) * 100}%` }} />
              </span>
              <span className="text-right tabular-nums text-slate-900">{t("quizStats.distribution.people", { count })}</span>
            </li>
          );
        })}
      </ol>
    </figure>
  );
}

/** Ten small columns for a table cell; the numbers are in its accessible name and tooltip. */
export function MiniBands({ bands, t }: { bands: number[]; t: Translate }) {
  const max = Math.max(1, ...bands);
  const text = bands.map((c, i) => `${t("quizStats.distribution.band", { from: i * 10, to: i * 10 + 10 })}: ${c}`).join(", ");
  return (
    <span role="img" aria-label={text} title={text} className="inline-flex h-6 items-end gap-px align-middle">
      {[...bands.entries()].map(([band, c]) => (
        <span
          key={band}
          className="w-1.5 rounded-sm bg-brand-600"
          style={{ height: `${c === 0 ? 2 : Math.max(12, (c / max) * 100)}%`, opacity: c === 0 ? 0.25 : 1 }}
        />
      ))}
    </span>
  );
}

/** A share as a thin bar with the figure beside it. */
export function Meter({ value, label, tone = "brand" }: { value: number | null; label: string; tone?: "brand" | "amber" }) {
  return (
    <span className="flex items-center gap-2">
      <span className="h-2 w-16 shrink-0 rounded bg-slate-100 sm:w-24" aria-hidden="true">
        <span
          className={`block h-2 rounded ${tone === "amber" ? "bg-amber-400" : "bg-brand-600"}`}
          style={{ width: `${Math.min(100, Math.max(0, value ?? 0))}%` }}
        />
      </span>
      <span className="tabular-nums">{label}</span>
    </span>
  );
}
