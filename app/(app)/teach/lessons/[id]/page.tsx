import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { lessonForTrainer, lessonImpact, maxUploadBytes, renditionForTrainer, transcodingOn } from "@/lib/video";
import { formatBytes, formatDuration } from "@/lib/video/format";
import { getT } from "@/app/_lib/i18n";
import { idParam } from "@/app/_lib/json-route";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { lessonPosterUrl, lessonVideoUrl } from "@/app/api/media/_urls";
import { buttonClass } from "@/app/_ui/button";
import { ContentStatusButtons } from "@/app/_ui/status-buttons";
import { Alert, Badge } from "@/app/_ui/feedback";
import { Card, PageHeader } from "@/app/_ui/layout";
import { lessonStatusAction, requeueLadderAction, updateLessonAction } from "../actions";
import { SubmitButton } from "@/app/_ui/submit";
import type { MessageKey } from "@/lib/i18n";
import { LessonForm } from "../lesson-form";
import { statusTone } from "../labels";
import { Uploader } from "./uploader";
import { RefreshWhile } from "@/app/_ui/refresh-while";

export async function generateMetadata() {
  return { title: (await getT())("video.lessons.title") };
}

const SUCCESS: Record<string, MessageKey> = { created: "video.lessons.created", requeued: "video.ladder.requeued" };

export default async function LessonEditPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePermission("teach.manage");
  const t = await getT();
  const parsed = idParam.safeParse((await params).id);
  if (!parsed.success) notFound();
  const id = parsed.data;
  const found = await lessonForTrainer(await getDb(), user, id);
  if (!found.ok) notFound();
  const { lesson, mayEdit } = found.value;
  const search = await searchParams;
  const impact = await lessonImpact(await getDb(), user, id);
  const reach = impact.ok ? impact.value : { courses: 0, learners: 0, reach: 0 };
  const rendition = await renditionForTrainer(await getDb(), user, id);
  const ladder = rendition.ok ? rendition.value : null;
  return (
    <div className="max-w-3xl space-y-4">
      <p className="text-sm">
        <Link href="/teach/lessons" className="text-brand-700 underline-offset-2 hover:underline">
          ← {t("video.lessons.title")}
        </Link>
      </p>
      <PageHeader title={lesson.title} actions={<Badge tone={statusTone[lesson.status]}>{t(`video.status.${lesson.status}`)}</Badge>} />
      <OutcomeAlert t={t} search={search} success={search.ok ? t(SUCCESS[String(search.ok)] ?? "video.lessons.saved") : null} />
      {!mayEdit && <Alert tone="info">{t("video.lessons.readOnly")}</Alert>}
      <Card title={t("video.lessons.video")}>
        {lesson.storageKey ? (
          <div className="mb-4 space-y-2">
            <video
              src={lessonVideoUrl(id)}
              poster={lesson.posterKey ? lessonPosterUrl(id) : undefined}
              controls
              playsInline
              preload="metadata"
              className="aspect-video w-full rounded bg-black"
            />
            <p className="text-sm text-slate-600">
              {t("video.upload.current", { duration: formatDuration(lesson.durationS), size: formatBytes(lesson.sizeBytes) })}{" "}
              <a href={lessonVideoUrl(id)} download className="text-brand-700 underline-offset-2 hover:underline">
                {t("video.ladder.download")}
              </a>
            </p>
            {ladder && (
              <div className="rounded border border-slate-200 p-2 text-sm" data-testid="ladder" data-state={ladder.state} data-percent={ladder.percent}>
                <RefreshWhile active={ladder.state === "queued" || ladder.state === "running"} />
                <p className="font-medium text-slate-800">
                  {t("video.ladder.title")}: {t(`video.ladder.state.${ladder.state}`)}
                  {ladder.state === "running" && ` ${ladder.percent}%`}
                </p>
                {ladder.state === "running" && (
                  <div className="mt-1 h-2 w-full overflow-hidden rounded bg-slate-200">
                    <span className="block h-full bg-brand-600" style={{ width: `${ladder.percent}%` }} />
                  </div>
                )}
                {ladder.state === "failed" && <p className="mt-1 break-words text-red-700">{ladder.error}</p>}
                {ladder.state === "done" && <p className="mt-1 text-slate-600">{ladder.rungs.map((r) => `${r.name} ${formatBytes(r.bytes)}`).join(" · ")}</p>}
                {mayEdit && ladder.state === "failed" && <Requeue id={id} label={t("video.ladder.requeue")} />}
              </div>
            )}
            {!ladder && mayEdit && transcodingOn() && (
              <div className="rounded border border-slate-200 p-2 text-sm" data-testid="ladder" data-state="none">
                <p className="text-slate-700">{t("video.ladder.missing")}</p>
                <Requeue id={id} label={t("video.ladder.requeue")} />
              </div>
            )}
          </div>
        ) : (
          <p className="mb-3 text-sm text-slate-500">{t("video.lessons.noVideo")}</p>
        )}
        {mayEdit && (
          <Uploader
            lessonId={id}
            labels={{
              hint: t("video.upload.hint", { max: Math.round(maxUploadBytes() / 1024 / 1024) }),
              choose: lesson.storageKey ? t("video.upload.replace") : t("video.upload.choose"),
              start: t("video.upload.start"),
              resume: t("video.upload.resume"),
              uploading: t("video.upload.uploading", { percent: "{percent}" }),
              checking: t("video.upload.checking"),
              done: t("video.upload.done", { duration: "{duration}" }),
              paused: t("video.upload.paused", { percent: "{percent}" }),
              measuring: t("video.upload.measuring"),
              noEtag: t("video.upload.noEtag"),
            }}
          />
        )}
      </Card>
      {mayEdit && (
        <Card title={t("common.edit")}>
          <LessonForm t={t} action={updateLessonAction} id={id} values={lesson} />
        </Card>
      )}
      <div className="flex flex-wrap gap-2">
        {mayEdit && (
          <ContentStatusButtons
            action={lessonStatusAction}
            id={id}
            status={lesson.status}
            labels={{ publish: t("video.lessons.publish"), unpublish: t("video.lessons.unpublish"), archive: t("video.lessons.archive") }}
            confirmTitle={(label) => t("confirm.lessonTitle", { action: label, title: lesson.title })}
            impact={[t("confirm.lesson", { courses: reach.courses, learners: reach.learners })]}
            publishImpact={[t("confirm.lessonPublish", { courses: reach.courses, count: reach.reach })]}
            cancelLabel={t("common.cancel")}
          />
        )}
        <Link href={`/teach/lessons/${id}/report`} className={buttonClass("secondary")}>
          {t("video.lessons.report")}
        </Link>
      </div>
    </div>
  );
}

/** 重新转码: queues the lesson's video for the adaptive ladder again (failed, or never made). */
function Requeue({ id, label }: { id: number; label: string }) {
  return (
    <form action={requeueLadderAction} className="mt-2">
      <input type="hidden" name="id" value={id} />
      <SubmitButton label={label} variant="secondary" />
    </form>
  );
}
