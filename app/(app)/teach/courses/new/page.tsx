import { requirePermission } from "@/lib/auth/session";
import { getT } from "@/app/_lib/i18n";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { Card, PageHeader } from "@/app/_ui/layout";
import { createCourseAction } from "../actions";
import { CourseForm } from "../course-form";

export async function generateMetadata() {
  return { title: (await getT())("video.courses.newCourse") };
}

export default async function NewCoursePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePermission("teach.manage");
  const t = await getT();
  const search = await searchParams;
  return (
    <div className="max-w-2xl">
      <PageHeader title={t("video.courses.newCourse")} />
      <div className="mb-4 empty:hidden">
        <OutcomeAlert t={t} search={search} />
      </div>
      <Card>
        <CourseForm t={t} action={createCourseAction} />
      </Card>
    </div>
  );
}
