import Link from "next/link";
import { getSpecialties } from "@/app/_lib/specialties";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/core/format";
import { courseCoverUrl } from "@/app/api/media/_urls";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { coursesForMember, coverToken, dataSaverOf, savesData, transcodingOn, viewerOf, type MemberCourse } from "@/lib/video";
import { WarmHls } from "@/app/_ui/hls-warm";
import { formatDuration } from "@/lib/video/format";
import { getLocale, getT } from "@/app/_lib/i18n";
import { buttonClass } from "@/app/_ui/button";
import { Badge, EmptyState } from "@/app/_ui/feedback";
import { PageHeader } from "@/app/_ui/layout";
import { chooseCourseAction } from "./actions";
import { ProgressBar } from "./progress-bar";

export async function generateMetadata() {
  return { title: (await getT())("video.worker.title") };
}

export default async function MyCoursesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("self.learn");
  const t = await getT();
  const sp = await getSpecialties();
  const locale = await getLocale();
  const db = await getDb();
  const { mine, optional } = await coursesForMember(db, viewerOf(user));
  const search = await searchParams;

  const card = (c: MemberCourse, chosen: boolean) => (
    <li key={c.id} className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm" data-testid={`course-${c.id}`}>
      <div className="flex gap-3 p-4">
        {c.coverKey && (
          // eslint-disable-next-line @next/next/no-img-element
          <img src={courseCoverUrl(c.id, coverToken(user, c))} alt="" className="h-16 w-24 shrink-0 rounded object-cover" />
        )}
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <Link href={`/courses/${c.id}`} className="break-words text-base font-semibold text-slate-900 underline-offset-2 hover:underline">
              {c.title}
            </Link>
            {c.specialty && <Badge>{sp.name(c.specialty)}</Badge>}
            {c.source && chosen && <Badge tone="brand">{t(`video.source.${c.source}`)}</Badge>}
            {c.completedAt && <Badge tone="success">{t("video.worker.completed")}</Badge>}
          </div>
          {chosen && (
            <div className="mt-2 space-y-1">
              <ProgressBar value={c.done} max={c.required} label={c.title} />
              <p className="text-sm text-slate-600">
                {c.completedAt
                  ? t("video.worker.completedOn", { date: formatDateTime(c.completedAt, locale) })
                  : t("video.worker.progress", { done: c.done, total: c.required })}
              </p>
            </div>
          )}
          {!chosen && c.description && <p className="mt-1 line-clamp-2 text-sm text-slate-600">{c.description}</p>}
        </div>
      </div>
      <div className="flex flex-wrap gap-2 border-t border-slate-100 px-4 py-3">
        {chosen && c.next && (
          <Link href={`/courses/${c.id}/lessons/${c.next.lessonId}`} className={buttonClass("primary", "max-w-full truncate")}>
            {c.next.positionS > 0 ? t("video.worker.continueAt", { title: c.next.title, time: formatDuration(c.next.positionS) }) : t("video.worker.start")}
          </Link>
        )}
        {chosen ? (
          <Link href={`/courses/${c.id}`} className={buttonClass("secondary")}>
            {t("video.worker.open")}
          </Link>
        ) : (
          <form action={chooseCourseAction}>
            <input type="hidden" name="courseId" value={c.id} />
            <button type="submit" className={buttonClass("secondary")}>
              {t("video.worker.choose")}
            </button>
          </form>
        )}
      </div>
    </li>
  );

  // A 开始学习 / 继续 link opens a lesson: its player's hls.js is fetched ahead, when the page is idle
  // (not for a worker who turned 省流量 on).
  const leadsToVideo = transcodingOn() && mine.some((c) => c.next) && !savesData(await dataSaverOf(db, user));

  return (
    <div className="max-w-3xl">
      {leadsToVideo && <WarmHls />}
      <PageHeader title={t("video.worker.title")}>
        <p className="text-sm text-slate-600">{t("video.worker.intro")}</p>
        <Link href="/downloads" className="text-sm text-brand-700 underline-offset-2 hover:underline">
          {t("video.offline.title")}
        </Link>
      </PageHeader>
      <div className="mb-4 empty:hidden">
        <OutcomeAlert t={t} search={search} />
      </div>
      {mine.length === 0 ? <EmptyState title={t("video.worker.empty")} /> : <ul className="space-y-3">{mine.map((c) => card(c, true))}</ul>}
      <section className="mt-8" aria-labelledby="optional">
        <h2 id="optional" className="mb-2 text-sm font-semibold text-slate-500">
          {t("video.worker.optionalTitle")}
        </h2>
        {optional.length === 0 ? (
          <p className="text-sm text-slate-500">{t("video.worker.optionalEmpty")}</p>
        ) : (
          <ul className="space-y-3">{optional.map((c) => card(c, false))}</ul>
        )}
      </section>
    </div>
  );
}
