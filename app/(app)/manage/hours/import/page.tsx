import { forbidden } from "next/navigation";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { getT } from "@/app/_lib/i18n";
import { buttonClass } from "@/app/_ui/button";
import { PageHeader } from "@/app/_ui/layout";
import { HoursImportForm } from "./import-form";

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
      <HoursImportForm
        labels={{
          file: t("hours.import.file"),
          choose: t("hours.import.choose"),
          noFile: t("hours.import.noFile"),
          tooLarge: t("hours.import.tooLarge"),
          preview: t("hours.import.preview"),
          previewing: t("hours.import.previewing"),
          confirm: t("hours.import.confirm"),
          confirming: t("hours.import.confirming"),
          row: t("hours.import.row"),
          member: t("hours.import.member"),
          status: t("hours.import.status"),
          detail: t("hours.content"),
          statuses: { ok: t("hours.import.statusOk"), refused: t("hours.import.statusRefused"), skipped: t("hours.import.statusSkipped") },
          problem: t("hours.import.status"),
        }}
      />
    </div>
  );
}
