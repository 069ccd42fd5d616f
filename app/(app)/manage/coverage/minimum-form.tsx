"use client";

import { useActionState } from "react";
import type { ActionState } from "@/app/_lib/action";
import { setMinimumAction } from "./actions";
import { SelectField, TextField } from "@/app/_ui/field";
import { Alert } from "@/app/_ui/feedback";
import { SubmitButton } from "@/app/_ui/submit";

export function MinimumForm({
  stations,
  jobs,
  labels,
}: {
  stations: { value: string; label: string }[];
  jobs: { value: string; label: string }[];
  labels: { station: string; job: string; min: string; minHint: string; submit: string };
}) {
  const [state, action] = useActionState<ActionState, FormData>(setMinimumAction, { status: "idle" });
  return (
    <form action={action} className="grid grid-cols-1 gap-3 sm:grid-cols-4">
      <SelectField label={labels.station} name="orgUnitId" options={stations} />
      <SelectField label={labels.job} name="jobId" options={jobs} />
      <TextField label={labels.min} name="minQualified" type="number" min={0} max={10000} required hint={labels.minHint} />
      <div className="flex items-end">
        <SubmitButton label={labels.submit} />
      </div>
      <div className="sm:col-span-4">{state.status !== "idle" && <Alert tone={state.status === "ok" ? "success" : "error"}>{state.message}</Alert>}</div>
    </form>
  );
}
