import Link from "next/link";
import { forbidden } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { listEquipment, type EquipmentRow } from "@/lib/equipment";
import { getT } from "@/app/_lib/i18n";
import { buttonClass } from "@/app/_ui/button";
import { ConfirmAction } from "@/app/_ui/confirm";
import { Badge, EmptyState } from "@/app/_ui/feedback";
import { PageHeader } from "@/app/_ui/layout";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { DataTable, type Column } from "@/app/_ui/table";
import { retireEquipmentAction } from "./actions";
import { clipText } from "./clip-text";

export async function generateMetadata() {
  return { title: (await getT())("equipment.title") };
}

/** 一机一码: the equipment of the trainer's stations, with their labels. */
export default async function EquipmentPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("teach.manage");
  const t = await getT();
  const search = await searchParams;
  const r = await listEquipment(await getDb(), user);
  if (!r.ok) forbidden();
  const rows = r.value;
  const columns: Column<EquipmentRow>[] = [
    {
      key: "name",
      header: t("equipment.name"),
      cell: (e) => (
        <span className="flex flex-wrap items-center gap-2">
          <Link href={`/teach/equipment/${e.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
            {e.name}
          </Link>
          {e.retired && <Badge tone="warning">{t("equipment.retired")}</Badge>}
        </span>
      ),
    },
    { key: "kind", header: t("equipment.kind"), cell: (e) => t(`equipment.kinds.${e.kind}`) },
    { key: "station", header: t("equipment.station"), cell: (e) => e.stationName },
    { key: "jobs", header: t("equipment.jobs"), cell: (e) => e.jobNames.join("、"), wide: true },
    { key: "clip", header: t("equipment.clip"), cell: (e) => `${e.lessonTitle} · ${clipText(t, e)}`, wide: true },
    {
      key: "actions",
      header: t("equipment.actions"),
      cell: (e) =>
        e.retired ? null : (
          <span className="flex flex-wrap items-center gap-2">
            <Link href={`/teach/equipment/labels?ids=${e.id}`} className={buttonClass("secondary", "!min-h-8 !px-2 text-xs")}>
              {t("equipment.labels")}
            </Link>
            <ConfirmAction
              action={retireEquipmentAction}
              fields={{ id: e.id }}
              trigger={t("equipment.retire")}
              title={t("equipment.retireTitle", { name: e.name })}
              impact={[t("equipment.retireBody")]}
              confirmLabel={t("equipment.retire")}
              cancelLabel={t("common.cancel")}
              triggerClassName="!min-h-8 !px-2 text-xs"
            />
          </span>
        ),
    },
  ];
  const active = rows.filter((e) => !e.retired);
  return (
    <div className="space-y-4">
      <PageHeader
        title={t("equipment.title")}
        actions={
          <span className="flex flex-wrap gap-2">
            <Link href="/teach/equipment/new" className={buttonClass("primary")}>
              {t("equipment.new")}
            </Link>
            {active.length > 0 && (
              <Link href="/teach/equipment/labels" className={buttonClass("secondary")}>
                {t("equipment.labelsAll")}
              </Link>
            )}
          </span>
        }
      >
        {t("equipment.intro")}
      </PageHeader>
      <OutcomeAlert t={t} search={search} success={search.retired ? t("equipment.retiredDone") : null} />
      {rows.length === 0 ? (
        <EmptyState title={t("equipment.empty")} />
      ) : (
        <DataTable caption={t("equipment.title")} columns={columns} rows={rows} rowKey={(e) => e.id} />
      )}
    </div>
  );
}
