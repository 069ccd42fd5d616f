"use client";

import { useActionState } from "react";
import type { ActionState } from "@/app/_lib/action";
import { Alert } from "@/app/_ui/feedback";
import { SubmitButton } from "@/app/_ui/submit";
import { importResultsAction } from "../actions";

/** The results import: every problem listed with its row and column, nothing stored when any. */
export function ImportResultsForm({ contestId, labels }: { contestId: number; labels: { file: string; submit: string; where: string; problem: string } }) {
  const [state, action] = useActionState<ActionState, FormData>(importResultsAction, { status: "idle" });
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="contestId" value={contestId} />
      <div className="space-y-1">
        <label htmlFor="file" className="block text-sm font-medium text-slate-700">
          {labels.file}
        </label>
        <input id="file" name="file" type="file" required accept=".xlsx,.csv" className="block w-full text-sm" />
      </div>
      <SubmitButton label={labels.submit} />
      {state.status === "ok" && state.message && <Alert tone="success">{state.message}</Alert>}
      {state.status === "error" && (
        <Alert tone="error">
          <p>{state.message}</p>
          {state.problems && state.problems.length > 0 && (
            <ul className="mt-2 list-disc space-y-1 pl-5">
              {state.problems.map((p) => (
                <li key={`${p.where}\u0000${p.message}`}>
                  {p.where && <span className="font-medium">{p.where}：</span>}
                  {p.message}
                </li>
              ))}
            </ul>
          )}
        </Alert>
      )}
    </form>
  );
}
