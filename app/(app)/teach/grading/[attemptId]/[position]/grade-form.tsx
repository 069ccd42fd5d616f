"use client";

import { Alert } from "@/app/_ui/feedback";
import { TextField } from "@/app/_ui/field";
import { PendingButton } from "../../../_components/pending-button";
import { useFormAction } from "../../../_components/use-form-action";
import { TextAreaField } from "../../../_components/textarea";
import { gradeAnswerAction, type GradeState } from "../../actions";

export function GradeForm({
  attemptId,
  position,
  score,
  feedback,
  max,
  next,
  labels,
}: {
  attemptId: number;
  position: number;
  score: number | null;
  feedback: string;
  max: number;
  next: string | null;
  labels: { score: string; scoreHint: string; feedback: string; save: string; saveNext: string; saving: string };
}) {
  const { state, pending, onSubmit } = useFormAction<GradeState>(gradeAnswerAction, {});
  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <input type="hidden" name="attemptId" value={attemptId} />
      <input type="hidden" name="position" value={position} />
      <div className="max-w-48">
        <TextField label={labels.score} name="score" inputMode="decimal" required autoComplete="off" defaultValue={score === null ? "" : String(score)} hint={labels.scoreHint} error={state.fields?.score} />
      </div>
      <TextAreaField label={labels.feedback} name="feedback" rows={3} maxLength={2000} defaultValue={feedback} />
      {state.error && !state.fields && <Alert tone="error">{state.error}</Alert>}
      {state.ok && <Alert tone="success">{state.ok}</Alert>}
      <div className="flex flex-wrap gap-2">
        <PendingButton pending={pending} label={labels.save} pendingLabel={labels.saving} variant={next ? "secondary" : "primary"} />
        {next && <PendingButton pending={pending} name="next" value={next} label={labels.saveNext} pendingLabel={labels.saving} />}
      </div>
    </form>
  );
}

