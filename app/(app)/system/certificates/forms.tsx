"use client";

import { useActionState } from "react";
import type { ActionState } from "@/app/_lib/action";
import type { PreviewLabels } from "@/app/_lib/import-preview";
import { ImportPreviewForm } from "@/app/_ui/import-preview";
import { addCertificateAction, createTypeAction, importAction, setReviewSettingsAction } from "./actions";
import { CheckboxField, controlClass, SelectField, TextField } from "@/app/_ui/field";
import { Alert } from "@/app/_ui/feedback";
import { ProblemList } from "@/app/_ui/problem-list";
import { SubmitButton } from "@/app/_ui/submit";

function Outcome({ state, problemLabel }: { state: ActionState; problemLabel?: string }) {
  return (
    <>
      {state.status !== "idle" && <Alert tone={state.status === "ok" ? "success" : "error"}>{state.message}</Alert>}
      <ProblemList problems={state.problems} label={problemLabel} />
    </>
  );
}

export interface ReviewLabels {
  everyYears: string;
  everyYearsHint: string;
  hours: string;
  hoursHint: string;
  test: string;
}

export function TypeForm({
  labels,
}: {
  labels: { code: string; name: string; validity: string; validityHint: string; window: string; windowHint: string; submit: string; review: ReviewLabels };
}) {
  const [state, action] = useActionState<ActionState, FormData>(createTypeAction, { status: "idle" });
  return (
    <form action={action} className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
      <TextField label={labels.code} name="code" required maxLength={40} />
      <TextField label={labels.name} name="name" required maxLength={80} />
      <TextField label={labels.validity} name="validityMonths" type="number" min={1} max={600} hint={labels.validityHint} />
      <TextField label={labels.window} name="renewWindowDays" type="number" min={0} max={3650} defaultValue={60} required hint={labels.windowHint} />
      <TextField label={labels.review.everyYears} name="reviewEveryYears" type="number" min={1} max={10} hint={labels.review.everyYearsHint} />
      <TextField label={labels.review.hours} name="reviewHours" type="number" min={0} max={1000} step="0.5" defaultValue={0} hint={labels.review.hoursHint} />
      <div className="flex items-end">
        <CheckboxField label={labels.review.test} name="reviewTest" />
      </div>
      <div className="flex items-end">
        <SubmitButton label={labels.submit} />
      </div>
      <div className="sm:col-span-2 lg:col-span-4">
        <Outcome state={state} />
      </div>
    </form>
  );
}

/** A type's 复审 settings, edited in its row (ids unique per type). */
export function ReviewSettingsForm({
  type,
  labels,
}: {
  type: { id: number; reviewEveryYears: number | null; reviewHours: number; reviewTest: boolean };
  labels: ReviewLabels & { edit: string; save: string };
}) {
  const [state, action] = useActionState<ActionState, FormData>(setReviewSettingsAction, { status: "idle" });
  const id = (f: string) => `type-${type.id}-${f}`;
  return (
    <details data-review-settings={type.id}>
      <summary className="cursor-pointer text-xs font-medium text-brand-700">{labels.edit}</summary>
      <form action={action} className="mt-2 grid w-56 max-w-full grid-cols-1 gap-2">
        <input type="hidden" name="id" value={type.id} />
        <label htmlFor={id("years")} className="block text-xs font-medium text-slate-700">
          {labels.everyYears}
        </label>
        <input id={id("years")} name="reviewEveryYears" type="number" min={1} max={10} defaultValue={type.reviewEveryYears ?? ""} className={controlClass} />
        <label htmlFor={id("hours")} className="block text-xs font-medium text-slate-700">
          {labels.hours}
        </label>
        <input id={id("hours")} name="reviewHours" type="number" min={0} max={1000} step="0.5" defaultValue={type.reviewHours} className={controlClass} />
        <label htmlFor={id("test")} className="flex min-h-10 items-center gap-2 text-sm text-slate-800">
          <input
            id={id("test")}
            name="reviewTest"
            type="checkbox"
            defaultChecked={type.reviewTest}
            className="size-5 rounded border-slate-300 accent-brand-600"
          />
          {labels.test}
        </label>
        <SubmitButton label={labels.save} variant="secondary" className="!min-h-9 text-sm" />
        <Outcome state={state} />
      </form>
    </details>
  );
}

export function CertificateForm({
  types,
  labels,
}: {
  types: { value: string; label: string }[];
  labels: { employeeNo: string; type: string; number: string; issuedOn: string; expiresOn: string; expiresHint: string; submit: string };
}) {
  const [state, action] = useActionState<ActionState, FormData>(addCertificateAction, { status: "idle" });
  return (
    <form action={action} className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
      <TextField label={labels.employeeNo} name="employeeNo" required maxLength={40} />
      <SelectField label={labels.type} name="typeId" options={types} />
      <TextField label={labels.number} name="number" required maxLength={60} />
      <TextField label={labels.issuedOn} name="issuedOn" type="date" required />
      <TextField label={labels.expiresOn} name="expiresOn" type="date" hint={labels.expiresHint} />
      <div className="flex items-end">
        <SubmitButton label={labels.submit} />
      </div>
      <div className="sm:col-span-2 lg:col-span-3">
        <Outcome state={state} />
      </div>
    </form>
  );
}

export function ImportForm({ labels }: { labels: PreviewLabels }) {
  return <ImportPreviewForm action={importAction} labels={labels} accept=".xlsx,.csv" />;
}
