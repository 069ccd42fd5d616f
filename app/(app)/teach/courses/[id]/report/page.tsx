import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { courseCompletionReport } from "@/lib/video";
import { getT } from "@/app/_lib/i18n";
import { idParam } from "@/app/_lib/json-route";
import { PageHeader } from "@/app/_ui/layout";
import { ReportView } from "../../../lessons/report-view";

export async function generateMetadata() {
  return { title: (await getT())("video.report.title") };
}

export default async function CourseReportPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermission("teach.manage");
  const t = await getT();
  const id = idParam.safeParse((await params).id);
  if (!id.success) notFound();
  const report = await courseCompletionReport(await getDb(), user, id.data);
  if (!report.ok) notFound();
  return (
    <div className="max-w-3xl">
      <p className="mb-2 text-sm">
        <Link href={`/teach/courses/${id.data}`} className="text-brand-700 underline-offset-2 hover:underline">
          ← {report.value.title}
        </Link>
      </p>
      <PageHeader title={`${t("video.report.title")} · ${report.value.title}`} />
      <ReportView t={t} report={report.value} />
    </div>
  );
}
