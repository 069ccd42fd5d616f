"use client";

import { useActionState } from "react";
import { Alert } from "@/app/_ui/feedback";
import { SubmitButton } from "@/app/_ui/submit";
import type { ActionState } from "@/app/_lib/action";
import { regradeAction } from "./actions";

type Regraded = { detail?: string; changes?: { attemptId: number; before: number | null; after: number }[] };

/** The regrade button, asking first, and what it changed. */
export function RegradeForm({
  quizId,
  labels,
  disabled,
}: {
  quizId: number;
  labels: { run: string; running: string; confirm: string; changes: string };
  disabled: boolean;
}) {
  const [state, action] = useActionState<ActionState, FormData>(regradeAction, { status: "idle" });
  const data = (state.data ?? {}) as Regraded;
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
      {state.status === "error" && <Alert tone="error">{state.message}</Alert>}
      {state.status === "ok" && (
        <Alert tone="success">
          <p>{state.message}</p>
          {data.detail && <p className="mt-1">{data.detail}</p>}
          {data.changes && data.changes.length > 0 && (
            <details className="mt-2">
              <summary className="cursor-pointer font-medium">{labels.changes}</summary>
              <ul className="mt-1 max-h-60 overflow-auto text-sm">
                {data.changes.map((c) => (
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
