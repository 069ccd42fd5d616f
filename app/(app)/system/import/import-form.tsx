"use client";

import { useActionState, useState } from "react";
import { importMembersAction, type ImportState } from "./actions";
import { FilePicker } from "@/app/_ui/file-picker";
import { TextField } from "@/app/_ui/field";
import { Alert } from "@/app/_ui/feedback";
import { SubmitButton } from "@/app/_ui/submit";

const LIMIT = 20 * 1024 * 1024;

export function ImportForm({ labels }: { labels: { file: string; choose: string; noFile: string; password: string; submit: string; pending: string; tooLarge: string; where: string; problem: string } }) {
  const [state, action] = useActionState<ImportState, FormData>(importMembersAction, {});
  const [tooLarge, setTooLarge] = useState<string | null>(null);
  return (
    <div className="space-y-4">
      <form action={action} className="space-y-4">
        <FilePicker
          label={labels.file}
          choose={labels.choose}
          noFile={labels.noFile}
          tooLarge={labels.tooLarge}
          accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
          limitBytes={LIMIT}
          resetKey={state}
          onTooLarge={setTooLarge}
        />
        <TextField label={labels.password} name="initialPassword" type="text" autoComplete="off" maxLength={128} />
        {tooLarge ? <Alert tone="error">{tooLarge}</Alert> : <SubmitButton label={labels.submit} pendingLabel={labels.pending} />}
      </form>
      {state.ok && <Alert tone="success">{state.ok}</Alert>}
      {state.error && <Alert tone="error">{state.error}</Alert>}
      {state.problems && state.problems.length > 0 && (
        <ol className="max-h-[28rem] divide-y divide-red-100 overflow-auto rounded-lg border border-red-200 bg-white text-sm" aria-label={labels.problem}>
          {state.problems.map((p, i) => (
            <li key={i} className="px-3 py-2 sm:flex sm:gap-4">
              <span className="block shrink-0 text-xs text-slate-600 sm:w-48 sm:text-sm">{p.where || "—"}</span>
              <span className="block text-slate-900">{p.message}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
