import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requireUser } from "@/lib/auth/session";
import { classPage } from "@/lib/classes";
import type { MessageKey } from "@/lib/i18n";
import { formatDateTime } from "@/lib/core/format";
import { listJobs } from "@/lib/members/members";
import { listOrgTree } from "@/lib/org/units";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { getLocale, getT } from "@/app/_lib/i18n";
import { idParam } from "@/app/_lib/json-route";
import { unitOptions } from "@/app/_lib/labels";
import { getSpecialties } from "@/app/_lib/specialties";
import { buttonClass } from "@/app/_ui/button";
import { ConfirmAction } from "@/app/_ui/confirm";
import { Badge, EmptyState } from "@/app/_ui/feedback";
import { SelectField, TextField } from "@/app/_ui/field";
import { Card, PageHeader } from "@/app/_ui/layout";
import { Dialog } from "@/app/_ui/dialog";
import { SubmitButton } from "@/app/_ui/submit";
import {
  addSessionAction,
  attendanceAction,
  audienceAction,
  cancelOtherAction,
  classStatusAction,
  enrolOtherAction,
  removeSessionAction,
  updateSessionAction,
} from "../actions";
import { ClassForm } from "../class-form";
import { classFormProps } from "../form-options";
import { toZonedInput } from "@/lib/core/time";
import { timeZone } from "@/lib/core/clock";
import * as clock from "@/lib/core/clock";
import { MemberPicker } from "@/app/_ui/member-picker";
import { evaluationResults } from "@/lib/evaluations";
import { Targets } from "../../evaluations/results";

export async function generateMetadata() {
  return { title: (await getT())("classes.teach.title") };
}

type Search = Record<string, string | string[] | undefined>;

