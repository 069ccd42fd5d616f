"use client";

import Link from "next/link";
import { useActionState, useState, useTransition } from "react";
import type { ActionState } from "@/app/_lib/action";
import { importQuestionsAction } from "./actions";
import { FilePicker } from "@/app/_ui/file-picker";
import { CheckboxField, TextField } from "@/app/_ui/field";
import { Alert } from "@/app/_ui/feedback";
import { ProblemList } from "@/app/_ui/problem-list";
import { SubmitButton } from "@/app/_ui/submit";
import { buttonClass } from "@/app/_ui/button";

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
  pictures: string;
  picturesHint: string;
  choosePictures: string;
  noPictures: string;
  preview: string;
  previewing: string;
  previewTitle: string;
  previewRow: string;
  previewPictures: string;
  previewNoPictures: string;
}

interface Preview {
  summary: string;
  rows: { row: number; stem: string; found: { name: string; thumb: string | null }[] }[];
  problems: { where: string; message: string }[];
}

export function ImportQuestionsForm({ labels, categories }: { labels: ImportLabels; categories: string[] }) {
  const [state, action] = useActionState<ActionState, FormData>(importQuestionsAction, { status: "idle" });
  const data = state.data as { detail?: string; skipped?: { where: string; message: string }[]; preview?: Preview } | undefined;
  const preview = data?.preview;
  const detail = data?.detail;
  const [tooLarge, setTooLarge] = useState<string | null>(null);
  const [zipTooLarge, setZipTooLarge] = useState<string | null>(null);
  const [previewing, startPreview] = useTransition();
  // A preview leaves the form as it is (the same files are then imported); an import resets it.
  const [resetKey, setResetKey] = useState<unknown>(state);
  if (!preview && resetKey !== state) setResetKey(state);
  const blocked = tooLarge ?? zipTooLarge;
  return (
    <div className="space-y-4">
      <form
        action={action}
        className="space-y-4"
        onSubmit={(e) => {
          const submitter = (e.nativeEvent as SubmitEvent).submitter;
          if (submitter?.getAttribute("value") !== "preview") return;
          // Sent by hand so that React does not reset the form: the files chosen stay chosen.
          e.preventDefault();
          const form = new FormData(e.currentTarget, submitter);
          startPreview(() => action(form));
        }}
      >
        <FilePicker
          label={labels.file}
          choose={labels.choose}
          noFile={labels.noFile}
          tooLarge={labels.tooLarge}
          accept=".xlsx,.csv,.xml,.txt,.gift,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/xml,text/xml,text/plain"
          limitBytes={LIMIT}
          resetKey={resetKey}
          onTooLarge={setTooLarge}
        />
        <FilePicker
          name="pictures"
          required={false}
          label={labels.pictures}
          hint={labels.picturesHint}
          choose={labels.choosePictures}
          noFile={labels.noPictures}
          tooLarge={labels.tooLarge}
          accept=".zip,application/zip,application/x-zip-compressed"
          limitBytes={LIMIT}
          resetKey={resetKey}
          onTooLarge={setZipTooLarge}
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
        {blocked ? (
          <Alert tone="error">{blocked}</Alert>
        ) : (
          <div className="flex flex-wrap gap-3">
            <button type="submit" name="mode" value="preview" disabled={previewing} aria-busy={previewing} className={buttonClass("secondary")}>
              {previewing ? labels.previewing : labels.preview}
            </button>
            <SubmitButton label={labels.submit} pendingLabel={labels.pending} />
          </div>
        )}
      </form>
      {preview && <PreviewList preview={preview} labels={labels} />}
      {state.status === "ok" && !preview && (
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

/** What an import would do, nothing written: the summary, the problems, and each row's pictures as found in the zip. */
function PreviewList({ preview, labels }: { preview: Preview; labels: ImportLabels }) {
  return (
    <section aria-label={labels.previewTitle} className="space-y-3 rounded-lg border border-slate-200 bg-slate-50 p-3">
      <h2 className="font-medium text-slate-900">{labels.previewTitle}</h2>
      <p data-testid="preview-summary">{preview.summary}</p>
      <ProblemList problems={preview.problems} label={labels.problem} />
      {preview.rows.length === 0 ? (
        <p className="text-sm text-slate-600">{labels.previewNoPictures}</p>
      ) : (
        <ul aria-label={labels.previewPictures} className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {preview.rows.map((r) => (
            <li key={r.row} data-row={r.row} className="space-y-2 px-3 py-2">
              <p className="text-sm">
                <span className="font-medium">{labels.previewRow.replace("{row}", String(r.row))}</span>
                <span className="ml-2 break-words text-slate-700">{r.stem}</span>
              </p>
              <ul className="flex flex-wrap gap-3">
                {r.found.map((f) => (
                  <li key={f.name} className="w-24 text-xs text-slate-600">
                    {f.thumb ? <img src={f.thumb} alt={f.name} className="h-24 w-24 rounded border border-slate-200 object-contain" /> : null}
                    <span className="block break-all">{f.name}</span>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
