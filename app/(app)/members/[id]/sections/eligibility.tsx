import Link from "next/link";
import type { Db } from "@/db/client";
import type { CurrentUser } from "@/lib/auth/user-row";
import { can } from "@/lib/auth/permissions";
import { describeProgress, describeRequirement } from "@/lib/eligibility/describe";
import { memberEligibility, type MemberJob } from "@/lib/eligibility/member";
import type { Translate } from "@/lib/i18n";
import { buttonClass } from "@/app/_ui/button";
import { EmptyState } from "@/app/_ui/feedback";
import { Card } from "@/app/_ui/layout";
import { StatusPill } from "@/app/(app)/manage/roster/status-pill";
import { addDays } from "@/lib/core/time";
import { reviewState } from "@/lib/certificates/review";
import { toggleTargetAction } from "../../actions";
import { ReviewForm } from "./review-form";
import { inductionReason } from "@/lib/induction/describe";

function JobBlock({ job, t, memberId, canEdit }: { job: MemberJob; t: Translate; memberId: number; canEdit: boolean }) {
  const gaps = job.requirements.filter((r) => r.state !== "met" && r.state !== "expiring");
  return (
    <li className="py-3" data-job={job.code}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="font-medium text-slate-900">
          {job.name}{" "}
          <span className="text-xs font-normal text-slate-500">
            {t(`eligibility.profile.${job.relation === "held" ? "held" : job.relation === "target" ? "target" : "other"}`)}
          </span>
        </h3>
        <span className="flex items-center gap-2">
          <StatusPill status={job.status}>
            {job.inductionOpen?.length
              ? t("eligibility.status.missing")
              : job.status === "missing"
                ? t("eligibility.profile.gaps", { n: gaps.length })
                : t(`eligibility.status.${job.status}`)}
          </StatusPill>
          {canEdit && job.relation !== "held" && (
            <form action={toggleTargetAction}>
              <input type="hidden" name="memberId" value={memberId} />
              <input type="hidden" name="jobId" value={job.jobId} />
              <input type="hidden" name="on" value={job.relation === "target" ? "false" : "true"} />
              <button type="submit" className={buttonClass("ghost", "!min-h-8 !px-2 text-xs")}>
                {job.relation === "target" ? t("eligibility.profile.removeTarget") : t("eligibility.profile.addTarget")}
              </button>
            </form>
          )}
        </span>
      </div>
      {job.inductionOpen?.length ? (
        <p className="mt-1 text-sm font-medium text-red-700" data-induction-reason>
          {inductionReason(t, job.inductionOpen)}
        </p>
      ) : null}
      {job.status === "expiring" && job.expiresOn && (
        <p className="mt-1 text-sm text-amber-800">{t("eligibility.profile.expiresOn", { date: job.expiresOn })}</p>
      )}
      {job.requirements.length > 0 && (job.relation !== "other" || job.status !== "missing") && (
        <ul className="mt-2 space-y-1.5 text-sm" aria-label={`${job.name} ${t("eligibility.jobs.requirements")}`}>
          {job.requirements.map((r) => {
            const progress = describeProgress(t, r);
            const open = r.state !== "met" && r.state !== "expiring";
            return (
              <li key={r.requirementId} className="flex flex-wrap items-center gap-x-2 gap-y-1" data-state={r.state}>
                <StatusPill status={r.state}>{t(`eligibility.state.${r.state}`)}</StatusPill>
                <span className="min-w-0 break-words text-slate-800">{describeRequirement(t, r.requirement)}</span>
                {progress && <span className="text-xs text-slate-500">{progress}</span>}
                {(open || r.state === "expiring") && r.link.href && (
                  <Link href={r.link.href} className="text-xs font-medium text-brand-700 underline-offset-2 hover:underline">
                    {t(`eligibility.profile.go.${r.link.kind}`)} →
                  </Link>
                )}
                {open && !r.link.href && <span className="text-xs text-slate-500">{t(`eligibility.profile.go.${r.link.kind}`)}</span>}
              </li>
            );
          })}
        </ul>
      )}
    </li>
  );
}

