import { HoursSettings } from "@/app/(app)/teach/hours-settings";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { scopeOf } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { listJobs } from "@/lib/members/members";
import { listOrgTree } from "@/lib/org/units";
import { courseForTrainer, courseImpact, pickableLessons, pickableQuizzesAndClasses } from "@/lib/video";
import { getT } from "@/app/_lib/i18n";
import { idParam } from "@/app/_lib/json-route";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { courseCoverUrl } from "@/app/api/media/_urls";
import { buttonClass } from "@/app/_ui/button";
import { ContentStatusButtons } from "@/app/_ui/status-buttons";
import { Alert, Badge } from "@/app/_ui/feedback";
import { Card, PageHeader } from "@/app/_ui/layout";
import { SubmitButton } from "@/app/_ui/submit";
import { TextAreaField } from "../../_components/textarea";
import { statusTone } from "../../lessons/labels";
import { assignAction, courseStatusAction, saveAudienceAction, saveItemsAction, updateCourseAction } from "../actions";
import { CourseForm } from "../course-form";
import { CoverUpload } from "./cover-upload";
import { ItemsEditor } from "./items-editor";

export async function generateMetadata() {
  return { title: (await getT())("video.courses.title") };
}

type Search = Record<string, string | undefined>;

export default async function CourseEditPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Search> }) {
  const user = await requirePermission("teach.manage");
  const t = await getT();
  const parsed = idParam.safeParse((await params).id);
  if (!parsed.success) notFound();
  const id = parsed.data;
  const db = await getDb();
  const data = await courseForTrainer(db, user, id);
  if (!data.ok) notFound();
  const { course, items, audience, mayEdit, mayChangeJobs } = data.value;
  const [lessons, picks, units, jobs] = await Promise.all([
    pickableLessons(db),
    pickableQuizzesAndClasses(db),
    listOrgTree(db, scopeOf(user, "teach.manage")),
    listJobs(db),
  ]);
  const q = await searchParams;
  const impact = await courseImpact(db, user, id);
  const reach = impact.ok ? impact.value : { courses: 0, learners: 0, reach: 0 };
  const chosenUnits = new Set(audience.orgUnitIds);
  const chosenJobs = new Set(audience.jobIds);

  return (
    <div className="max-w-3xl space-y-4">
      <p className="text-sm">
        <Link href="/teach/courses" className="text-brand-700 underline-offset-2 hover:underline">
          ← {t("video.courses.title")}
        </Link>
      </p>
      <PageHeader title={course.title} actions={<Badge tone={statusTone[course.status]}>{t(`video.status.${course.status}`)}</Badge>} />
      <OutcomeAlert t={t} search={q} success={q.ok === "created" ? t("video.courses.created") : q.ok ? t("video.courses.saved") : null} />
      {!mayEdit && <Alert tone="info">{t("video.courses.readOnly")}</Alert>}
      {q.assigned !== undefined && (
        <Alert tone="success">
          {Number(q.skipped) > 0
            ? t("video.courses.assignedSkipped", { added: q.assigned, skipped: q.skipped ?? "0" })
            : t("video.courses.assigned", { added: q.assigned })}
          {q.unknown ? ` ${t("video.courses.unknownNos", { list: q.unknown })}` : ""}
        </Alert>
      )}

      {mayEdit ? (
        <>
          <Card title={t("common.edit")}>
            <CourseForm t={t} action={updateCourseAction} id={id} values={course} />
            <div className="mt-4 border-t border-slate-100 pt-4">
              {course.coverKey && (
                // eslint-disable-next-line @next/next/no-img-element
                <img src={courseCoverUrl(id)} alt="" className="mb-2 max-h-40 rounded object-cover" />
              )}
              <CoverUpload courseId={id} label={t("video.courses.cover")} hint={t("video.courses.coverHint")} />
            </div>
          </Card>
          <Card title={t("video.courses.items")}>
            <p className="mb-2 text-sm text-slate-600">{t("video.courses.itemsHint")}</p>
            <ItemsEditor
              courseId={id}
              initial={items}
              action={saveItemsAction}
              options={{
                lesson: lessons.map((l) => ({ id: l.id, title: l.status === "published" ? l.title : `${l.title}（${t(`video.status.${l.status}`)}）` })),
                quiz: picks.quizzes,
                class: picks.classes,
              }}
              labels={{
                kind: t("video.courses.itemKind"),
                ref: t("video.courses.itemRef"),
                required: t("video.courses.required"),
                add: t("video.courses.addItem"),
                up: t("video.courses.moveUp"),
                down: t("video.courses.moveDown"),
                remove: t("video.courses.remove"),
                none: t("video.courses.noItems"),
                save: t("common.save"),
                lesson: t("video.kind.lesson"),
                quiz: t("video.kind.quiz"),
                class: t("video.kind.class"),
              }}
            />
          </Card>
        </>
      ) : (
        <Card title={t("video.courses.items")}>
          {items.length === 0 ? (
            <p className="text-sm text-slate-500">{t("video.courses.noItems")}</p>
          ) : (
            <ol className="list-decimal space-y-1 pl-5 text-sm">
              {items.map((it) => (
                <li key={`${it.kind}-${it.refId}`} className="break-words">
                  {t(`video.kind.${it.kind}`)} · {it.title} · {it.required ? t("video.worker.required") : t("video.worker.optional")}
                </li>
              ))}
            </ol>
          )}
        </Card>
      )}

      <Card title={t("video.courses.audience")}>
        <form action={saveAudienceAction} className="space-y-3">
          <input type="hidden" name="id" value={id} />
          <p className="text-sm text-slate-600">{t("video.courses.audienceHint")}</p>
          {audience.otherUnits > 0 && <p className="text-sm text-slate-600">{t("video.courses.otherUnits", { count: audience.otherUnits })}</p>}
          <fieldset>
            <legend className="mb-1 text-sm font-medium text-slate-700">{t("video.courses.units")}</legend>
            <div className="max-h-64 overflow-y-auto rounded border border-slate-200 p-2">
              {units.map((u) => (
                <label key={u.id} className="flex items-center gap-2 py-0.5 text-sm" style={{ paddingLeft: `${u.depth * 1}rem` }}>
                  <input type="checkbox" name="unit" value={u.id} defaultChecked={chosenUnits.has(u.id)} />
                  <span className="break-words">{u.name}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend className="mb-1 text-sm font-medium text-slate-700">{t("video.courses.jobs")}</legend>
            <div className="grid max-h-48 gap-x-4 overflow-y-auto rounded border border-slate-200 p-2 sm:grid-cols-2">
              {jobs.map((j) => (
                <label key={j.id} className="flex items-center gap-2 py-0.5 text-sm">
                  <input
                    type="checkbox"
                    name={mayChangeJobs ? "job" : undefined}
                    value={j.id}
                    defaultChecked={chosenJobs.has(j.id)}
                    disabled={!mayChangeJobs}
                  />
                  <span className="break-words">{j.name}</span>
                </label>
              ))}
            </div>
            {/* The jobs go back as they are: saving the units must not look like a change of jobs. */}
            {!mayChangeJobs && audience.jobIds.map((j) => <input key={j} type="hidden" name="job" value={j} />)}
            {!mayChangeJobs && <p className="mt-1 text-xs text-slate-500">{t("video.courses.jobsReadOnly")}</p>}
          </fieldset>
          <SubmitButton label={t("common.save")} />
        </form>
      </Card>

      <Card title={t("video.courses.assign")}>
        <form action={assignAction} className="space-y-3">
          <input type="hidden" name="id" value={id} />
          <TextAreaField label={t("video.courses.employeeNos")} name="employeeNos" rows={3} hint={t("video.courses.assignHint")} />
          <SubmitButton label={t("video.courses.assign")} />
        </form>
      </Card>

      <div className="flex flex-wrap gap-2">
        {mayEdit && (
          <ContentStatusButtons
            action={courseStatusAction}
            id={id}
            status={course.status}
            labels={{ publish: t("video.courses.publish"), unpublish: t("video.courses.unpublish"), archive: t("video.courses.archive") }}
            confirmTitle={(label) => t("confirm.courseTitle", { action: label, title: course.title })}
            impact={[t("confirm.course", { learners: reach.learners })]}
            publishImpact={[t("confirm.coursePublish", { count: reach.reach })]}
            cancelLabel={t("common.cancel")}
          />
        )}
        <Link href={`/teach/courses/${id}/report`} className={buttonClass("secondary")}>
          {t("video.courses.report")}
        </Link>
      </div>
      <HoursSettings db={db} t={t} kind="course" id={course.id} mayEdit={mayEdit} saved={Boolean(q.hoursSaved)} />
    </div>
  );
}
