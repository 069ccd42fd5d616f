"use client";

import { useActionState } from "react";
import type { Messages } from "@/lib/i18n";
import { formValuesFrom, type QuizFormValues } from "@/lib/quiz/admin/quiz-form-values";
import type { ActionState } from "@/app/_lib/action";
import { Alert } from "@/app/_ui/feedback";
import { CheckboxField, SelectField, TextField } from "@/app/_ui/field";
import { SubmitButton } from "@/app/_ui/submit";
import { TextAreaField } from "../_components/textarea";
import { saveQuizAction } from "./actions";
import { useFormat } from "@/app/_ui/locale";

type M = Messages["quizAdmin"];
type IntegrityLabels = Messages["proctor"]["form"];
const PARTS = ["score", "correctness", "answer", "explanation"] as const;

function Section({ title, hint, children }: { title: string; hint?: string; children: React.ReactNode }) {
  return (
    <fieldset className="space-y-4 border-t border-slate-200 pt-4 first:border-t-0 first:pt-0">
      <legend className="sr-only">{title}</legend>
      <div aria-hidden="true">
        <h2 className="text-base font-semibold text-slate-900">{title}</h2>
        {hint && <p className="text-sm text-slate-600">{hint}</p>}
      </div>
      {children}
    </fieldset>
  );
}

