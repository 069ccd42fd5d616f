"use client";

import { useActionState } from "react";
import { Alert } from "@/app/_ui/feedback";
import { SubmitButton } from "@/app/_ui/submit";
import { regradeAction, type RegradeState } from "./actions";

/** The regrade button, asking first, and what it changed. */
export function RegradeForm({ quizId, labels, disabled }: { quizId: number; labels: { run: string; running: string; confirm: string; changes: string }; disabled: boolean }) {
  const [state, action] = useActionState<RegradeState, FormData>(regradeAction, {});
  return (
    <div className="space-y-3">
      <form
        action={action}
        onSubmit={(e) => {
          if (!window.confirm(labels.confirm)) e.preventDefault();
        }}
      >
        <input type="hidden" name="quizId" value={quizId} />
        {!disabled && <SubmitButton label={labels.run} pendingLabel={labels.running} />}
      </form>
      {state.error && <Alert tone="error">{state.error}</Alert>}
      {state.ok && (
        <Alert tone="success">
          <p>{state.ok}</p>
          {state.detail && <p className="mt-1">{state.detail}</p>}
          {state.changes && state.changes.length > 0 && (
            <details className="mt-2">
              <summary className="cursor-pointer font-medium">{labels.changes}</summary>
              <ul className="mt-1 max-h-60 overflow-auto text-sm">
                {state.changes.map((c) => (
                  <li key={c.attemptId}>
                    #{c.attemptId}: {c.before ?? "—"} → {c.after}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </Alert>
      )}
    </div>
  );
}
