"use client";

import { Alert } from "@/app/_ui/feedback";
import { TextField } from "@/app/_ui/field";
import { PendingButton } from "../../../_components/pending-button";
import { useFormAction } from "../../../_components/use-form-action";
import type { ActionState } from "@/app/_lib/action";
import { saveOverrideAction } from "./actions";

export function OverrideForm({
  quizId,
  labels,
}: {
  quizId: number;
  labels: { employeeNo: string; extraMinutes: string; extraAttempts: string; save: string; saving: string };
}) {
  const { state, pending, onSubmit } = useFormAction<ActionState>(saveOverrideAction, { status: "idle" });
  return (
    <form onSubmit={onSubmit} className="space-y-3">
      <input type="hidden" name="quizId" value={quizId} />
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-[1fr_1fr_1fr_auto]">
        <div className="col-span-2 sm:col-span-1">
          <TextField label={labels.employeeNo} name="employeeNo" required maxLength={32} autoComplete="off" error={state.fieldErrors?.employeeNo} />
        </div>
        <TextField label={labels.extraMinutes} name="extraMinutes" inputMode="numeric" defaultValue="0" error={state.fieldErrors?.extraMinutes} />
        <TextField label={labels.extraAttempts} name="extraAttempts" inputMode="numeric" defaultValue="0" error={state.fieldErrors?.extraAttempts} />
        <div className="col-span-2 flex items-end sm:col-span-1">
          <PendingButton pending={pending} label={labels.save} pendingLabel={labels.saving} />
        </div>
      </div>
      {state.status === "error" && <Alert tone="error">{state.message}</Alert>}
      {state.status === "ok" && <Alert tone="success">{state.message}</Alert>}
    </form>
  );
}
