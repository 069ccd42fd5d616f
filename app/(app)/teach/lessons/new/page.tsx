import { requirePermission } from "@/lib/auth/session";
import { getT } from "@/app/_lib/i18n";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { Card, PageHeader } from "@/app/_ui/layout";
import { createLessonAction } from "../actions";
import { LessonForm } from "../lesson-form";

export async function generateMetadata() {
  return { title: (await getT())("video.lessons.newLesson") };
}

export default async function NewLessonPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePermission("teach.manage");
  const t = await getT();
  const search = await searchParams;
  return (
    <div className="max-w-2xl">
      <PageHeader title={t("video.lessons.newLesson")} />
      <div className="mb-4 empty:hidden">
        <OutcomeAlert t={t} search={search} />
      </div>
      <Card>
        <LessonForm t={t} action={createLessonAction} />
      </Card>
    </div>
  );
}
