import { forbidden, notFound } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { getPairing, unitQuarterMetrics } from "@/lib/comparison";
import { quarterText, quartersEndingWith, shiftQuarter } from "@/lib/core/time";
import { currentQuarter } from "@/lib/core/clock";
import { getLocale, getT } from "@/app/_lib/i18n";
import { idParam } from "@/app/_lib/json-route";
import { PageHeader } from "@/app/_ui/layout";
import { MetricsView } from "../../../points/_shared/metrics-view";

/** The tab's title: the page's kind (the heading names the record). */
export async function generateMetadata() {
  return { title: (await getT())("methods.nav.pairings") };
}

/** The two stations of a pairing over the quarters around it: before, during and after. */
export default async function PairingPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermission("roster.read");
  const id = idParam.safeParse((await params).id);
  if (!id.success) notFound();
  const db = await getDb();
  const found = await getPairing(db, user, id.data);
  if (!found.ok) return found.kind === "forbidden" ? forbidden() : notFound();
  const p = found.value;
  const t = await getT();
  const locale = await getLocale();
  const now = currentQuarter();
  // Two quarters before the pairing up to now (at most eight quarters shown).
  const start = shiftQuarter(p.quarter, -2);
  const count = Math.min(8, Math.max(3, quartersBetween(start, now > p.quarter ? now : shiftQuarter(p.quarter, 1)) + 1));
  const quarters = quartersEndingWith(now > p.quarter ? now : shiftQuarter(p.quarter, 1), count);
  const units = [
    { id: p.modelId, name: `${p.modelName}（${t("methods.pairings.model")}）` },
    { id: p.weakerId, name: `${p.weakerName}（${t("methods.pairings.weaker")}）` },
  ];
  const figures = await unitQuarterMetrics(
    db,
    units.map((u) => u.id),
    quarters,
  );
  return (
    <div className="space-y-4">
      <PageHeader title={t("methods.pairings.compareTitle", { model: p.modelName, weaker: p.weakerName })}>
        {t("methods.pairings.pairedIn", { quarter: quarterText(p.quarter, locale) })}
        {p.note && <> · {p.note}</>}
      </PageHeader>
      <MetricsView
        t={t}
        locale={locale}
        units={units}
        quarters={quarters}
        figures={figures}
        metrics={["quizAverage", "completion", "attendance"]}
        current={now}
      />
    </div>
  );
}

function quartersBetween(a: string, b: string): number {
  const idx = (q: string) => Number(q.slice(0, 4)) * 4 + Number(q.slice(6)) - 1;
  return idx(b) - idx(a);
}
