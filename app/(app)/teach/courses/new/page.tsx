import { requirePermission } from "@/lib/auth/session";
import { translateCode } from "@/lib/i18n";
import { getT } from "@/app/_lib/i18n";
import { Alert } from "@/app/_ui/feedback";
import { Card, PageHeader } from "@/app/_ui/layout";
import { createCourseAction } from "../actions";
import { CourseForm } from "../course-form";

export async function generateMetadata() {
  return { title: (await getT())("video.courses.newCourse") };
}

export default async function NewCoursePage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  await requirePermission("teach.manage");
  const t = await getT();
  const { error } = await searchParams;
  return (
    <div className="max-w-2xl">
      <PageHeader title={t("video.courses.newCourse")} />
      {error && (
        <div className="mb-4">
          <Alert tone="error">{translateCode(t, error)}</Alert>
        </div>
      )}
      <Card>
        <CourseForm t={t} action={createCourseAction} />
      </Card>
    </div>
  );
}
