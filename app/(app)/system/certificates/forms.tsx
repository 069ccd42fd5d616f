"use client";

import { useActionState } from "react";
import type { ActionState } from "@/app/_lib/action";
import type { PreviewLabels } from "@/app/_lib/import-preview";
import { ImportPreviewForm } from "@/app/_ui/import-preview";
import { addCertificateAction, createTypeAction, importAction } from "./actions";
import { SelectField, TextField } from "@/app/_ui/field";
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

export function TypeForm({
  labels,
}: {
  labels: { code: string; name: string; validity: string; validityHint: string; window: string; windowHint: string; submit: string };
}) {
  const [state, action] = useActionState<ActionState, FormData>(createTypeAction, { status: "idle" });
  return (
    <form action={action} className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-5">
      <TextField label={labels.code} name="code" required maxLength={40} />
      <TextField label={labels.name} name="name" required maxLength={80} />
      <TextField label={labels.validity} name="validityMonths" type="number" min={1} max={600} hint={labels.validityHint} />
      <TextField label={labels.window} name="renewWindowDays" type="number" min={0} max={3650} defaultValue={60} required hint={labels.windowHint} />
      <div className="flex items-end">
        <SubmitButton label={labels.submit} />
      </div>
      <div className="sm:col-span-2 lg:col-span-5">
        <Outcome state={state} />
      </div>
    </form>
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
