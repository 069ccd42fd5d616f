import type { Db } from "@/db/client";
import type { CurrentUser } from "@/lib/auth/user-row";
import type { Locale, Translate } from "@/lib/i18n";
import { formatDateTime } from "@/lib/core/format";
import { learningForMember } from "@/lib/video";
import { formatDuration } from "@/lib/video/format";
import { Badge, EmptyState } from "@/app/_ui/feedback";
import { Card } from "@/app/_ui/layout";

/** 视频学习 on the profile: courses with progress and completion, lessons watched (unique time), read as the viewer. */
export async function LearningSection({ db, viewer, memberId, locale, t }: { db: Db; viewer: CurrentUser; memberId: number; locale: string; t: Translate }) {
  const found = await learningForMember(db, viewer, memberId);
  const { courses, lessons } = found.ok ? found.value : { courses: [], lessons: [] };
  const loc = (locale === "en" ? "en" : "zh-CN") as Locale;
  return (
    <Card title={t("profile.lessons")}>
      {courses.length === 0 && lessons.length === 0 ? (
        <EmptyState title={t("profile.nothingYet")} />
      ) : (
        <div className="space-y-4">
          {courses.length > 0 && (
            <section>
              <h3 className="mb-1 text-sm font-semibold text-slate-600">{t("video.profile.courses")}</h3>
              <ul className="divide-y divide-slate-100">
                {courses.map((c) => (
                  <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                    <span className="min-w-0 break-words">{c.title}</span>
                    {c.completedAt ? (
                      <Badge tone="success">{t("video.profile.completedOn", { date: formatDateTime(c.completedAt, loc) })}</Badge>
                    ) : (
                      <Badge>{t("video.profile.progress", { done: c.done, total: c.required })}</Badge>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {lessons.length > 0 && (
            <section>
              <h3 className="mb-1 text-sm font-semibold text-slate-600">{t("video.profile.lessons")}</h3>
              <ul className="divide-y divide-slate-100">
                {lessons.map((l) => (
                  <li key={l.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                    <span className="min-w-0 break-words">{l.title}</span>
                    <span className="flex items-center gap-2 text-slate-600">
                      <span className="tabular-nums">
                        {formatDuration(l.watchedS)} / {formatDuration(l.durationS)}
                      </span>
                      {l.completedAt ? <Badge tone="success">{t("video.worker.done")}</Badge> : <Badge>{t("video.profile.inProgress")}</Badge>}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
      )}
    </Card>
  );
}
