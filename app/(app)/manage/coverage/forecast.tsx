import Link from "next/link";
import type { ForecastRow } from "@/lib/eligibility/coverage-forecast";
import type { MessageKey, Translate } from "@/lib/i18n";
import type { LapsingItem } from "@/lib/eligibility/forecast";
import { Badge, EmptyState } from "@/app/_ui/feedback";
import { Card } from "@/app/_ui/layout";

/** A certificate type's name as it is; a class series (复训) by its label. */
function itemName(t: Translate, it: LapsingItem): string {
  return it.kind === "retraining" ? t(`classes.series.${it.name}` as MessageKey) : it.name;
}

/** 覆盖预测: one line per station × job that falls below its minimum within the horizon, soonest first. */
export function ForecastSection({ t, rows }: { t: Translate; rows: ForecastRow[] }) {
  return (
    <Card title={t("eligibility.forecast.title")}>
      <p className="mb-3 text-sm text-slate-600">{t("eligibility.forecast.intro")}</p>
      {rows.length === 0 ? (
        <EmptyState title={t("eligibility.forecast.none")} />
      ) : (
        <ul className="space-y-3" data-testid="coverage-forecast">
          {rows.map((r) => {
            const f = r.forecast;
            const p = { station: r.stationName, job: r.jobName, min: r.minQualified, day: f.day };
            return (
              <li key={`${r.stationId}-${r.jobId}`} className="rounded-md border border-slate-200 p-3">
                <p className="font-medium text-red-700">{t(f.already ? "eligibility.forecast.already" : "eligibility.forecast.line", p)}</p>
                <p className="text-xs text-slate-500">
                  {r.teamName} · {t(f.already ? "eligibility.forecast.countNow" : "eligibility.forecast.count", { count: f.count })}
                </p>
                {f.lapsing.length > 0 && (
                  <div className="mt-2">
                    <p className="text-xs font-medium text-slate-600">{t("eligibility.forecast.lapsing")}</p>
                    <ul className="mt-1 space-y-1 text-sm">
                      {f.lapsing.map((l) => (
                        <li key={l.memberId} className="flex flex-wrap items-baseline gap-x-2">
                          <Link href={`/members/${l.memberId}`} className="font-medium text-brand-700 hover:underline">
                            {l.name}
                          </Link>
                          {l.items.map((it) => (
                            <span key={`${it.kind}-${it.name}`} className="text-slate-700">
                              {t("eligibility.forecast.mustDo", { kind: it.kind, until: it.until, name: itemName(t, it) })}
                            </span>
                          ))}
                        </li>
                      ))}
                    </ul>
                  </div>
                )}
                {f.candidates.length > 0 && (
                  <div className="mt-2">
                    <p className="text-xs font-medium text-slate-600">{t("eligibility.forecast.candidates")}</p>
                    <ul className="mt-1 flex flex-wrap gap-2 text-sm">
                      {f.candidates.map((c) => (
                        <li key={c.memberId}>
                          <Badge tone={c.reason === "lapsed" ? "warning" : "neutral"}>
                            <Link href={`/members/${c.memberId}`} className="hover:underline">
                              {c.name}
                            </Link>{" "}
                            {c.item
                              ? t("eligibility.forecast.lapsed", { name: itemName(t, c.item), until: c.item.until, kind: c.item.kind })
                              : t("eligibility.forecast.target")}
                          </Badge>
                        </li>
                      ))}
                    </ul>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
