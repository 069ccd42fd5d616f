import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { lessonMediaTokens, openLesson, viewerOf } from "@/lib/video";
import { getT } from "@/app/_lib/i18n";
import { idParam } from "@/app/_lib/json-route";
import { lessonPosterUrl, lessonVideoUrl } from "@/app/api/media/_urls";
import { PageHeader } from "@/app/_ui/layout";
import { Player } from "./player";

export async function generateMetadata() {
  return { title: (await getT())("video.player.title") };
}

export default async function LessonPage({ params }: { params: Promise<{ id: string; lessonId: string }> }) {
  const user = await requirePermission("self.learn");
  const t = await getT();
  const p = await params;
  const courseId = idParam.safeParse(p.id);
  const lessonId = idParam.safeParse(p.lessonId);
  if (!courseId.success || !lessonId.success) notFound();
  const lesson = await openLesson(await getDb(), viewerOf(user), lessonId.data);
  if (!lesson) notFound();
  const media = lessonMediaTokens(user, lesson);
  return (
    <div className="max-w-3xl">
      <p className="mb-2 text-sm">
        <Link href={`/courses/${courseId.data}`} className="text-brand-700 underline-offset-2 hover:underline">
          ← {t("video.worker.back")}
        </Link>
      </p>
      <PageHeader title={lesson.title} />
      <Player
        lessonId={lesson.id}
        src={lessonVideoUrl(lesson.id, media.video)}
        poster={media.poster ? lessonPosterUrl(lesson.id, media.poster) : undefined}
        validForMs={media.validForMs}
        durationS={lesson.durationS}
        requiredRatio={lesson.requiredRatio}
        initial={{ segments: lesson.segments, watchedS: lesson.watchedS, lastPositionS: lesson.lastPositionS, completed: lesson.completed }}
        labels={{
          watched: t("video.player.watched", { watched: "{watched}", duration: "{duration}" }),
          required: t("video.player.required", { percent: Math.round(lesson.requiredRatio * 100) }),
          completed: t("video.player.completed"),
          speed: t("video.player.speed"),
          saved: t("video.player.saved"),
          saving: t("video.player.saving"),
          saveFailed: t("video.player.saveFailed"),
          unsupported: t("video.player.unsupported"),
          playedBar: t("video.player.playedBar"),
        }}
      />
      {lesson.description && <p className="mt-4 whitespace-pre-line text-sm text-slate-700">{lesson.description}</p>}
    </div>
  );
}
