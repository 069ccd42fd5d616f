import type { Db } from "@/db/client";
import type { CurrentUser } from "@/lib/auth/user-row";
import { resultsForMember } from "@/lib/contests";
import type { Translate } from "@/lib/i18n";
import { pairsOfMember } from "@/lib/mentors";
import { pointsTotal } from "@/lib/points";
import { signoffsForMember } from "@/lib/signoffs";
import { Badge, EmptyState } from "@/app/_ui/feedback";
import { Card } from "@/app/_ui/layout";

/** The member's 以工代训 sign-offs, contest results, mentor pairs and learning points. */
export async function MethodsSection({ db, viewer, memberId, t }: { db: Db; viewer: CurrentUser; memberId: number; locale: string; t: Translate }) {
  const [signed, contests, pairs, points] = await Promise.all([
    signoffsForMember(db, viewer, memberId),
    resultsForMember(db, viewer, memberId),
    pairsOfMember(db, viewer, memberId),
    pointsTotal(db, viewer, memberId),
  ]);
  const none = <EmptyState title={t("profile.nothingYet")} />;
  return (
    <>
      <Card title={t("methods.profile.signoffs")} actions={<Badge tone="brand">{t("methods.profile.pointsTotal", { total: points ?? 0 })}</Badge>}>
        {signed.length === 0 ? (
          none
        ) : (
          <ul className="divide-y divide-slate-100" aria-label={t("methods.profile.signoffs")}>
            {signed.map((s) => (
              <li key={s.id} className="flex flex-wrap justify-between gap-2 py-2 text-sm">
                <span className="min-w-0 break-words">
                  <span className="font-medium text-slate-900">{s.taskTitle}</span>
                  <span className="ml-2 text-slate-500">
                    {t("methods.tasks.verifier")}：{s.verifierName}
                  </span>
                </span>
                <span className="tabular-nums">{s.signedOn}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title={t("methods.profile.contests")}>
        {contests.length === 0 ? (
          none
        ) : (
          <ul className="divide-y divide-slate-100" aria-label={t("methods.profile.contests")}>
            {contests.map((c) => (
              <li key={c.contestId} className="flex flex-wrap justify-between gap-2 py-2 text-sm">
                <span className="min-w-0 break-words">
                  <span className="mr-2 text-slate-500">{t(`methods.levels.${c.level}`)}</span>
                  <a className="font-medium text-brand-700 underline-offset-2 hover:underline" href={`/contests/${c.contestId}`}>
                    {c.title}
                  </a>
                </span>
                <span className="flex items-center gap-2 tabular-nums">
                  {c.rank !== null && (
                    <span>
                      {t("methods.contests.rank")} {c.rank}
                    </span>
                  )}
                  {c.score !== null && <span>{c.score}</span>}
                  {c.award && <Badge tone="success">{c.award}</Badge>}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
      {pairs.length > 0 && (
        <Card title={t("methods.profile.mentorships")}>
          <ul className="divide-y divide-slate-100 text-sm">
            {pairs.map((p) => (
              <li key={p.id} className="flex flex-wrap justify-between gap-2 py-2">
                <span>
                  {p.mentorId === memberId
                    ? `${t("methods.profile.asMentor")} → ${p.apprenticeName}`
                    : `${t("methods.profile.asApprentice")} ← ${p.mentorName}`}
                </span>
                <span className="tabular-nums text-slate-600">
                  {p.startsOn} – {p.endsOn ?? t("methods.mentors.open")}
                </span>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}
