import type { Db } from "@/db/client";
import type { CurrentUser } from "@/lib/auth/user-row";
import { attendanceForMember } from "@/lib/classes";
import type { Locale, MessageKey, Translate } from "@/lib/i18n";
import { formatDateTime } from "@/lib/core/format";
import { Badge, EmptyState } from "@/app/_ui/feedback";
import { Card } from "@/app/_ui/layout";

/** The member's classes and attendance (技师课堂, 培训小课堂). The page checked who may read the profile. */
export async function TrainingSection({ db, viewer, memberId, locale, t }: { db: Db; viewer: CurrentUser; memberId: number; locale: string; t: Translate }) {
  const found = await attendanceForMember(db, viewer, memberId);
  const records = found.ok ? found.value : [];
  return (
    <Card title={t("classes.profile.title")}>
      {records.length === 0 ? (
        <EmptyState title={t("profile.nothingYet")} />
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="profile-classes">
          {records.map((r) => (
            <li key={r.classId} className="space-y-1 py-2 text-sm">
              <div className="flex flex-wrap items-center gap-2">
                <span className="min-w-0 break-words font-medium text-slate-900">{r.title}</span>
                <Badge tone="brand">{t(`classes.series.${r.series}` as MessageKey)}</Badge>
                {r.status !== "enrolled" && <Badge tone={r.status === "waitlisted" ? "warning" : "neutral"}>{t(`classes.enrolment.${r.status}`)}</Badge>}
                <span className="ml-auto tabular-nums text-slate-700">
                  {t("classes.profile.attended", { attended: r.attended.length, held: r.sessionsHeld })}
                </span>
              </div>
              {r.attended.length > 0 && (
                <p className="text-xs text-slate-500">
                  {r.attended.map((a) => `${formatDateTime(a.startsAt, locale as Locale)} · ${t(`classes.method.${a.method}`)}`).join("; ")}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
