"use client";

import Link from "next/link";
import { useActionState, useState } from "react";
import type { ActionState } from "@/app/_lib/action";
import { importQuestionsAction } from "./actions";
import { FilePicker } from "@/app/_ui/file-picker";
import { CheckboxField, TextField } from "@/app/_ui/field";
import { Alert } from "@/app/_ui/feedback";
import { ProblemList } from "@/app/_ui/problem-list";
import { SubmitButton } from "@/app/_ui/submit";

const LIMIT = 20 * 1024 * 1024;

export interface ImportLabels {
  file: string;
  choose: string;
  noFile: string;
  defaultCategory: string;
  defaultCategoryHint: string;
  submit: string;
  pending: string;
  tooLarge: string;
  where: string;
  problem: string;
  viewBank: string;
  importRest: string;
}

export function ImportQuestionsForm({ labels, categories }: { labels: ImportLabels; categories: string[] }) {
  const [state, action] = useActionState<ActionState, FormData>(importQuestionsAction, { status: "idle" });
  const data = state.data as { detail?: string; skipped?: { where: string; message: string }[] } | undefined;
  const detail = data?.detail;
  const [tooLarge, setTooLarge] = useState<string | null>(null);
  return (
    <div className="space-y-4">
      <form action={action} className="space-y-4">
        <FilePicker
          label={labels.file}
          choose={labels.choose}
          noFile={labels.noFile}
          tooLarge={labels.tooLarge}
          accept=".xlsx,.csv,.xml,.txt,.gift,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/xml,text/xml,text/plain"
          limitBytes={LIMIT}
          resetKey={state}
          onTooLarge={setTooLarge}
        />
        <TextField
          label={labels.defaultCategory}
          name="defaultCategory"
          hint={labels.defaultCategoryHint}
          list="import-categories"
          maxLength={300}
          autoComplete="off"
        />
        <datalist id="import-categories">
          {categories.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
        <CheckboxField label={labels.importRest} name="importRest" defaultChecked={state.values?.importRest === "on"} />
        {tooLarge ? <Alert tone="error">{tooLarge}</Alert> : <SubmitButton label={labels.submit} pendingLabel={labels.pending} />}
      </form>
      {state.status === "ok" && (
        <Alert tone="success">
          <p>{state.message}</p>
          {detail && <p className="mt-1 break-words">{detail}</p>}
          <Link href="/teach/bank" className="mt-2 inline-block font-medium underline">
            {labels.viewBank}
          </Link>
        </Alert>
      )}
      {state.status === "ok" && <ProblemList problems={data?.skipped} label={labels.problem} />}
      {state.status === "error" && <Alert tone="error">{state.message}</Alert>}
      <ProblemList problems={state.problems} label={labels.problem} />
    </div>
  );
}
