"use client";

import { Alert } from "@/app/_ui/feedback";
import { TextField } from "@/app/_ui/field";
import { PendingButton } from "../../../_components/pending-button";
import { useFormAction } from "../../../_components/use-form-action";
import { TextAreaField } from "../../../_components/textarea";
import type { ActionState } from "@/app/_lib/action";
import { gradeAnswerAction } from "../../actions";

export function GradeForm({
  attemptId,
  position,
  part,
  score,
  feedback,
  next,
  labels,
}: {
  attemptId: number;
  position: number;
  /** A group's essay part, by its number. */
  part: number | null;
  score: number | null;
  feedback: string;
  next: string | null;
  labels: { score: string; scoreHint: string; feedback: string; save: string; saveNext: string; saving: string };
}) {
  const { state, pending, onSubmit } = useFormAction<ActionState>(gradeAnswerAction, { status: "idle" });
  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <input type="hidden" name="attemptId" value={attemptId} />
      <input type="hidden" name="position" value={position} />
      {part !== null && <input type="hidden" name="part" value={part} />}
      <div className="max-w-48">
        <TextField
          label={labels.score}
          name="score"
          inputMode="decimal"
          required
          autoComplete="off"
          defaultValue={score === null ? "" : String(score)}
          hint={labels.scoreHint}
          error={state.fieldErrors?.score}
        />
      </div>
      <TextAreaField label={labels.feedback} name="feedback" rows={3} maxLength={2000} defaultValue={feedback} />
      {state.status === "error" && !state.fieldErrors?.score && <Alert tone="error">{state.message}</Alert>}
      {state.status === "ok" && <Alert tone="success">{state.message}</Alert>}
      <div className="flex flex-wrap gap-2">
        <PendingButton pending={pending} label={labels.save} pendingLabel={labels.saving} variant={next ? "secondary" : "primary"} />
        {next && <PendingButton pending={pending} name="next" value={next} label={labels.saveNext} pendingLabel={labels.saving} />}
      </div>
    </form>
  );
}
