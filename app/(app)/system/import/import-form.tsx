"use client";

import { useActionState, useState } from "react";
import type { ActionState } from "@/app/_lib/action";
import { importMembersAction } from "./actions";
import { FilePicker } from "@/app/_ui/file-picker";
import { TextField } from "@/app/_ui/field";
import { Alert } from "@/app/_ui/feedback";
import { ProblemList } from "@/app/_ui/problem-list";
import { SubmitButton } from "@/app/_ui/submit";

const LIMIT = 20 * 1024 * 1024;

export function ImportForm({
  labels,
}: {
  labels: { file: string; choose: string; noFile: string; password: string; submit: string; pending: string; tooLarge: string; where: string; problem: string };
}) {
  const [state, action] = useActionState<ActionState, FormData>(importMembersAction, { status: "idle" });
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
      {state.status !== "idle" && <Alert tone={state.status === "ok" ? "success" : "error"}>{state.message}</Alert>}
      <ProblemList problems={state.problems} label={labels.problem} />
    </div>
  );
}
