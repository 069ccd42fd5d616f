import Link from "next/link";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { listLessons, type LessonListRow } from "@/lib/video";
import { formatDuration } from "@/lib/video/format";
import { getT } from "@/app/_lib/i18n";
import { LinkButton } from "@/app/_ui/button";
import { Badge, EmptyState } from "@/app/_ui/feedback";
import { PageHeader } from "@/app/_ui/layout";
import { getSpecialties } from "@/app/_lib/specialties";
import { statusTone } from "./labels";
import { queueMissingLaddersAction } from "./actions";
import { searchValue } from "@/app/_lib/action";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { SubmitButton } from "@/app/_ui/submit";
import { DataTable, type Column } from "@/app/_ui/table";

export async function generateMetadata() {
  return { title: (await getT())("video.lessons.title") };
}

export default async function LessonsAdminPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("teach.manage");
  const search = await searchParams;
  const queued = searchValue(search, "ladders");
  const t = await getT();
  const sp = await getSpecialties();
  const rows = await listLessons(await getDb(), user);
  const columns: Column<LessonListRow>[] = [
    {
      key: "title",
      header: t("video.lessons.lessonTitle"),
      cell: (l) => (
        <Link href={`/teach/lessons/${l.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
          {l.title}
        </Link>
      ),
    },
    { key: "status", header: t("video.lessons.status"), cell: (l) => <Badge tone={statusTone[l.status]}>{t(`video.status.${l.status}`)}</Badge> },
    {
      key: "duration",
      header: t("video.lessons.duration"),
      cell: (l) => (l.hasVideo ? formatDuration(l.durationS) : <span className="text-slate-500">{t("video.lessons.noVideo")}</span>),
    },
    { key: "viewers", header: t("video.lessons.viewers"), cell: (l) => l.viewers, wide: true },
    {
      key: "completed",
      header: t("video.lessons.completed"),
      cell: (l) => (
        <Link href={`/teach/lessons/${l.id}/report`} className="text-brand-700 underline">
          {l.completed}
        </Link>
      ),
    },
    { key: "specialty", header: t("video.lessons.specialty"), cell: (l) => (l.specialty ? sp.name(l.specialty) : ""), wide: true },
  ];
  return (
    <div>
      <PageHeader
        title={t("video.lessons.title")}
        actions={
          <LinkButton href="/teach/lessons/new" variant="primary">
            {t("video.lessons.newLesson")}
          </LinkButton>
        }
      />
      <OutcomeAlert t={t} search={search} success={queued !== undefined ? t("video.ladder.backfilled", { count: Number(queued) || 0 }) : null} />
      {rows.length === 0 ? (
        <EmptyState title={t("video.lessons.empty")} />
      ) : (
        <DataTable columns={columns} rows={rows} rowKey={(l) => l.id} caption={t("video.lessons.title")} />
      )}
      <form action={queueMissingLaddersAction} className="mt-6 space-y-2 border-t border-slate-200 pt-4" data-testid="ladder-backfill">
        <p className="text-sm text-slate-600">{t("video.ladder.backfillHint")}</p>
        <SubmitButton label={t("video.ladder.backfill")} variant="secondary" className="w-full sm:w-auto" />
      </form>
    </div>
  );
}
