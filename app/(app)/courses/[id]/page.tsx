import Link from "next/link";
import { getSpecialties } from "@/app/_lib/specialties";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/core/format";
import { courseDownloads, courseForMember, coverToken, dataSaverOf, savesData, transcodingOn, viewerOf } from "@/lib/video";
import { WarmHls } from "@/app/_ui/hls-warm";
import { DownloadCourse } from "@/app/_ui/offline-downloads";
import { formatDuration } from "@/lib/video/format";
import { getLocale, getT } from "@/app/_lib/i18n";
import { idParam } from "@/app/_lib/json-route";
import { courseCoverUrl } from "@/app/api/media/_urls";
import { buttonClass } from "@/app/_ui/button";
import { Alert, Badge } from "@/app/_ui/feedback";
import { Card, PageHeader } from "@/app/_ui/layout";
import { chooseCourseAction } from "../actions";
import { pendingEvaluations } from "@/lib/evaluations";
import { translateCode } from "@/lib/i18n";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { EvaluationCard } from "../../evaluations/evaluation-card";
import { ProgressBar } from "../progress-bar";

export async function generateMetadata() {
  return { title: (await getT())("video.worker.title") };
}

export default async function CoursePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePermission("self.learn");
  const t = await getT();
  const sp = await getSpecialties();
  const locale = await getLocale();
  const id = idParam.safeParse((await params).id);
  if (!id.success) notFound();
  const db = await getDb();
  const data = await courseForMember(db, viewerOf(user), id.data);
  if (!data) notFound();
  const { course, items, onList } = data;
  const search = await searchParams;
  const { chosen } = search;
  const done = typeof search.done === "string" ? search.done : null;
  // Completed and not yet rated (or the card dismissed): the card 请为本次培训打分.
  const downloads = onList ? await courseDownloads(db, user, course.id) : [];
  const toRate = course.completedAt !== null && (await pendingEvaluations(db, user)).some((e) => e.kind === "course" && e.id === course.id);

  // The lessons open from here: their player's hls.js is fetched ahead, when the page is idle
  // (not for a worker who turned 省流量 on).
  const leadsToVideo = onList && transcodingOn() && items.some((it) => it.kind === "lesson") && !savesData(await dataSaverOf(db, user));

  return (
    <div className="max-w-3xl">
      {leadsToVideo && <WarmHls />}
      <p className="mb-2 text-sm">
        <Link href="/courses" className="text-brand-700 underline-offset-2 hover:underline">
          ← {t("video.worker.title")}
        </Link>
      </p>
      <PageHeader title={course.title}>
        <span className="flex flex-wrap items-center gap-2">
          {course.specialty && <Badge>{sp.name(course.specialty)}</Badge>}
          {course.source && <Badge tone="brand">{t(`video.source.${course.source}`)}</Badge>}
          {course.completedAt && <Badge tone="success">{t("video.worker.completedOn", { date: formatDateTime(course.completedAt, locale) })}</Badge>}
        </span>
      </PageHeader>
      {(search.error || done) && (
        <div className="mb-4">
          <OutcomeAlert t={t} search={search} success={done ? translateCode(t, done) : null} />
        </div>
      )}
      {toRate && (
        <div className="mb-4">
          <EvaluationCard t={t} kind="course" id={course.id} />
        </div>
      )}
      {chosen && (
        <div className="mb-4">
          <Alert tone="success">{t("video.worker.chosen")}</Alert>
        </div>
      )}
      {course.coverKey && (
        // eslint-disable-next-line @next/next/no-img-element
        <img src={courseCoverUrl(course.id, coverToken(user, course))} alt="" className="mb-4 max-h-56 w-full rounded-lg object-cover" />
      )}
      {course.description && <p className="mb-4 whitespace-pre-line text-sm text-slate-700">{course.description}</p>}
      {onList ? (
        <div className="mb-4 space-y-2" data-testid="course-progress">
          <ProgressBar value={course.done} max={course.required} label={course.title} />
          <p className="text-sm text-slate-600">{t("video.worker.progress", { done: course.done, total: course.required })}</p>
          {course.next && (
            <Link href={`/courses/${course.id}/lessons/${course.next.lessonId}`} className={buttonClass("primary", "max-w-full truncate")}>
              {course.next.positionS > 0
                ? t("video.worker.continueAt", { title: course.next.title, time: formatDuration(course.next.positionS) })
                : t("video.worker.start")}
            </Link>
          )}
        </div>
      ) : (
        <div className="mb-4 space-y-2">
          <Alert tone="info">{t("video.worker.notOnList")}</Alert>
          <form action={chooseCourseAction}>
            <input type="hidden" name="courseId" value={course.id} />
            <button type="submit" className={buttonClass("primary")}>
              {t("video.worker.choose")}
            </button>
          </form>
        </div>
      )}
      {downloads.length > 0 && (
        <DownloadCourse
          userId={user.userId}
          courseId={course.id}
          lessons={downloads}
          labels={{
            download: t("video.offline.download"),
            downloadCourse: t("video.offline.downloadCourse"),
            courseSize: t("video.offline.courseSize", { n: "{n}", mb: "{mb}" }),
            size: t("video.offline.size", { mb: "{mb}", rung: "{rung}", days: "{days}" }),
            downloading: t("video.offline.downloading", { percent: "{percent}" }),
            downloaded: t("video.offline.downloaded"),
            failed: t("video.offline.failed"),
            remove: t("video.offline.remove"),
          }}
        />
      )}
      <Card title={t("video.worker.items")}>
        <ol className="divide-y divide-slate-100">
          {items.map((it) => (
            <li key={it.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-3">
              <span className="w-6 shrink-0 text-sm tabular-nums text-slate-500">{it.position}</span>
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-center gap-2">
                  <Badge>{t(`video.kind.${it.kind}`)}</Badge>
                  {it.kind === "lesson" && onList ? (
                    <Link
                      href={`/courses/${course.id}/lessons/${it.refId}`}
                      className="break-words font-medium text-brand-700 underline-offset-2 hover:underline"
                    >
                      {it.title}
                    </Link>
                  ) : it.kind === "quiz" || it.kind === "class" ? (
                    // A quiz is taken under 季度小会考, a class attended under 技师课堂: the item leads there.
                    <Link
                      href={it.kind === "quiz" ? "/quizzes" : "/classes"}
                      className="break-words font-medium text-brand-700 underline-offset-2 hover:underline"
                    >
                      {it.title}
                    </Link>
                  ) : (
                    <span className="break-words font-medium text-slate-900">{it.title}</span>
                  )}
                </div>
                <p className="mt-0.5 text-xs text-slate-500">
                  {it.required ? t("video.worker.required") : t("video.worker.optional")}
                  {it.kind === "lesson" && it.durationS
                    ? ` · ${t("video.worker.watched", { watched: formatDuration(it.watchedS ?? 0), duration: formatDuration(it.durationS) })}`
                    : ""}
                  {it.kind === "quiz" && !it.done ? ` · ${t("video.worker.quizHint")}` : ""}
                  {it.kind === "class" && !it.done ? ` · ${t("video.worker.classHint")}` : ""}
                </p>
              </div>
              <Badge tone={it.done ? "success" : "neutral"}>{it.done ? t("video.worker.done") : t("video.worker.notDone")}</Badge>
            </li>
          ))}
        </ol>
      </Card>
    </div>
  );
}
