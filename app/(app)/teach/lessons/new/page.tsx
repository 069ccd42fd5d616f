import { requirePermission } from "@/lib/auth/session";
import { translateCode } from "@/lib/i18n";
import { getT } from "@/app/_lib/i18n";
import { Alert } from "@/app/_ui/feedback";
import { Card, PageHeader } from "@/app/_ui/layout";
import { createLessonAction } from "../actions";
import { LessonForm } from "../lesson-form";

export async function generateMetadata() {
  return { title: (await getT())("video.lessons.newLesson") };
}

export default async function NewLessonPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  await requirePermission("teach.manage");
  const t = await getT();
  const { error } = await searchParams;
  return (
    <div className="max-w-2xl">
      <PageHeader title={t("video.lessons.newLesson")} />
      {error && (
        <div className="mb-4">
          <Alert tone="error">{translateCode(t, error)}</Alert>
        </div>
      )}
      <Card>
        <LessonForm t={t} action={createLessonAction} />
      </Card>
    </div>
  );
}
