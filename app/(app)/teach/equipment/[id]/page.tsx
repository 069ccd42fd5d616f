import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { equipmentFormOptions, getEquipment } from "@/lib/equipment";
import { getLocale, getT } from "@/app/_lib/i18n";
import { messagesFor } from "@/lib/i18n";
import { idParam } from "@/app/_lib/json-route";
import { buttonClass } from "@/app/_ui/button";
import { Alert } from "@/app/_ui/feedback";
import { PageHeader } from "@/app/_ui/layout";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { EquipmentForm } from "../equipment-form";

export async function generateMetadata() {
  return { title: (await getT())("equipment.edit") };
}

/** One piece of equipment: its form (while in use) and its label. */
export default async function EquipmentEditPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePermission("teach.manage");
  const id = idParam.safeParse((await params).id);
  if (!id.success) notFound();
  const db = await getDb();
  const r = await getEquipment(db, user, id.data);
  if (!r.ok) notFound();
  const options = await equipmentFormOptions(db, user);
  if (!options.ok) forbidden();
  const t = await getT();
  const search = await searchParams;
  const e = r.value;
  const success = search.created ? t("equipment.created") : search.saved ? t("equipment.saved") : null;
  return (
    <div className="max-w-3xl space-y-4">
      <p className="text-sm">
        <Link href="/teach/equipment" className="text-brand-700 underline-offset-2 hover:underline">
          ← {t("equipment.back")}
        </Link>
      </p>
      <PageHeader
        title={e.name}
        actions={
          !e.retired && (
            <Link href={`/teach/equipment/labels?ids=${e.id}`} className={buttonClass("secondary")}>
              {t("equipment.labels")}
            </Link>
          )
        }
      >
        {e.stationName} · {t(`equipment.kinds.${e.kind}`)}
      </PageHeader>
      <OutcomeAlert t={t} search={search} success={success} />
      {e.retired ? (
        <Alert tone="warning">{t("equipment.errors.retired")}</Alert>
      ) : (
        <EquipmentForm m={messagesFor(await getLocale()).equipment} options={options.value} row={e} />
      )}
    </div>
  );
}