/** A profile section: jobs held, worked towards and within reach, what is missing, and certificates. */
export async function EligibilitySection({ db, viewer, memberId, t }: { db: Db; viewer: CurrentUser; memberId: number; t: Translate }) {
  const found = await memberEligibility(db, viewer, memberId);
  if (!found.ok) return null;
  const e = found.value;
  const certs = e.certificates;
  const canEdit = viewer.memberId === memberId || can(viewer, "member.write");
  const mine = e.jobs.filter((j) => j.relation !== "other");
  // Jobs without requirements are open to everyone: listing them as "could hold" says nothing.
  const within = e.jobs.filter((j) => j.relation === "other" && j.status !== "missing" && j.requirements.length > 0);
  const others = e.jobs.filter((j) => j.relation === "other" && j.status === "missing");
  const soon = addDays(e.today, 0);
  // 复审 is recorded by a trainer or manager over the member, never for oneself (lib/certificates/review.ts checks the scope).
  const mayReview = viewer.memberId !== memberId && (can(viewer, "teach.manage") || can(viewer, "roster.read"));
  const reviewLabels = {
    record: t("certificates.review.record"),
    reviewedOn: t("certificates.review.reviewedOn"),
    hours: t("certificates.review.enteredHours"),
    hoursHint: t("certificates.review.enteredHoursHint"),
    evidence: t("certificates.review.evidence"),
    evidenceHint: t("certificates.review.evidenceHint"),
    testPassed: t("certificates.review.testPassed"),
    submit: t("certificates.review.submit"),
  };
  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
      <div className="lg:col-span-2">
        <Card title={t("eligibility.profile.title")}>
          {e.facts.inductionOpen?.length ? (
            <p className="mb-2 rounded-md bg-red-50 px-3 py-2 text-sm font-semibold text-red-800" data-induction-blocked>
              {inductionReason(t, e.facts.inductionOpen)}
            </p>
          ) : null}
          {e.jobs.length === 0 ? (
            <EmptyState title={t("eligibility.profile.noJobs")} />
          ) : (
            <>
              <ul className="divide-y divide-slate-100" aria-label={t("eligibility.profile.title")}>
                {mine.map((j) => (
                  <JobBlock key={j.jobId} job={j} t={t} memberId={memberId} canEdit={canEdit} />
                ))}
              </ul>
              <h3 className="mt-4 text-sm font-semibold text-slate-700">{t("eligibility.profile.other")}</h3>
              {within.length === 0 ? (
                <p className="text-sm text-slate-500">{t("eligibility.profile.couldHoldNone")}</p>
              ) : (
                <ul className="divide-y divide-slate-100">
                  {within.map((j) => (
                    <JobBlock key={j.jobId} job={j} t={t} memberId={memberId} canEdit={canEdit} />
                  ))}
                </ul>
              )}
              {others.length > 0 && (
                <details className="mt-3">
                  <summary className="cursor-pointer text-sm text-brand-700">{t("eligibility.profile.next")}</summary>
                  <ul className="divide-y divide-slate-100">
                    {others.map((j) => (
                      <JobBlock key={j.jobId} job={{ ...j, relation: "target" as const }} t={t} memberId={memberId} canEdit={false} />
                    ))}
                  </ul>
                </details>
              )}
            </>
          )}
        </Card>
      </div>
      <Card title={t("eligibility.profile.certificates")}>
        {certs.length === 0 ? (
          <EmptyState title={t("eligibility.profile.noCertificates")} />
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {certs.map((c) => {
              const expired = c.expiresOn !== null && c.expiresOn < soon;
              const expiring = !expired && c.expiresOn !== null && c.expiresOn <= addDays(e.today, c.renewWindowDays);
              const review = reviewState(c.reviewDueOn, e.today, c.renewWindowDays);
              return (
                <li key={c.id} className="py-2" data-certificate={c.number}>
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <span className="font-medium text-slate-900">{c.typeName}</span>
                    {expired ? (
                      <StatusPill status="expired">{t("eligibility.profile.expired")}</StatusPill>
                    ) : expiring ? (
                      <StatusPill status="expiring">{t("eligibility.profile.expiringSoon")}</StatusPill>
                    ) : review === "overdue" ? (
                      <StatusPill status="expired">{t("certificates.review.overdue")}</StatusPill>
                    ) : review === "due" ? (
                      <StatusPill status="expiring">{t("certificates.review.due")}</StatusPill>
                    ) : null}
                  </div>
                  <p className="text-xs text-slate-600">
                    {t("eligibility.profile.certNumber", { number: c.number })} · {t("eligibility.profile.issued", { date: c.issuedOn })} ·{" "}
                    {c.expiresOn ? t("eligibility.profile.validUntil", { date: c.expiresOn }) : t("eligibility.profile.noExpiry")}
                  </p>
                  {c.reviewDueOn && (
                    <p className={`text-xs ${review === "overdue" ? "font-semibold text-red-700" : "text-slate-600"}`} data-next-review={c.reviewDueOn}>
                      {t("certificates.review.nextDue", { date: c.reviewDueOn })}
                    </p>
                  )}
                  {c.reviewDueOn && mayReview && !expired && <ReviewForm memberId={memberId} certificateId={c.id} today={e.today} labels={reviewLabels} />}
                </li>
              );
            })}
          </ul>
        )}
      </Card>
    </div>
  );
}
