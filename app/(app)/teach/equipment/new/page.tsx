import Link from "next/link";
import { forbidden } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { equipmentFormOptions } from "@/lib/equipment";
import { getLocale, getT } from "@/app/_lib/i18n";
import { messagesFor } from "@/lib/i18n";
import { PageHeader } from "@/app/_ui/layout";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { EquipmentForm } from "../equipment-form";

export async function generateMetadata() {
  return { title: (await getT())("equipment.new") };
}

export default async function NewEquipmentPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("teach.manage");
  const t = await getT();
  const options = await equipmentFormOptions(await getDb(), user);
  if (!options.ok) forbidden();
  return (
    <div className="max-w-3xl space-y-4">
      <p className="text-sm">
        <Link href="/teach/equipment" className="text-brand-700 underline-offset-2 hover:underline">
          ← {t("equipment.back")}
        </Link>
      </p>
      <PageHeader title={t("equipment.new")} />
      <OutcomeAlert t={t} search={await searchParams} />
      <EquipmentForm m={messagesFor(await getLocale()).equipment} options={options.value} row={null} />
    </div>
  );
}
