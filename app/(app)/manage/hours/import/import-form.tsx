"use client";

import { useActionState, useState } from "react";
import type { ActionState } from "@/app/_lib/action";
import { Alert, Badge } from "@/app/_ui/feedback";
import { FilePicker } from "@/app/_ui/file-picker";
import { useFormat } from "@/app/_ui/locale";
import { ProblemList } from "@/app/_ui/problem-list";
import { SubmitButton } from "@/app/_ui/submit";
import { confirmHoursImportAction, previewHoursImportAction } from "./actions";

const LIMIT = 20 * 1024 * 1024;

interface Preview {
  count: number;
  confirm: string;
  rows: { row: number; employeeNo: string; name: string; memberId: number | null; status: "ok" | "refused" | "skipped"; detail: string }[];
}

const TONE = { ok: "success", refused: "danger", skipped: "neutral" } as const;

export function HoursImportForm({
  labels,
}: {
  labels: {
    file: string;
    choose: string;
    noFile: string;
    tooLarge: string;
    preview: string;
    previewing: string;
    confirm: string;
    confirming: string;
    row: string;
    member: string;
    status: string;
    detail: string;
    statuses: Record<"ok" | "refused" | "skipped", string>;
    problem: string;
  };
}) {
  const format = useFormat();
  const [state, preview] = useActionState<ActionState, FormData>(previewHoursImportAction, { status: "idle" });
  const [done, confirm] = useActionState<ActionState, FormData>(confirmHoursImportAction, { status: "idle" });
  const [tooLarge, setTooLarge] = useState<string | null>(null);
  const p = state.status === "ok" ? (state.data as Preview) : null;
  const confirmed = done.status === "ok";
  return (
    <div className="space-y-4">
      <form action={preview} className="space-y-3 rounded-lg border border-slate-200 bg-white p-3">
        <FilePicker
          label={labels.file}
          choose={labels.choose}
          noFile={labels.noFile}
          tooLarge={labels.tooLarge}
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          limitBytes={LIMIT}
          resetKey={state}
          onTooLarge={setTooLarge}
        />
        {tooLarge ? <Alert tone="error">{tooLarge}</Alert> : <SubmitButton label={labels.preview} pendingLabel={labels.previewing} />}
      </form>
      {state.status !== "idle" && <Alert tone={state.status === "ok" ? "info" : "error"}>{state.message}</Alert>}
      {p && (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full text-sm" aria-label={labels.status}>
            <thead className="bg-slate-50 text-left text-xs text-slate-600">
              <tr>
                <th className="px-3 py-2">{labels.row}</th>
                <th className="px-3 py-2">{labels.member}</th>
                <th className="px-3 py-2">{labels.status}</th>
                <th className="px-3 py-2">{labels.detail}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {p.rows.map((r) => (
                <tr key={r.row} data-status={r.status} className={r.status === "refused" ? "bg-red-50" : undefined}>
                  <td className="px-3 py-2 tabular-nums">{r.row}</td>
                  <td className="px-3 py-2">
                    <span className="font-mono">{r.employeeNo}</span>{" "}
                    {r.memberId ? (
                      <a className="text-brand-700 hover:underline" href={`/members/${r.memberId}#hours`}>
                        {r.name}
                      </a>
                    ) : (
                      r.name
                    )}
                  </td>
                  <td className="whitespace-nowrap px-3 py-2">
                    <Badge tone={TONE[r.status]}>{labels.statuses[r.status]}</Badge>
                  </td>
                  <td className={`px-3 py-2 ${r.status === "refused" ? "text-red-700" : "text-slate-700"}`}>{r.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {p && p.count > 0 && !confirmed && (
        <form action={confirm}>
          <input type="hidden" name="rows" value={p.confirm} />
          <SubmitButton label={format(labels.confirm, { count: p.count })} pendingLabel={labels.confirming} />
        </form>
      )}
      {done.status !== "idle" && <Alert tone={confirmed ? "success" : "error"}>{done.message}</Alert>}
      <ProblemList problems={done.problems} label={labels.problem} />
    </div>
  );
}
