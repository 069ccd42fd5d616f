"use client";

import { useActionState } from "react";
import type { ActionState } from "@/app/_lib/action";
import { TextField } from "@/app/_ui/field";
import { Alert } from "@/app/_ui/feedback";
import { SubmitButton } from "@/app/_ui/submit";
import { signInductionAction } from "../../actions";

export interface InductionFormLabels {
  signedOn: string;
  content: string;
  submit: string;
}

/** 签认本级: one induction level's sign-off (ids unique per level on the page); a refusal keeps what was typed. */
export function InductionSignForm({
  memberId,
  recordId,
  today,
  content,
  labels,
}: {
  memberId: number;
  recordId: number;
  today: string;
  content: string;
  labels: InductionFormLabels;
}) {
  const [state, action] = useActionState<ActionState, FormData>(signInductionAction, { status: "idle" });
  const id = (f: string) => `induction-${recordId}-${f}`;
  const v = state.status === "error" ? (state.values ?? {}) : {};
  return (
    <form action={action} className="mt-2 grid grid-cols-1 gap-2 sm:grid-cols-2" data-induction-form={recordId}>
      <input type="hidden" name="memberId" value={memberId} />
      <input type="hidden" name="recordId" value={recordId} />
      <TextField id={id("on")} label={labels.signedOn} name="signedOn" type="date" required max={today} defaultValue={v.signedOn ?? today} />
      <div className="sm:col-span-2">
        <TextField id={id("content")} label={labels.content} name="content" maxLength={500} defaultValue={v.content ?? content} />
      </div>
      <div className="flex items-end">
        <SubmitButton label={labels.submit} className="!min-h-9 text-sm" />
      </div>
      {state.status !== "idle" && (
        <div className="sm:col-span-2">
          <Alert tone={state.status === "ok" ? "success" : "error"}>{state.message}</Alert>
        </div>
      )}
    </form>
  );
}
