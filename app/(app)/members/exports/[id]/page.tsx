import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/session";
import { timeZone } from "@/lib/core/clock";
import { getDb } from "@/lib/core/db";
import { dayIn } from "@/lib/core/time";
import { getUnitExport } from "@/lib/person-file/exports";
import { idParam } from "@/app/_lib/json-route";
import { getT } from "@/app/_lib/i18n";
import { buttonClass } from "@/app/_ui/button";
import { Badge } from "@/app/_ui/feedback";
import { Card, PageHeader } from "@/app/_ui/layout";
import { RefreshWhile } from "@/app/_ui/refresh-while";
import { sizeText, stateTone } from "../state";

export async function generateMetadata() {
  return { title: (await getT())("personFile.export.title") };
}

/** One export's progress (n of N members, refreshed while it is made) and its download when done. */
export default async function UnitExportPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermission("member.read");
  const t = await getT();
  const id = idParam.safeParse((await params).id);
  if (!id.success) notFound();
  const r = await getUnitExport(await getDb(), user, id.data);
  if (!r.ok) notFound();
  const e = r.value;
  const active = e.state === "queued" || e.state === "running";
  const pct = e.total ? Math.round((100 * e.done) / e.total) : e.state === "done" ? 100 : 0;
  return (
    <div className="space-y-4">
      <PageHeader title={`${t("personFile.export.title")} · ${e.unitName}`} />
      <Card>
        <div className="space-y-3">
          <div className="flex flex-wrap items-center gap-2">
            <Badge tone={stateTone(e.state)}>
              <span data-testid="export-state">{t(`personFile.export.states.${e.state}`)}</span>
            </Badge>
            <span className="text-sm text-slate-700" data-testid="export-progress">
              {t("personFile.export.progress", { done: e.done, total: e.total })}
            </span>
          </div>
          <progress className="h-3 w-full" max={100} value={pct} aria-label={t("personFile.export.progress", { done: e.done, total: e.total })} />
          {active ? <p className="text-sm text-slate-500">{t("personFile.export.refreshing")}</p> : null}
          {e.state === "done" ? (
            <div className="flex flex-wrap items-center gap-3">
              <a href={`/members/exports/${e.id}/zip`} className={buttonClass("primary")} download>
                {t("personFile.export.download", { size: sizeText(e.sizeBytes) })}
              </a>
              <span className="text-sm text-slate-600">{t("personFile.export.expiresOn", { day: dayIn(e.expiresAt, timeZone()) })}</span>
            </div>
          ) : null}
        </div>
      </Card>
      <RefreshWhile active={active} everyMs={2000} />
    </div>
  );
}
