"use client";

import { startTransition, useActionState, useRef, useState, type ReactNode } from "react";
import type { ActionState } from "@/app/_lib/action";
import type { PreviewLabels, PreviewView } from "@/app/_lib/import-preview";
import { buttonClass } from "./button";
import { Alert } from "./feedback";
import { FilePicker } from "./file-picker";
import { useFormat } from "./locale";
import { ProblemList } from "./problem-list";

const TONE: Record<PreviewView["rows"][number]["action"], string> = {
  create: "bg-emerald-50 text-emerald-800",
  update: "bg-sky-50 text-sky-800",
  refused: "bg-red-50 text-red-800",
  example: "bg-slate-100 text-slate-600",
  unchanged: "bg-slate-100 text-slate-600",
};

function previewOf(state: ActionState): PreviewView | null {
  const d = state.data as PreviewView | undefined;
  return state.status === "ok" && d?.kind === "preview" ? d : null;
}

/**
 * Every spreadsheet import's form: choose a file (and the import's own fields, `children`) →
 * 预览: a table of what each row will do, nothing written → 确认导入 sends the same file with the
 * preview's digest and the server checks it again before writing. The action is one of the
 * imports' actions (app/_lib/import-preview's confirmField).
 */
export function ImportPreviewForm({
  action,
  labels,
  accept = ".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv",
  limitBytes = 20 * 1024 * 1024,
  children,
}: {
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
  labels: PreviewLabels;
  accept?: string;
  limitBytes?: number;
  children?: ReactNode;
}) {
  const [state, dispatch, pending] = useActionState<ActionState, FormData>(action, { status: "idle" });
  const [tooLarge, setTooLarge] = useState<string | null>(null);
  const [written, setWritten] = useState(0);
  const sent = useRef<FormData | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const format = useFormat();
  const preview = previewOf(state);
  const [seen, setSeen] = useState(state);
  if (seen !== state) {
    setSeen(state);
    // After a write, the form starts again empty.
    if (state.status === "ok" && !preview) {
      formRef.current?.reset();
      setWritten((n) => n + 1);
    }
  }

  const run = (form: FormData) => startTransition(() => dispatch(form));
  return (
    <div className="space-y-4">
      <form
        ref={formRef}
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          form.delete("confirm");
          sent.current = form;
          run(form);
        }}
      >
        <FilePicker
          label={labels.file}
          choose={labels.choose}
          noFile={labels.noFile}
          tooLarge={labels.tooLarge}
          accept={accept}
          limitBytes={limitBytes}
          resetKey={written}
          onTooLarge={setTooLarge}
        />
        {children}
        {tooLarge ? (
          <Alert tone="error">{tooLarge}</Alert>
        ) : (
          <button type="submit" disabled={pending} aria-busy={pending} className={buttonClass(preview ? "secondary" : "primary")}>
            {pending && !preview ? labels.previewing : labels.preview}
          </button>
        )}
      </form>
      {state.status !== "idle" && !preview && <Alert tone={state.status === "ok" ? "success" : "error"}>{state.message}</Alert>}
      <ProblemList problems={state.problems} label={labels.problems} />
      {preview && (
        <section aria-labelledby="import-preview-title" className="space-y-3 rounded-lg border border-slate-200 bg-white p-3">
          <h2 id="import-preview-title" className="text-base font-semibold text-slate-900">
            {labels.title}
          </h2>
          <p className="text-sm text-slate-700" data-testid="preview-summary">
            {format(labels.summary, preview.counts)}
          </p>
          {preview.counts.unchanged > 0 && (
            <p className="text-sm text-slate-700" data-testid="preview-unchanged">
              {format(labels.unchangedSummary, preview.counts)}
            </p>
          )}
          {preview.fileProblems.length > 0 && (
            <Alert tone="error">
              <p className="font-medium">{labels.fileProblems}</p>
              <ul className="list-disc pl-5">
                {preview.fileProblems.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            </Alert>
          )}
          <div className="max-h-[32rem] overflow-auto rounded border border-slate-200">
            <table className="min-w-full divide-y divide-slate-200 text-sm">
              <thead className="sticky top-0 bg-slate-50">
                <tr>
                  <th scope="col" className="px-2 py-2 text-left font-medium text-slate-600">
                    {labels.row}
                  </th>
                  <th scope="col" className="px-2 py-2 text-left font-medium text-slate-600">
                    {labels.action}
                  </th>
                  {preview.columns.map((c) => (
                    <th key={c} scope="col" className="whitespace-nowrap px-2 py-2 text-left font-medium text-slate-600">
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {preview.rows.map((r) => (
                  <tr key={r.row} data-action={r.action}>
                    <td className="px-2 py-2 align-top tabular-nums text-slate-600">{r.row}</td>
                    <td className="px-2 py-2 align-top">
                      <span className={`inline-block whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium ${TONE[r.action]}`}>
                        {labels.actions[r.action]}
                      </span>
                      {r.reasons.length > 0 && (
                        <ul className="mt-1 min-w-48 space-y-0.5 text-xs text-red-700">
                          {r.reasons.map((m) => (
                            <li key={m}>{m}</li>
                          ))}
                        </ul>
                      )}
                    </td>
                    {r.cells.map((c, i) => (
                      <td key={preview.columns[i] ?? i} className="whitespace-nowrap px-2 py-2 align-top text-slate-800">
                        {c}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {preview.rows.length < preview.total && (
            <p className="text-xs text-slate-500">{format(labels.moreRows, { shown: preview.rows.length, total: preview.total })}</p>
          )}
          {preview.confirmable ? (
            <div className="flex flex-wrap gap-2">
              <button
                type="button"
                disabled={pending}
                aria-busy={pending}
                className={buttonClass("primary")}
                onClick={() => {
                  if (!sent.current) return;
                  const form = new FormData();
                  for (const [k, v] of sent.current.entries()) form.append(k, v);
                  form.set("confirm", preview.digest);
                  run(form);
                }}
              >
                {pending
                  ? labels.confirming
                  : preview.partial && preview.counts.refused > 0
                    ? format(labels.confirmSkipping, { refused: preview.counts.refused, count: preview.counts.create + preview.counts.update })
                    : labels.confirm}
              </button>
            </div>
          ) : (
            <Alert tone="error">{preview.counts.refused > 0 || preview.fileProblems.length > 0 ? labels.fixFirst : labels.nothingToImport}</Alert>
          )}
        </section>
      )}
    </div>
  );
}
