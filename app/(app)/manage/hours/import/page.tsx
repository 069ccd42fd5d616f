import { forbidden } from "next/navigation";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { getT } from "@/app/_lib/i18n";
import { previewLabels } from "@/app/_lib/import-preview";
import { buttonClass } from "@/app/_ui/button";
import { ImportPreviewForm } from "@/app/_ui/import-preview";
import { PageHeader } from "@/app/_ui/layout";
import { importHoursAction } from "./actions";

export async function generateMetadata() {
  return { title: (await getT())("hours.import.title") };
}

export default async function HoursImportPage() {
  const user = await requireUser();
  if (!can(user, "teach.manage") && !can(user, "roster.read")) forbidden();
  const t = await getT();
  return (
    <div className="space-y-4">
      <PageHeader
        title={t("hours.import.title")}
        actions={
          <a href="/manage/hours/import/template" className={buttonClass("secondary")}>
            {t("hours.import.template")}
          </a>
        }
      >
        {t("hours.import.intro")}
      </PageHeader>
      <ImportPreviewForm action={importHoursAction} labels={previewLabels(t)} />
    </div>
  );
}