export default async function TeachClassPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Search> }) {
  const user = await requireUser();
  const id = idParam.safeParse((await params).id);
  if (!id.success) notFound();
  const db = await getDb();
  const page = await classPage(db, user, id.data);
  if (!page.ok) {
    if (page.kind === "notFound") notFound();
    forbidden();
  }
  // `runs` false: a trainer scoped elsewhere, here only to enrol and mark their own people.
  const { cls, runs, sessions, audience, enrolments, enrolled, reach, instructorNo } = page.value;
  const t = await getT();
  const sp = await getSpecialties();
  const locale = await getLocale();
  const tz = timeZone();
  const search = await searchParams;
  const q = Object.fromEntries(Object.entries(search).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const doneText =
    q.done === "created"
      ? t("classes.teach.created")
      : q.done === "promoted"
        ? t("classes.teach.promoted", { count: q.n ?? "" })
        : q.done === "enrolled"
          ? t("classes.teach.enrolledOther", {
              name: q.name ?? "",
              status: q.status === "waitlisted" ? t("classes.enrolment.waitlisted") : t("classes.enrolment.enrolled"),
            })
          : q.done
            ? t("classes.teach.saved")
            : null;
  // 培训评估 of this class, as far as the viewer may see them (all when they run it, else their scope's).
  const evaluations = await evaluationResults(db, user, { classId: cls.id });
  const formProps = await classFormProps(db, t, cls.specialty);
  const units = await listOrgTree(db, { all: true });
  const jobs = await listJobs(db);
  const next = new Date(clock.nowMs() + 24 * 3600_000);
  next.setMinutes(0, 0, 0);
  const waitlisted = enrolments.filter((e) => e.status === "waitlisted").length;
  // Publishing reaches the audience; closing or withdrawing everyone enrolled or waiting.
  const statusButton = (status: "draft" | "published" | "closed", text: string, variant: "primary" | "secondary" = "secondary") => (
    <ConfirmAction
      action={classStatusAction}
      fields={{ classId: cls.id, status }}
      trigger={text}
      triggerVariant={variant}
      variant={status === "published" ? "primary" : "danger"}
      title={t("confirm.classTitle", { action: text, title: cls.title })}
      impact={[
        status === "published"
          ? t("confirm.classPublish", { count: reach, capacity: cls.capacity })
          : t(status === "closed" ? "confirm.classClose" : "confirm.classDraft", { enrolled, waitlisted }),
      ]}
      confirmLabel={text}
      cancelLabel={t("common.cancel")}
    />
  );

  return (
    <div className="max-w-4xl space-y-4">
      <PageHeader
        title={cls.title}
        actions={
          runs && (
            <>
              {cls.status === "draft" && statusButton("published", t("classes.teach.publish"), "primary")}
              {cls.status === "published" && statusButton("closed", t("classes.teach.close"))}
              {cls.status === "published" && statusButton("draft", t("classes.teach.backToDraft"))}
              {cls.status === "closed" && statusButton("published", t("classes.teach.reopen"))}
            </>
          )
        }
      >
        <span className="flex flex-wrap items-center gap-2">
          <Badge tone="brand">{t(`classes.series.${cls.series}` as MessageKey)}</Badge>
          <Badge tone={cls.status === "published" ? "success" : "neutral"}>{t(`classes.statuses.${cls.status}`)}</Badge>
          {cls.specialty && <Badge>{sp.name(cls.specialty)}</Badge>}
          <span>{t("classes.list.places", { enrolled, capacity: cls.capacity })}</span>
        </span>
      </PageHeader>
      <OutcomeAlert t={t} search={search} success={doneText} />

      <Card title={t("classes.teach.sessions")}>
        <div id="sessions" className="space-y-4">
          {sessions.length === 0 ? (
            <EmptyState title={t("classes.teach.noSessions")} />
          ) : (
            <ol className="divide-y divide-slate-100">
              {sessions.map((s, i) => (
                <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm" data-testid="session">
                  <span className="min-w-0">
                    <span className="mr-2 font-medium text-slate-500">#{i + 1}</span>
                    <span className="tabular-nums">
                      {formatDateTime(s.startsAt, locale)}–{formatDateTime(s.endsAt, locale).slice(-5)}
                    </span>
                    {(s.placeName || s.room) && <span className="ml-2 text-slate-500">{[s.placeName, s.room].filter(Boolean).join(" ")}</span>}
                    <span className="ml-2 text-slate-500">{t("classes.teach.attendedCount", { count: s.attended })}</span>
                  </span>
                  {runs && (
                    <span className="flex flex-wrap gap-2">
                      <Link href={`/teach/classes/${cls.id}/sessions/${s.id}`} className={buttonClass("secondary", "min-h-9")}>
                        {t("classes.teach.showCheckin")}
                      </Link>
                      {s.attended === 0 && (
                        <Dialog
                          trigger={t("classes.teach.editSession")}
                          title={`${t("classes.teach.editSessionTitle")} #${i + 1}`}
                          closeLabel={t("common.close")}
                        >
                          <form action={updateSessionAction} className="grid gap-3">
                            <input type="hidden" name="classId" value={cls.id} />
                            <input type="hidden" name="sessionId" value={s.id} />
                            <TextField
                              label={t("classes.teach.fields.startsAt")}
                              name="startsAt"
                              type="datetime-local"
                              required
                              defaultValue={toZonedInput(s.startsAt, tz)}
                            />
                            <TextField
                              label={t("classes.teach.fields.endsAt")}
                              name="endsAt"
                              type="datetime-local"
                              required
                              defaultValue={toZonedInput(s.endsAt, tz)}
                            />
                            <SelectField
                              label={t("classes.teach.fields.place")}
                              name="placeOrgUnitId"
                              defaultValue={s.placeOrgUnitId ? String(s.placeOrgUnitId) : ""}
                              options={formProps.places}
                            />
                            <TextField label={t("classes.teach.fields.room")} name="room" maxLength={100} defaultValue={s.room} autoComplete="off" />
                            <SubmitButton label={t("common.save")} />
                          </form>
                        </Dialog>
                      )}
                      {s.attended === 0 && (
                        <ConfirmAction
                          action={removeSessionAction}
                          fields={{ classId: cls.id, sessionId: s.id }}
                          trigger={t("classes.teach.removeSession")}
                          triggerVariant="ghost"
                          triggerClassName="min-h-9"
                          title={t("confirm.sessionTitle", { n: i + 1 })}
                          impact={[t("confirm.session", { enrolled })]}
                          confirmLabel={t("classes.teach.removeSession")}
                          cancelLabel={t("common.cancel")}
                        />
                      )}
                    </span>
                  )}
                </li>
              ))}
            </ol>
          )}
          {runs && (
            <form action={addSessionAction} className="grid gap-3 border-t border-slate-200 pt-4 sm:grid-cols-2">
              <input type="hidden" name="classId" value={cls.id} />
              <TextField label={t("classes.teach.fields.startsAt")} name="startsAt" type="datetime-local" required defaultValue={toZonedInput(next, tz)} />
              <TextField
                label={t("classes.teach.fields.endsAt")}
                name="endsAt"
                type="datetime-local"
                required
                defaultValue={toZonedInput(new Date(next.getTime() + 2 * 3600_000), tz)}
              />
              <SelectField
                label={t("classes.teach.fields.place")}
                name="placeOrgUnitId"
                defaultValue={cls.placeOrgUnitId ? String(cls.placeOrgUnitId) : ""}
                options={formProps.places}
              />
              <TextField label={t("classes.teach.fields.room")} name="room" maxLength={100} defaultValue={cls.room} autoComplete="off" />
              <div className="sm:col-span-2">
                <SubmitButton label={t("classes.teach.addSession")} variant="secondary" />
              </div>
            </form>
          )}
        </div>
      </Card>

      <Card title={t("classes.teach.enrolments")}>
        <div id="enrolments" className="space-y-4">
          <form action={enrolOtherAction} className="flex flex-wrap items-end gap-2">
            <input type="hidden" name="classId" value={cls.id} />
            <div className="w-full sm:w-72">
              <MemberPicker label={t("classes.teach.employeeNo")} name="employeeNo" required maxLength={20} suggestionsLabel={t("common.memberSuggestions")} />
            </div>
            <SubmitButton label={t("classes.teach.enrolMember")} variant="secondary" />
          </form>
          {enrolments.filter((e) => e.status !== "cancelled").length === 0 ? (
            <EmptyState title={t("classes.teach.noEnrolments")} />
          ) : (
            <ul className="divide-y divide-slate-100">
              {enrolments
                .filter((e) => e.status !== "cancelled")
                .map((e) => (
                  <li key={e.memberId} className="space-y-2 py-3 text-sm" data-testid="enrolment">
                    <div className="flex flex-wrap items-center gap-2">
                      <span className="font-medium text-slate-900">{e.name}</span>
                      <span className="font-mono text-slate-500">{e.employeeNo}</span>
                      <span className="text-slate-500">{e.unitName}</span>
                      <Badge tone={e.status === "enrolled" ? "success" : "warning"}>{t(`classes.enrolment.${e.status}`)}</Badge>
                      {e.source === "trainer" && <Badge>{t("classes.source.trainer")}</Badge>}
                      <form action={cancelOtherAction} className="ml-auto">
                        <input type="hidden" name="classId" value={cls.id} />
                        <input type="hidden" name="memberId" value={e.memberId} />
                        <button type="submit" className={buttonClass("ghost", "min-h-9 px-2")}>
                          {t("classes.teach.cancelFor")}
                        </button>
                      </form>
                    </div>
                    {sessions.length > 0 && (
                      <fieldset className="flex flex-wrap gap-2" aria-label={t("classes.teach.attendance")}>
                        {sessions.map((s, i) => {
                          const how = e.attended[s.id];
                          return (
                            <form key={s.id} action={attendanceAction}>
                              <input type="hidden" name="classId" value={cls.id} />
                              <input type="hidden" name="sessionId" value={s.id} />
                              <input type="hidden" name="memberId" value={e.memberId} />
                              <input type="hidden" name="present" value={how ? "0" : "1"} />
                              <button
                                type="submit"
                                aria-pressed={Boolean(how)}
                                title={how ? t("classes.teach.markAbsent") : t("classes.teach.markPresent")}
                                className={`min-h-9 rounded-md border px-3 text-xs ${how ? "border-emerald-300 bg-emerald-50 text-emerald-900" : "border-slate-300 bg-white text-slate-600"}`}
                              >
                                #{i + 1} {how ? `${t("classes.teach.present")} · ${t(`classes.method.${how}`)}` : t("classes.teach.absent")}
                              </button>
                            </form>
                          );
                        })}
                      </fieldset>
                    )}
                  </li>
                ))}
            </ul>
          )}
        </div>
      </Card>

      {evaluations.ok && (
        <Card title={t("evaluations.results.title")}>
          <div id="evaluations">
            <Targets t={t} list={evaluations.value.classes} locale={locale} />
          </div>
        </Card>
      )}

      {runs && (
        <>
          <Card title={t("classes.teach.audience")}>
            <form id="audience" action={audienceAction} className="space-y-3">
              <input type="hidden" name="classId" value={cls.id} />
              <p className="text-sm text-slate-600">{t("classes.teach.audienceHint")}</p>
              <div className="grid gap-4 md:grid-cols-2">
                <fieldset className="rounded-md border border-slate-200 p-3">
                  <legend className="px-1 text-sm font-medium text-slate-700">{t("classes.teach.units")}</legend>
                  <ul className="max-h-72 overflow-y-auto">
                    {unitOptions(units).map((u) => (
                      <li key={u.value}>
                        <label className="flex min-h-9 items-center gap-2 px-1 text-sm">
                          <input
                            type="checkbox"
                            name="unit"
                            value={u.value}
                            defaultChecked={audience.orgUnitIds.includes(Number(u.value))}
                            className="size-5 accent-brand-600"
                          />
                          <span className="whitespace-pre">{u.label}</span>
                        </label>
                      </li>
                    ))}
                  </ul>
                </fieldset>
                <fieldset className="rounded-md border border-slate-200 p-3">
                  <legend className="px-1 text-sm font-medium text-slate-700">{t("classes.teach.jobs")}</legend>
                  <ul className="max-h-72 overflow-y-auto">
                    {jobs.map((j) => (
                      <li key={j.id}>
                        <label className="flex min-h-9 items-center gap-2 px-1 text-sm">
                          <input type="checkbox" name="job" value={j.id} defaultChecked={audience.jobIds.includes(j.id)} className="size-5 accent-brand-600" />
                          {j.name}
                        </label>
                      </li>
                    ))}
                  </ul>
                </fieldset>
              </div>
              <SubmitButton label={t("classes.teach.saveAudience")} variant="secondary" />
            </form>
          </Card>

          <Card title={t("classes.teach.editClass")}>
            <ClassForm
              classId={cls.id}
              initial={{
                title: cls.title,
                series: cls.series,
                description: cls.description,
                specialty: cls.specialty ?? "",
                instructorEmployeeNo: instructorNo,
                placeOrgUnitId: cls.placeOrgUnitId ? String(cls.placeOrgUnitId) : "",
                room: cls.room,
                onlineUrl: cls.onlineUrl,
                capacity: String(cls.capacity),
              }}
              {...formProps}
            />
          </Card>
        </>
      )}
    </div>
  );
}
