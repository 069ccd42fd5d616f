import { requirePermission } from "@/lib/auth/session";
import { getT } from "@/app/_lib/i18n";
import { previewLabels } from "@/app/_lib/import-preview";
import { buttonClass } from "@/app/_ui/button";
import { Card, PageHeader } from "@/app/_ui/layout";
import { ImportForm } from "./import-form";

export async function generateMetadata() {
  return { title: (await getT())("import.title") };
}

export default async function ImportPage() {
  await requirePermission("member.write");
  const t = await getT();
  return (
    <div className="max-w-3xl">
      <PageHeader
        title={t("import.title")}
        actions={
          <a href="/system/import/template" className={buttonClass("secondary")} download>
            {t("import.template")}
          </a>
        }
      >
        {t("import.intro")}
      </PageHeader>
      <Card>
        <ImportForm labels={previewLabels(t)} password={t("import.initialPassword")} />
      </Card>
    </div>
  );
}
