import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db";
import { scopeOf } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { courseCompletionReport, courseForEdit } from "@/lib/video";
import { getT } from "@/app/_lib/i18n";
import { PageHeader } from "@/app/_ui/layout";
import { ReportView } from "../../../lessons/report-view";

export async function generateMetadata() {
  return { title: (await getT())("video.report.title") };
}

export default async function CourseReportPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermission("teach.manage");
  const t = await getT();
  const id = Number((await params).id);
  if (!Number.isInteger(id) || id <= 0) notFound();
  const db = await getDb();
  const c = await courseForEdit(db, id);
  if (!c) notFound();
  const report = await courseCompletionReport(db, id, scopeOf(user, "teach.manage"));
  return (
    <div className="max-w-3xl">
      <p className="mb-2 text-sm">
        <Link href={`/teach/courses/${id}`} className="text-brand-700 underline-offset-2 hover:underline">
          ← {c.course.title}
        </Link>
      </p>
      <PageHeader title={`${t("video.report.title")} · ${c.course.title}`} />
      <ReportView t={t} report={report} />
    </div>
  );
}
