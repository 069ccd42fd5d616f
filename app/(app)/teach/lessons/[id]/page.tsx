import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db";
import { requirePermission } from "@/lib/auth/session";
import { translateCode } from "@/lib/i18n";
import { getLesson, maxUploadBytes } from "@/lib/video";
import { formatBytes, formatDuration } from "@/lib/video/format";
import { getT } from "@/app/_lib/i18n";
import { buttonClass } from "@/app/_ui/button";
import { Alert, Badge } from "@/app/_ui/feedback";
import { Card, PageHeader } from "@/app/_ui/layout";
import { lessonStatusAction, updateLessonAction } from "../actions";
import { LessonForm } from "../lesson-form";
import { statusTone } from "../labels";
import { Uploader } from "./uploader";

export async function generateMetadata() {
  return { title: (await getT())("video.lessons.title") };
}

export default async function LessonEditPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ ok?: string; error?: string }> }) {
  await requirePermission("teach.manage");
  const t = await getT();
  const id = Number((await params).id);
  if (!Number.isInteger(id) || id <= 0) notFound();
  const lesson = await getLesson(await getDb(), id);
  if (!lesson) notFound();
  const { ok, error } = await searchParams;
  const statusButton = (status: "draft" | "published" | "archived", label: string, variant: "primary" | "secondary" = "secondary") => (
    <form action={lessonStatusAction}>
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="status" value={status} />
      <button type="submit" className={buttonClass(variant)}>
        {label}
      </button>
    </form>
  );
  return (
    <div className="max-w-3xl space-y-4">
      <p className="text-sm">
        <Link href="/teach/lessons" className="text-brand-700 underline-offset-2 hover:underline">
          ← {t("video.lessons.title")}
        </Link>
      </p>
      <PageHeader title={lesson.title} actions={<Badge tone={statusTone[lesson.status]}>{t(`video.status.${lesson.status}`)}</Badge>} />
      {ok && <Alert tone="success">{ok === "created" ? t("video.lessons.created") : t("video.lessons.saved")}</Alert>}
      {error && <Alert tone="error">{translateCode(t, error)}</Alert>}
      <Card title={t("video.lessons.video")}>
        {lesson.storageKey ? (
          <div className="mb-4 space-y-2">
            <video src={`/api/media/lessons/${id}`} poster={lesson.posterKey ? `/api/media/lessons/${id}/poster` : undefined} controls playsInline preload="metadata" className="aspect-video w-full rounded bg-black" />
            <p className="text-sm text-slate-600">{t("video.upload.current", { duration: formatDuration(lesson.durationS), size: formatBytes(lesson.sizeBytes) })}</p>
          </div>
        ) : (
          <p className="mb-3 text-sm text-slate-500">{t("video.lessons.noVideo")}</p>
        )}
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
          }}
        />
      </Card>
      <Card title={t("common.edit")}>
        <LessonForm t={t} action={updateLessonAction} id={id} values={lesson} />
      </Card>
      <div className="flex flex-wrap gap-2">
        {lesson.status !== "published" && statusButton("published", t("video.lessons.publish"), "primary")}
        {lesson.status === "published" && statusButton("draft", t("video.lessons.unpublish"))}
        {lesson.status !== "archived" && statusButton("archived", t("video.lessons.archive"))}
        <Link href={`/teach/lessons/${id}/report`} className={buttonClass("secondary")}>
          {t("video.lessons.report")}
        </Link>
      </div>
    </div>
  );
}
