import Link from "next/link";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { canCreateClass, classesForMember, sendSessionReminders, teachesAny, type MemberClass } from "@/lib/classes";
import { translateCode, type MessageKey } from "@/lib/i18n";
import { formatDateTime } from "@/lib/core/format";
import { searchValue } from "@/app/_lib/action";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { getLocale, getT } from "@/app/_lib/i18n";
import { getSpecialties } from "@/app/_lib/specialties";
import { LinkButton, buttonClass } from "@/app/_ui/button";
import { Badge, EmptyState } from "@/app/_ui/feedback";
import { PageHeader } from "@/app/_ui/layout";
import { cancelAction, enrolAction } from "./actions";
import { pendingEvaluations } from "@/lib/evaluations";
import { EvaluationCard } from "../evaluations/evaluation-card";
import * as clock from "@/lib/core/clock";

export async function generateMetadata() {
  return { title: (await getT())("classes.title") };
}

export default async function ClassesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("self.learn");
  const t = await getT();
  const sp = await getSpecialties();
  const locale = await getLocale();
  const db = await getDb();
  // Reminders of sessions within 24 h are also made by the sweep; doing it here too means a
  // worker who looks sees theirs at once. One idempotent statement.
  await sendSessionReminders(db, clock.now(), user.memberId);
  const list = await classesForMember(db, { id: user.memberId, orgPath: user.orgPath, jobId: user.jobId });
  const teaching = (await canCreateClass(db, user)) || (await teachesAny(db, user));
  // Classes attended and not yet rated (or the card dismissed): the card 请为本次培训打分 on each.
  const pending = (await pendingEvaluations(db, user)).filter((e) => e.kind === "class");
  const toRate = new Set(pending.map((e) => e.id));
  const search = await searchParams;
  const done = searchValue(search, "done");
  const mine = list.filter((c) => c.myStatus === "enrolled" || c.myStatus === "waitlisted");
  const open = list.filter((c) => !mine.includes(c) && !c.ended);
  // Attended without a place (a walk-in marked present) and over: not in either list, so rated here.
  const listed = new Set([...mine, ...open].map((c) => c.id));
  const rateOnly = pending.filter((e) => !listed.has(e.id));
  const anyCheckin = mine.some((c) => c.myStatus === "enrolled" && c.sessions.some((s) => s.checkinOpen && !s.attended));

  const card = (c: MemberClass) => {
    const full = c.enrolled >= c.capacity;
    return (
      <li key={c.id} id={`c${c.id}`} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="class-card">
        <div className="flex flex-wrap items-center gap-2">
          <h3 className="min-w-0 break-words text-base font-semibold text-slate-900">{c.title}</h3>
          <Badge tone="brand">{t(`classes.series.${c.series}` as MessageKey)}</Badge>
          {c.specialty && <Badge>{sp.name(c.specialty)}</Badge>}
          {c.myStatus === "enrolled" && <Badge tone="success">{t("classes.enrolment.enrolled")}</Badge>}
          {c.myStatus === "waitlisted" && <Badge tone="warning">{t("classes.list.position", { position: c.myPosition ?? "" })}</Badge>}
          {c.ended && <Badge>{t("classes.list.ended")}</Badge>}
        </div>
        <p className="mt-1 text-sm text-slate-600">
          {t("classes.list.instructor", { name: c.instructorName })}
          {(c.place || c.room) && <> · {[c.place, c.room].filter(Boolean).join(" ")}</>}
          {c.onlineUrl && <> · {t("classes.list.online")}</>}
        </p>
        <p className="mt-1 text-sm text-slate-600">
          {t("classes.list.places", { enrolled: c.enrolled, capacity: c.capacity })}
          {c.waitlisted > 0 && <> · {t("classes.list.waiting", { count: c.waitlisted })}</>}
          {full && <> · {t("classes.list.full")}</>}
        </p>
        {c.description && <p className="mt-2 whitespace-pre-line break-words text-sm text-slate-700">{c.description}</p>}
        <ul className="mt-2 space-y-1 text-sm">
          {c.sessions.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center gap-2">
              <span className="tabular-nums text-slate-800">
                {formatDateTime(s.startsAt, locale)}–{formatDateTime(s.endsAt, locale).slice(-5)}
              </span>
              {(s.place || s.room) && <span className="text-slate-500">{[s.place, s.room].filter(Boolean).join(" ")}</span>}
              {s.attended && <Badge tone="success">{t("classes.list.attended")}</Badge>}
              {!s.attended && s.checkinOpen && c.myStatus === "enrolled" && <Badge tone="warning">{t("classes.list.checkinOpen")}</Badge>}
            </li>
          ))}
        </ul>
        {c.onlineUrl && c.myStatus === "enrolled" && (
          <p className="mt-2 text-sm">
            <a href={c.onlineUrl} className="break-all text-brand-700 underline" rel="noopener noreferrer" target="_blank">
              {t("classes.list.onlineLink")}
            </a>
          </p>
        )}
        {toRate.has(c.id) && <EvaluationCard t={t} kind="class" id={c.id} />}
        {!c.ended && (
          <div className="mt-3 flex flex-wrap gap-2">
            {!c.myStatus || c.myStatus === "cancelled" ? (
              <form action={enrolAction}>
                <input type="hidden" name="classId" value={c.id} />
                <button type="submit" className={buttonClass("primary", "min-w-28")}>
                  {full || c.waitlisted > 0 ? t("classes.list.joinWaitlist") : t("classes.list.enrol")}
                </button>
              </form>
            ) : (
              <form action={cancelAction}>
                <input type="hidden" name="classId" value={c.id} />
                <button type="submit" className={buttonClass("secondary")}>
                  {c.myStatus === "waitlisted" ? t("classes.list.leaveWaitlist") : t("classes.list.cancel")}
                </button>
              </form>
            )}
          </div>
        )}
      </li>
    );
  };

  return (
    <div className="max-w-3xl">
      <PageHeader
        title={t("classes.title")}
        actions={
          <>
            <Link href="/classes/check-in" className={buttonClass(anyCheckin ? "primary" : "secondary")}>
              {t("classes.list.checkIn")}
            </Link>
            {teaching && <LinkButton href="/teach/classes">{t("classes.list.teaching")}</LinkButton>}
          </>
        }
      />
      {(search.error || done) && (
        <div className="mb-4">
          <OutcomeAlert t={t} search={search} success={done ? translateCode(t, done, { position: searchValue(search, "position") ?? "" }) : null} />
        </div>
      )}
      {rateOnly.length > 0 && (
        <section className="mb-6" aria-labelledby="to-rate">
          <h2 id="to-rate" className="mb-2 text-sm font-semibold text-slate-500">
            {t("evaluations.card.home")}
          </h2>
          <ul className="space-y-3">
            {rateOnly.map((e) => (
              <li key={e.id} id={`c${e.id}`} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="class-card">
                <h3 className="min-w-0 break-words text-base font-semibold text-slate-900">{e.title}</h3>
                <p className="mt-1 text-sm text-slate-600">{t("evaluations.card.attendedOn", { day: formatDateTime(e.at, locale) })}</p>
                <EvaluationCard t={t} kind="class" id={e.id} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {mine.length > 0 && (
        <section className="mb-6" aria-labelledby="mine">
          <h2 id="mine" className="mb-2 text-sm font-semibold text-slate-500">
            {t("classes.list.mine")}
          </h2>
          <ul className="space-y-3">{mine.map(card)}</ul>
        </section>
      )}
      <section aria-labelledby="open">
        <h2 id="open" className="mb-2 text-sm font-semibold text-slate-500">
          {t("classes.list.available")}
        </h2>
        {open.length === 0 ? <EmptyState title={t("classes.list.empty")} /> : <ul className="space-y-3">{open.map(card)}</ul>}
      </section>
    </div>
  );
}
