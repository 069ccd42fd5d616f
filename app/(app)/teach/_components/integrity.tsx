import { formatDateTime } from "@/lib/core/format";
import type { Translate } from "@/lib/i18n";
import type { AttemptIntegrity } from "@/lib/quiz/attempts";

function duration(t: Translate, s: number): string {
  return s >= 60 ? t("proctor.integrity.minutes", { m: Math.floor(s / 60), s: s % 60 }) : t("proctor.integrity.seconds", { s });
}

/**
 * An attempt's proctoring (监考: 姓名 @ 站点) and integrity log for the trainer: one compact line,
 * the entries behind a disclosure. For information only: nothing here changes a result.
 */
export function IntegritySummary({ info, t, locale }: { info: AttemptIntegrity | undefined; t: Translate; locale: string }) {
  if (!info) return <span className="text-slate-400">—</span>;
  const parts = [
    info.left > 0 &&
      `${t("proctor.integrity.left", { count: info.left })}${info.awayS > 0 ? `，${t("proctor.integrity.away", { duration: duration(t, info.awayS) })}` : ""}`,
    info.pastes > 0 && t("proctor.integrity.pastes", { count: info.pastes }),
    info.devices > 0 && t("proctor.integrity.devices", { count: info.devices }),
  ].filter(Boolean) as string[];
  return (
    <div className="min-w-48 space-y-1 text-sm" data-testid="integrity">
      <p className={info.proctor ? "text-emerald-800" : "text-slate-500"} data-testid="integrity-proctor">
        {info.proctor
          ? t("proctor.integrity.supervisedAt", { name: info.proctor.name, station: info.proctor.station, time: formatDateTime(info.proctor.at, locale) })
          : t("proctor.integrity.unsupervised")}
      </p>
      <p className={parts.length ? "text-amber-800" : "text-slate-500"}>{parts.length ? parts.join("；") : t("proctor.integrity.none")}</p>
      {info.dropped > 0 && <p className="text-xs text-slate-500">{t("proctor.integrity.dropped", { count: info.dropped })}</p>}
      {info.events.length > 0 && (
        <details className="text-xs text-slate-600">
          <summary className="cursor-pointer text-brand-700">{t("proctor.integrity.detail")}</summary>
          <ol className="mt-1 space-y-0.5">
            {info.events.map((e, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the log is in time order and never reordered
              <li key={i} className="whitespace-nowrap">
                <span className="font-mono tabular-nums">{formatDateTime(e.at, locale).slice(-5)}</span>{" "}
                {e.kind === "returned"
                  ? t("proctor.integrity.kinds.returned", { duration: duration(t, e.awayS ?? 0) })
                  : e.kind === "paste"
                    ? t("proctor.integrity.kinds.paste", { position: e.position ?? 0, chars: e.chars ?? 0 })
                    : t(`proctor.integrity.kinds.${e.kind}`)}
              </li>
            ))}
          </ol>
          <p className="mt-1 whitespace-normal text-slate-500">{t("proctor.integrity.note")}</p>
        </details>
      )}
    </div>
  );
}