/** Every setting of a quiz. Times are typed in the site's zone; the server converts them. */
export function QuizForm({
  initial,
  quizId,
  quarters,
  specialties,
  zone,
  m,
  integrity,
  disabled,
  invalid,
}: {
  initial: QuizFormValues;
  quizId?: number;
  quarters: { value: string; label: string }[];
  /** The specialty choices with "" (none) first. */
  specialties: { value: string; label: string }[];
  zone: string;
  m: M;
  integrity: IntegrityLabels;
  disabled?: boolean;
  /** The form-level message when fields are wrong (each field says what). */
  invalid: string;
}) {
  const format = useFormat();
  const [state, action] = useActionState<ActionState, FormData>(saveQuizAction, { status: "idle" });
  // A refused post shows what was sent, not the stored settings: the form remounts with it.
  const posted = state.values;
  const v = posted ? formValuesFrom((name) => posted[name] ?? null) : initial;
  const err = (k: string) => state.fieldErrors?.[k];
  return (
    <form key={posted ? JSON.stringify(posted) : "initial"} action={action} className="space-y-6">
      {quizId && <input type="hidden" name="id" value={quizId} />}
      {state.status === "error" && <Alert tone="error">{state.fieldErrors ? invalid : state.message}</Alert>}
      <fieldset disabled={disabled} className="space-y-6">
        <Section title={m.form.basics}>
          <div className="grid gap-4 sm:grid-cols-2">
            <div className="sm:col-span-2">
              <TextField label={m.form.title} name="title" required maxLength={100} defaultValue={v.title} error={err("title")} autoComplete="off" />
            </div>
            <SelectField label={m.form.quarter} name="quarter" defaultValue={v.quarter} options={quarters} error={err("quarter")} />
            <TextField
              label={m.form.theme}
              name="theme"
              maxLength={100}
              defaultValue={v.theme}
              hint={m.form.themeHint}
              error={err("theme")}
              autoComplete="off"
            />
            <TextField
              label={m.form.series}
              name="series"
              required
              maxLength={50}
              defaultValue={v.series}
              hint={m.form.seriesHint}
              error={err("series")}
              autoComplete="off"
            />
            <SelectField
              label={m.form.specialty}
              name="specialty"
              defaultValue={v.specialty}
              options={specialties}
              hint={m.form.specialtyHint}
              error={err("specialty")}
            />
            <div className="sm:col-span-2">
              <TextAreaField label={m.form.description} name="description" rows={2} maxLength={2000} defaultValue={v.description} error={err("description")} />
            </div>
          </div>
        </Section>
        <Section title={m.form.timing} hint={format(m.form.timeZoneHint, { zone })}>
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField label={m.form.opensAt} name="opensAt" type="datetime-local" required defaultValue={v.opensAt} error={err("opensAt")} />
            <TextField label={m.form.closesAt} name="closesAt" type="datetime-local" required defaultValue={v.closesAt} error={err("closesAt")} />
            <TextField
              label={m.form.timeLimit}
              name="timeLimitMin"
              inputMode="numeric"
              defaultValue={v.timeLimitMin}
              hint={m.form.timeLimitHint}
              error={err("timeLimitMin")}
              autoComplete="off"
            />
            <TextField
              label={m.form.attemptsAllowed}
              name="attemptsAllowed"
              inputMode="numeric"
              required
              defaultValue={v.attemptsAllowed}
              error={err("attemptsAllowed")}
              autoComplete="off"
            />
            <SelectField
              label={m.form.overduePolicy}
              name="overduePolicy"
              defaultValue={v.overduePolicy}
              options={(["autosubmit", "grace", "discard"] as const).map((p) => ({ value: p, label: m.overdue[p] }))}
              error={err("overduePolicy")}
            />
            <TextField
              label={m.form.graceS}
              name="graceS"
              inputMode="numeric"
              required
              defaultValue={v.graceS}
              hint={m.form.graceHint}
              error={err("graceS")}
              autoComplete="off"
            />
          </div>
        </Section>
        <Section title={m.form.scoring}>
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectField
              label={m.form.gradingMethod}
              name="gradingMethod"
              defaultValue={v.gradingMethod}
              options={(["highest", "last", "first", "average"] as const).map((g) => ({ value: g, label: m.gradingMethods[g] }))}
              error={err("gradingMethod")}
            />
            <TextField
              label={m.form.passPercent}
              name="passPercent"
              inputMode="decimal"
              required
              defaultValue={v.passPercent}
              error={err("passPercent")}
              autoComplete="off"
            />
          </div>
        </Section>
        <Section title={m.form.delivery}>
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectField
              label={m.form.layout}
              name="layout"
              defaultValue={v.layout}
              options={(["one_per_page", "all_on_one"] as const).map((l) => ({ value: l, label: m.layouts[l] }))}
              error={err("layout")}
            />
            <div className="flex flex-col justify-end">
              <CheckboxField label={m.form.shuffleQuestions} name="shuffleQuestions" defaultChecked={v.shuffleQuestions} />
              <CheckboxField label={m.form.shuffleOptions} name="shuffleOptions" defaultChecked={v.shuffleOptions} />
            </div>
          </div>
          <div className="mt-4 border-t border-slate-100 pt-3">
            <CheckboxField label={integrity.proctorRequired} name="proctorRequired" defaultChecked={v.proctorRequired} />
            <p className="mb-1 pl-7 text-xs text-slate-500">{integrity.proctorRequiredHint}</p>
            <CheckboxField label={integrity.watermark} name="watermark" defaultChecked={v.watermark} />
          </div>
        </Section>
        <Section title={m.form.review} hint={m.form.reviewHint}>
          <div className="grid gap-4 sm:grid-cols-2">
            {(["reviewAfterSubmit", "reviewAfterClose"] as const).map((when) => (
              <fieldset key={when} className="rounded-md border border-slate-200 p-3">
                <legend className="px-1 text-sm font-medium text-slate-700">{when === "reviewAfterSubmit" ? m.form.afterSubmit : m.form.afterClose}</legend>
                {PARTS.map((p) => (
                  <CheckboxField key={p} label={m.reviewParts[p]} name={`${when}.${p}`} defaultChecked={v[when][p]} />
                ))}
              </fieldset>
            ))}
          </div>
        </Section>
      </fieldset>
      {!disabled && <SubmitButton label={quizId ? m.form.save : m.form.create} pendingLabel={m.form.saving} />}
    </form>
  );
}
