import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db";
import { scopeOf } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { getLesson, lessonCompletionReport } from "@/lib/video";
import { getT } from "@/app/_lib/i18n";
import { PageHeader } from "@/app/_ui/layout";
import { ReportView } from "../../report-view";

export async function generateMetadata() {
  return { title: (await getT())("video.report.title") };
}

export default async function LessonReportPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermission("teach.manage");
  const t = await getT();
  const id = Number((await params).id);
  if (!Number.isInteger(id) || id <= 0) notFound();
  const db = await getDb();
  const lesson = await getLesson(db, id);
  if (!lesson) notFound();
  const report = await lessonCompletionReport(db, id, scopeOf(user, "teach.manage"));
  return (
    <div className="max-w-3xl">
      <p className="mb-2 text-sm">
        <Link href={`/teach/lessons/${id}`} className="text-brand-700 underline-offset-2 hover:underline">
          ← {lesson.title}
        </Link>
      </p>
      <PageHeader title={`${t("video.report.title")} · ${lesson.title}`} />
      <ReportView t={t} report={report} />
    </div>
  );
}
