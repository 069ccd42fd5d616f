import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { listCategoryTree } from "@/lib/quiz/admin";
import { getT } from "@/app/_lib/i18n";
import { buttonClass } from "@/app/_ui/button";
import { Card, PageHeader } from "@/app/_ui/layout";
import { TeachTabs } from "../../_components/teach-tabs";
import { ImportQuestionsForm } from "./import-form";

export async function generateMetadata() {
  return { title: (await getT())("quizAdmin.import.title") };
}

export default async function ImportQuestionsPage() {
  const user = await requirePermission("teach.manage");
  const t = await getT();
  const tree = await listCategoryTree(await getDb(), user);
  return (
    <div className="max-w-3xl">
      <PageHeader
        title={t("quizAdmin.import.title")}
        actions={
          <a href="/teach/bank/import/template" className={buttonClass("secondary")} download>
            {t("quizAdmin.import.template")}
          </a>
        }
      >
        {t("quizAdmin.import.intro")}
      </PageHeader>
      <TeachTabs t={t} active="bank" />
      <Card>
        <ImportQuestionsForm
          categories={tree.map((c) => c.names.join("/"))}
          labels={{
            file: t("quizAdmin.import.file"),
            choose: t("quizAdmin.import.choose"),
            noFile: t("quizAdmin.import.noFile"),
            defaultCategory: t("quizAdmin.import.defaultCategory"),
            defaultCategoryHint: t("quizAdmin.import.defaultCategoryHint"),
            submit: t("quizAdmin.import.submit"),
            pending: t("quizAdmin.import.importing"),
            tooLarge: t("quizAdmin.import.tooLarge"),
            where: t("quizAdmin.import.where"),
            problem: t("quizAdmin.import.problem"),
            viewBank: t("quizAdmin.import.viewBank"),
            importRest: t("quizAdmin.import.importRest"),
            pictures: t("quizAdmin.import.pictures"),
            picturesHint: t("quizAdmin.import.picturesHint"),
            choosePictures: t("quizAdmin.import.choosePictures"),
            noPictures: t("quizAdmin.import.noPictures"),
            preview: t("quizAdmin.import.preview"),
            previewing: t("quizAdmin.import.previewing"),
            previewTitle: t("quizAdmin.import.previewTitle"),
            previewRow: t("quizAdmin.import.previewRow"),
            previewPictures: t("quizAdmin.import.previewPictures"),
            previewNoPictures: t("quizAdmin.import.previewNoPictures"),
          }}
        />
      </Card>
    </div>
  );
}
