import Link from "next/link";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { listCourses } from "@/lib/video";
import { getT } from "@/app/_lib/i18n";
import { LinkButton } from "@/app/_ui/button";
import { Badge, EmptyState } from "@/app/_ui/feedback";
import { PageHeader } from "@/app/_ui/layout";
import { DataTable, type Column } from "@/app/_ui/table";
import { getSpecialties } from "@/app/_lib/specialties";
import { statusTone } from "../lessons/labels";

export async function generateMetadata() {
  return { title: (await getT())("video.courses.title") };
}

type Row = Awaited<ReturnType<typeof listCourses>>[number];

export default async function CoursesAdminPage() {
  const user = await requirePermission("teach.manage");
  const t = await getT();
  const sp = await getSpecialties();
  const rows = await listCourses(await getDb(), user);
  const columns: Column<Row>[] = [
    {
      key: "title",
      header: t("video.courses.courseTitle"),
      cell: (c) => (
        <Link href={`/teach/courses/${c.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
          {c.title}
        </Link>
      ),
    },
    { key: "status", header: t("video.courses.status"), cell: (c) => <Badge tone={statusTone[c.status]}>{t(`video.status.${c.status}`)}</Badge> },
    { key: "items", header: t("video.courses.items"), cell: (c) => t("video.courses.itemsCount", { count: c.items }) },
    {
      key: "completed",
      header: t("video.courses.completed"),
      cell: (c) => (
        <Link href={`/teach/courses/${c.id}/report`} className="text-brand-700 underline">
          {c.completed}
        </Link>
      ),
    },
    { key: "specialty", header: t("video.courses.specialty"), cell: (c) => (c.specialty ? sp.name(c.specialty) : ""), wide: true },
  ];
  return (
    <div>
      <PageHeader
        title={t("video.courses.title")}
        actions={
          <LinkButton href="/teach/courses/new" variant="primary">
            {t("video.courses.newCourse")}
          </LinkButton>
        }
      />
      {rows.length === 0 ? (
        <EmptyState title={t("video.courses.empty")} />
      ) : (
        <DataTable columns={columns} rows={rows} rowKey={(c) => c.id} caption={t("video.courses.title")} />
      )}
    </div>
  );
}
