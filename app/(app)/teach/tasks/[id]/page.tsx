import { HoursSettings } from "@/app/(app)/teach/hours-settings";
import { forbidden, notFound } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requireUser } from "@/lib/auth/session";
import { getTask, signoffsForTask } from "@/lib/signoffs";
import { searchValue as one } from "@/app/_lib/action";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { getT } from "@/app/_lib/i18n";
import { idParam } from "@/app/_lib/json-route";
import { getSpecialties } from "@/app/_lib/specialties";
import { Alert, Badge, EmptyState } from "@/app/_ui/feedback";
import { TextField, controlClass } from "@/app/_ui/field";
import { Card, PageHeader } from "@/app/_ui/layout";
import { SubmitButton } from "@/app/_ui/submit";
import { setVerifiersAction, signOffAction } from "../actions";
import { TaskForm } from "../task-form";
import { today } from "@/lib/core/clock";
import { MemberPicker } from "@/app/_ui/member-picker";

/** The tab's title: the page's kind (the heading names the record). */
export async function generateMetadata() {
  return { title: (await getT())("methods.nav.tasks") };
}

export default async function TaskPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const id = idParam.safeParse((await params).id);
  if (!id.success) notFound();
  const db = await getDb();
  const found = await getTask(db, user, id.data);
  if (!found.ok) return found.kind === "forbidden" ? forbidden() : notFound();
  const task = found.value;
  const manager = task.mayEdit;
  const verifier = task.viewerVerifies;
  const t = await getT();
  const sp = await getSpecialties();
  const search = await searchParams;
  const done = await signoffsForTask(db, user, task.id);
  const signed = one(search, "signed");
  const success = one(search, "saved")
    ? t("methods.tasks.saved")
    : one(search, "verifiers")
      ? t("methods.tasks.verifiersSaved", { count: Number(one(search, "verifiers")) })
      : signed
        ? t("methods.tasks.signed", { name: done.find((d) => d.memberId === Number(signed))?.memberName ?? "" })
        : null;

  return (
    <div className="space-y-4">
      <PageHeader title={task.title}>
        <span className="font-mono">{task.code}</span> · {sp.name(task.specialty)} {!task.active && <Badge>{t("methods.tasks.inactive")}</Badge>}
      </PageHeader>
      <OutcomeAlert t={t} search={search} success={success} />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <Card title={t("methods.tasks.signoffTitle")}>
          {verifier && task.active ? (
            <form action={signOffAction} className="space-y-3" encType="multipart/form-data">
              <input type="hidden" name="taskId" value={task.id} />
              <MemberPicker label={t("methods.tasks.member")} name="employeeNo" required suggestionsLabel={t("common.memberSuggestions")} />
              <fieldset className="space-y-1">
                <legend className="text-sm font-medium text-slate-700">{t("methods.tasks.checklist")}</legend>
                {/* A step is known by its place: the form sends it as the box's value. */}
                {[...task.checklist.entries()].map(([i, item]) => (
                  <label key={i} className="flex min-h-10 items-center gap-2 text-sm text-slate-800">
                    <input type="checkbox" name="check" value={i} className="size-5 shrink-0 accent-brand-600" />
                    <span className="min-w-0 break-words">{item}</span>
                  </label>
                ))}
              </fieldset>
              <TextField label={t("methods.tasks.signedOn")} name="signedOn" type="date" required defaultValue={today()} max={today()} />
              <div className="space-y-1">
                <label htmlFor="note" className="block text-sm font-medium text-slate-700">
                  {t("methods.tasks.note")}
                </label>
                <textarea id="note" name="note" rows={2} maxLength={1000} className={controlClass} />
              </div>
              <div className="space-y-1">
                <label htmlFor="photo" className="block text-sm font-medium text-slate-700">
                  {t("methods.tasks.photo")}
                </label>
                <input
                  id="photo"
                  name="photo"
                  type="file"
                  accept="image/jpeg,image/png,image/webp"
                  capture="environment"
                  className="block w-full text-sm"
                  aria-describedby="photo-hint"
                />
                <p id="photo-hint" className="text-xs text-slate-500">
                  {t("methods.tasks.photoHint")}
                </p>
              </div>
              <SubmitButton label={t("methods.tasks.submit")} />
            </form>
          ) : (
            <>
              <Alert tone="info">{t("methods.tasks.notVerifierNote")}</Alert>
              <ol className="mt-3 list-decimal space-y-1 pl-5 text-sm text-slate-800">
                {[...task.checklist.entries()].map(([i, item]) => (
                  <li key={i}>{item}</li>
                ))}
              </ol>
            </>
          )}
        </Card>
        <Card title={t("methods.tasks.verifiers")}>
          <ul className="mb-3 space-y-1 text-sm">
            {task.verifiers.map((v) => (
              <li key={v.memberId}>
                {v.name} <span className="font-mono text-slate-500">{v.employeeNo}</span> · {v.unitName}
              </li>
            ))}
          </ul>
          {manager && (
            <form action={setVerifiersAction} className="space-y-2">
              <input type="hidden" name="taskId" value={task.id} />
              <label htmlFor="verifiers" className="block text-sm font-medium text-slate-700">
                {t("methods.tasks.verifiers")}
              </label>
              <textarea
                id="verifiers"
                name="verifiers"
                rows={3}
                className={controlClass}
                defaultValue={task.verifiers.map((v) => v.employeeNo).join("\n")}
                aria-describedby="verifiers-hint"
              />
              <p id="verifiers-hint" className="text-xs text-slate-500">
                {t("methods.tasks.verifiersHint")}
              </p>
              <SubmitButton label={t("methods.tasks.saveVerifiers")} variant="secondary" />
            </form>
          )}
        </Card>
      </div>
      <Card title={t("methods.tasks.signoffs")}>
        {done.length === 0 ? (
          <EmptyState title={t("methods.tasks.noSignoffs")} />
        ) : (
          <ul className="divide-y divide-slate-100" aria-label={t("methods.tasks.signoffs")}>
            {done.map((s) => (
              <li key={s.id} className="flex flex-wrap items-baseline justify-between gap-2 py-2 text-sm">
                <span className="min-w-0">
                  <span className="font-medium text-slate-900">{s.memberName}</span>
                  <span className="ml-2 text-slate-500">
                    {t("methods.tasks.verifier")}：{s.verifierName}
                  </span>
                  {s.note && <span className="block break-words text-slate-600">{s.note}</span>}
                </span>
                <span className="flex items-center gap-2 tabular-nums">
                  {s.photoKey && (
                    <a className="text-brand-700 underline" href={`/teach/tasks/photo/${s.photoKey}`}>
                      {t("methods.tasks.viewPhoto")}
                    </a>
                  )}
                  {s.signedOn}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
      {manager && (
        <Card title={t("methods.tasks.edit")}>
          <TaskForm t={t} task={task} />
        </Card>
      )}
      <HoursSettings db={db} t={t} kind="task" id={task.id} mayEdit={manager} saved={Boolean(one(search, "hoursSaved"))} />
    </div>
  );
}
