import { forbidden, notFound } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { messagesFor } from "@/lib/i18n";
import { getQuestion, listCategoryTree, questionToPayload } from "@/lib/quiz/admin";
import { getLocale, getT } from "@/app/_lib/i18n";
import { Card, PageHeader } from "@/app/_ui/layout";
import { TeachTabs } from "../../../_components/teach-tabs";
import { QuestionEditor } from "../../question-editor";
import { idParam } from "@/app/_lib/json-route";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: (await getT())("quizAdmin.editor.editTitle", { id: (await params).id }) };
}

export default async function EditQuestionPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermission("teach.manage");
  const t = await getT();
  const parsedId = idParam.safeParse((await params).id);
  if (!parsedId.success) notFound();
  const id = parsedId.data;
  const db = await getDb();
  const [q, tree] = await Promise.all([getQuestion(db, user, id), listCategoryTree(db, user)]);
  if (!q) notFound();
  if (!q.mayChange) forbidden();
  return (
    <div className="max-w-3xl">
      <PageHeader title={t("quizAdmin.editor.editTitle", { id })}>{t("quizAdmin.question.versionN", { version: q.currentVersion })}</PageHeader>
      <TeachTabs t={t} active="bank" />
      <Card>
        <QuestionEditor
          initial={questionToPayload(q.shown.question)}
          questionId={id}
          categories={tree.map((c) => c.names.join("/"))}
          m={messagesFor(await getLocale()).quizAdmin}
        />
      </Card>
    </div>
  );
}
