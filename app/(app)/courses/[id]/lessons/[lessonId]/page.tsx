import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { DATA_SAVER_CHOICES, dataSaverOf, hlsToken, lessonCost, lessonLadderFor, lessonMediaTokens, openLesson, viewerOf } from "@/lib/video";
import { getT } from "@/app/_lib/i18n";
import { idParam } from "@/app/_lib/json-route";
import { lessonHlsUrl, lessonPosterUrl, lessonVideoUrl } from "@/app/api/media/_urls";
import { dataSaverAction } from "@/app/(app)/courses/actions";
import { PageHeader } from "@/app/_ui/layout";
import { DOWNLOAD_DAYS } from "@/lib/video/offline";
import { DownloadLesson } from "@/app/_ui/offline-downloads";
import { Player } from "./player";

export async function generateMetadata() {
  return { title: (await getT())("video.player.title") };
}

export default async function LessonPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string; lessonId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePermission("self.learn");
  const t = await getT();
  const p = await params;
  const courseId = idParam.safeParse(p.id);
  const lessonId = idParam.safeParse(p.lessonId);
  if (!courseId.success || !lessonId.success) notFound();
  const db = await getDb();
  const lesson = await openLesson(db, viewerOf(user), lessonId.data);
  if (!lesson) notFound();
  const media = lessonMediaTokens(user, lesson);
  const ladder = await lessonLadderFor(db, viewerOf(user), lesson.id);
  const saver = await dataSaverOf(db, user);
  const hlsTok = ladder ? hlsToken(user, lesson.id, ladder.prefix).token : null;
  const hls =
    ladder && hlsTok
      ? {
          master: lessonHlsUrl(lesson.id, "master.m3u8", hlsTok),
          rungs: ladder.rungs.map((r) => ({ height: r.height, url: lessonHlsUrl(lesson.id, `${r.name}/index.m3u8`, hlsTok) })),
          maxHeight: saver.maxHeight,
        }
      : null;
  const cost = ladder ? lessonCost(ladder.rungs, ladder.originalBytes) : [];
  // 离线观看 keeps the lowest rung.
  const lowest = ladder ? [...ladder.rungs].sort((a, b) => a.height - b.height)[0] : undefined;
  const here = `/courses/${courseId.data}/lessons/${lesson.id}`;
  const sp = await searchParams;
  const capName = (h: number) => (h ? `${h}p` : t("video.saver.none"));
  return (
    <div className="max-w-3xl">
      <p className="mb-2 text-sm">
        <Link href={`/courses/${courseId.data}`} className="text-brand-700 underline-offset-2 hover:underline">
          ← {t("video.worker.back")}
        </Link>
      </p>
      <PageHeader title={lesson.title} />
      {ladder && (
        <section className="mb-3 rounded-lg border border-slate-200 bg-white p-3 text-sm" data-testid="lesson-cost">
          <h2 className="font-medium text-slate-800">{t("video.saver.costTitle")}</h2>
          <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-slate-700">
            {cost.map((c) => (
              <li key={c.name} data-rung={c.name}>
                {c.name === "original" ? t("video.saver.original") : c.name} ≈ {t("video.saver.mb", { mb: c.mb })}
              </li>
            ))}
          </ul>
          <form action={dataSaverAction} className="mt-2 flex flex-wrap items-center gap-2">
            <input type="hidden" name="back" value={here} />
            <label htmlFor="saver-cap" className="text-slate-600">
              {t("video.saver.label")}
            </label>
            <select id="saver-cap" name="cap" defaultValue={saver.choice} className="min-h-9 rounded-md border border-slate-300 bg-white px-2">
              {DATA_SAVER_CHOICES.map((c) => (
                <option key={c} value={c}>
                  {c === "site" ? t("video.saver.site", { cap: capName(saver.siteMaxHeight) }) : c === "0" ? t("video.saver.none") : `${c}p`}
                </option>
              ))}
            </select>
            <button type="submit" className="min-h-9 rounded-md border border-brand-600 px-3 text-brand-700">
              {t("video.saver.save")}
            </button>
            {sp.saver === "1" && <span className="text-emerald-700">{t("video.saver.saved")}</span>}
          </form>
          <p className="mt-1 text-xs text-slate-500">{t("video.saver.inForce", { cap: capName(saver.maxHeight) })}</p>
        </section>
      )}
      {lowest && (
        <DownloadLesson
          userId={user.userId}
          lessonId={lesson.id}
          courseId={courseId.data}
          bytes={lowest.bytes}
          rung={lowest.name}
          days={DOWNLOAD_DAYS}
          labels={{
            download: t("video.offline.download"),
            size: t("video.offline.size", { mb: "{mb}", rung: "{rung}", days: "{days}" }),
            downloading: t("video.offline.downloading", { percent: "{percent}" }),
            downloaded: t("video.offline.downloaded"),
            failed: t("video.offline.failed"),
            remove: t("video.offline.remove"),
          }}
        />
      )}
      <Player
        lessonId={lesson.id}
        offline={{ userId: user.userId }}
        hls={hls}
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
          queued: t("video.player.queued"),
          playingOffline: t("video.offline.playingOffline"),
        }}
      />
      {lesson.description && <p className="mt-4 whitespace-pre-line text-sm text-slate-700">{lesson.description}</p>}
    </div>
  );
}
