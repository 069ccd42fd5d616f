import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { courseCompletionReport } from "@/lib/video";
import { evaluationResults } from "@/lib/evaluations";
import { getLocale, getT } from "@/app/_lib/i18n";
import { idParam } from "@/app/_lib/json-route";
import { Card, PageHeader } from "@/app/_ui/layout";
import { Targets } from "../../../evaluations/results";
import { ReportView } from "../../../lessons/report-view";

export async function generateMetadata() {
  return { title: (await getT())("video.report.title") };
}

export default async function CourseReportPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermission("teach.manage");
  const t = await getT();
  const id = idParam.safeParse((await params).id);
  if (!id.success) notFound();
  const db = await getDb();
  const report = await courseCompletionReport(db, user, id.data);
  if (!report.ok) notFound();
  // 培训评估 of the course, as far as the trainer may see them (all when they may change it, else their scope's).
  const evaluations = await evaluationResults(db, user, { courseId: id.data });
  const locale = await getLocale();
  return (
    <div className="max-w-3xl">
      <p className="mb-2 text-sm">
        <Link href={`/teach/courses/${id.data}`} className="text-brand-700 underline-offset-2 hover:underline">
          ← {report.value.title}
        </Link>
      </p>
      <PageHeader title={`${t("video.report.title")} · ${report.value.title}`} />
      <ReportView t={t} report={report.value} />
      {evaluations.ok && (
        <div className="mt-4">
          <Card title={t("evaluations.results.title")}>
            <Targets t={t} list={evaluations.value.courses} locale={locale} />
          </Card>
        </div>
      )}
    </div>
  );
}
