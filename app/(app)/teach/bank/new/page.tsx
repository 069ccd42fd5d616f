import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { messagesFor } from "@/lib/i18n";
import { categoryNames, emptyPayload, listCategoryTree } from "@/lib/quiz/admin";
import { getLocale, getT } from "@/app/_lib/i18n";
import { Card, PageHeader } from "@/app/_ui/layout";
import { TeachTabs } from "../../_components/teach-tabs";
import { QuestionEditor } from "../question-editor";
import { idParam } from "@/app/_lib/json-route";

export async function generateMetadata() {
  return { title: (await getT())("quizAdmin.editor.newTitle") };
}

export default async function NewQuestionPage({ searchParams }: { searchParams: Promise<{ cat?: string }> }) {
  const user = await requirePermission("teach.manage");
  const t = await getT();
  const db = await getDb();
  const cat = idParam.safeParse((await searchParams).cat);
  const [tree, names] = await Promise.all([listCategoryTree(db, user), cat.success ? categoryNames(db, user, cat.data) : Promise.resolve([])]);
  return (
    <div className="max-w-3xl">
      <PageHeader title={t("quizAdmin.editor.newTitle")} />
      <TeachTabs t={t} active="bank" />
      <Card>
        <QuestionEditor initial={emptyPayload(names.join("/"))} categories={tree.map((c) => c.names.join("/"))} m={messagesFor(await getLocale()).quizAdmin} />
      </Card>
    </div>
  );
}
