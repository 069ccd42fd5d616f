import type { Metric, UnitQuarter } from "@/lib/comparison";
import { METRICS } from "@/lib/comparison";
import { quarterShort, quarterText } from "@/lib/core/time";
import type { Translate } from "@/lib/i18n";
import { Card } from "@/app/_ui/layout";
import { LineChart } from "./line-chart";

/** One chart per figure (units as lines over the quarters), each with its numbers in a table. */
export function MetricsView({
  t,
  locale,
  units,
  quarters,
  figures,
  metrics = METRICS,
  current,
}: {
  t: Translate;
  locale: string;
  /** `own`: the viewer's team, named in bold in the tables. */
  units: { id: number; name: string; own?: boolean }[];
  quarters: string[];
  figures: UnitQuarter[];
  metrics?: readonly Metric[];
  /** The quarter under way, if shown: its figures are those so far (dashed, hollow, said under the chart). */
  current?: string;
}) {
  const partialFrom = current === undefined ? -1 : quarters.indexOf(current);
  const at = new Map(figures.map((f) => [`${f.unitId}|${f.quarter}`, f]));
  const labels = quarters.map((q) => (locale === "en" ? quarterText(q, "en") : q.replace("-", " ")));
  const show = (m: Metric, v: number | null) =>
    v === null ? t("methods.comparison.noData") : m === "points" ? String(v) : t("methods.comparison.percent", { value: v });
  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
      {metrics.map((m) => {
        const name = t(`methods.comparison.metric.${m}`);
        return (
          <Card key={m} title={name}>
            <LineChart
              id={`chart-${m}`}
              title={name}
              description={t("methods.comparison.chartDesc", { metric: name })}
              labels={labels}
              unit={m === "points" ? "" : "%"}
              max={m === "points" ? undefined : 100}
              emptyLabel={t("methods.comparison.noData")}
              partialFrom={partialFrom >= 0 ? partialFrom : undefined}
              partialNote={partialFrom >= 0 && current ? t("methods.comparison.soFar", { quarter: quarterText(current, locale) }) : undefined}
              series={units.map((u) => ({ name: u.name, values: quarters.map((q) => at.get(`${u.id}|${q}`)?.[m] ?? null) }))}
            />
            <details className="mt-2 text-sm">
              <summary className="cursor-pointer text-brand-700">{t("methods.comparison.table")}</summary>
              <div className="mt-2 overflow-x-auto">
                <table className="min-w-full text-left text-xs">
                  <caption className="sr-only">{name}</caption>
                  <thead>
                    <tr>
                      <th scope="col" className="py-1 pr-2 font-medium">
                        {t("methods.comparison.unitCol")}
                      </th>
                      {quarters.map((q) => (
                        <th key={q} scope="col" className="whitespace-nowrap py-1 pr-2 font-medium">
                          {/* Short heads (26Q3) keep five quarters inside a half-width card; the full name is the title. */}
                          <abbr title={quarterText(q, locale)} className="no-underline">
                            {quarterShort(q)}
                          </abbr>
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {units.map((u) => (
                      <tr key={u.id}>
                        <th scope="row" className={`whitespace-nowrap py-1 pr-2 ${u.own ? "font-semibold" : "font-normal"}`}>
                          {u.name}
                        </th>
                        {quarters.map((q) => (
                          <td key={q} className="whitespace-nowrap py-1 pr-2 tabular-nums">
                            {show(m, at.get(`${u.id}|${q}`)?.[m] ?? null)}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          </Card>
        );
      })}
    </div>
  );
}
