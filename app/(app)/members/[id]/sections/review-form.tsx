"use client";

import { useActionState } from "react";
import type { ActionState } from "@/app/_lib/action";
import { TextField } from "@/app/_ui/field";
import { Alert } from "@/app/_ui/feedback";
import { SubmitButton } from "@/app/_ui/submit";
import { recordReviewAction } from "../../actions";

export interface ReviewFormLabels {
  record: string;
  reviewedOn: string;
  hours: string;
  hoursHint: string;
  evidence: string;
  evidenceHint: string;
  testPassed: string;
  submit: string;
}

/** 记录复审: one certificate's review (its ids unique on a page with several certificates). */
export function ReviewForm({ memberId, certificateId, today, labels }: { memberId: number; certificateId: number; today: string; labels: ReviewFormLabels }) {
  const [state, action] = useActionState<ActionState, FormData>(recordReviewAction, { status: "idle" });
  const id = (f: string) => `review-${certificateId}-${f}`;
  // A refused review keeps what was typed.
  const v = state.status === "error" ? (state.values ?? {}) : {};
  return (
    <details className="mt-1" data-review-form={certificateId}>
      <summary className="cursor-pointer text-xs font-medium text-brand-700">{labels.record}</summary>
      <form action={action} className="mt-2 grid grid-cols-1 gap-2 sm:grid-cols-2">
        <input type="hidden" name="memberId" value={memberId} />
        <input type="hidden" name="certificateId" value={certificateId} />
        <TextField id={id("on")} label={labels.reviewedOn} name="reviewedOn" type="date" required max={today} defaultValue={v.reviewedOn ?? today} />
        <TextField
          id={id("hours")}
          label={labels.hours}
          name="hours"
          type="number"
          min={0}
          max={1000}
          step="0.01"
          inputMode="decimal"
          defaultValue={v.hours ?? ""}
          hint={labels.hoursHint}
        />
        <div className="sm:col-span-2">
          <TextField id={id("evidence")} label={labels.evidence} name="evidence" maxLength={200} defaultValue={v.evidence ?? ""} hint={labels.evidenceHint} />
        </div>
        <label htmlFor={id("test")} className="flex min-h-10 items-center gap-2 text-sm text-slate-800">
          <input
            id={id("test")}
            name="testPassed"
            type="checkbox"
            defaultChecked={v.testPassed === "on"}
            className="size-5 rounded border-slate-300 accent-brand-600"
          />
          {labels.testPassed}
        </label>
        <div className="flex items-end">
          <SubmitButton label={labels.submit} className="!min-h-9 text-sm" />
        </div>
        {state.status !== "idle" && (
          <div className="sm:col-span-2">
            <Alert tone={state.status === "ok" ? "success" : "error"}>{state.message}</Alert>
          </div>
        )}
      </form>
    </details>
  );
}
