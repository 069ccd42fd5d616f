"use client";

import { useState } from "react";
import { Alert } from "@/app/_ui/feedback";
import { PendingButton } from "../../../_components/pending-button";
import { useFormAction } from "../../../_components/use-form-action";
import type { ActionState } from "@/app/_lib/action";
import { saveAudienceAction } from "./actions";

export interface UnitChoice {
  id: number;
  name: string;
  path: string;
  depth: number;
}

/**
 * Units (a chosen unit covers the units below it, shown ticked and greyed) and jobs. Jobs reach
 * the whole area, so a trainer scoped to part of it sees them but cannot change them.
 */
export function AudienceForm({
  quizId,
  units,
  jobs,
  chosenUnits,
  chosenJobs,
  jobsLocked,
  disabled,
  labels,
}: {
  quizId: number;
  units: UnitChoice[];
  jobs: { id: number; name: string }[];
  chosenUnits: number[];
  chosenJobs: number[];
  jobsLocked: boolean;
  disabled: boolean;
  labels: { units: string; jobs: string; jobsScoped: string; save: string; saving: string };
}) {
  const { state, pending, onSubmit } = useFormAction<ActionState>(saveAudienceAction, { status: "idle" });
  const [picked, setPicked] = useState<Set<number>>(() => new Set(chosenUnits));
  const pickedPaths = units.filter((u) => picked.has(u.id)).map((u) => u.path);
  const covered = (u: UnitChoice) => pickedPaths.some((p) => p !== u.path && u.path.startsWith(p));
  const box = "flex min-h-10 items-center gap-2 rounded-md px-2 text-sm text-slate-800 hover:bg-slate-50";
  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <input type="hidden" name="quizId" value={quizId} />
      <fieldset disabled={disabled} className="grid gap-4 md:grid-cols-2">
        <fieldset className="rounded-md border border-slate-200 p-3">
          <legend className="px-1 text-sm font-medium text-slate-700">{labels.units}</legend>
          <ul className="max-h-[28rem] overflow-y-auto">
            {units.map((u) => {
              const under = covered(u);
              return (
                <li key={u.id} style={{ paddingLeft: `${u.depth * 1.1}rem` }}>
                  <label className={`${box} ${under ? "text-slate-500" : ""}`}>
                    <input
                      type="checkbox"
                      name="unit"
                      value={u.id}
                      className="size-5 accent-brand-600"
                      checked={picked.has(u.id) || under}
                      disabled={under}
                      onChange={(e) =>
                        setPicked((prev) => {
                          const next = new Set(prev);
                          if (e.target.checked) next.add(u.id);
                          else next.delete(u.id);
                          return next;
                        })
                      }
                    />
                    {u.name}
                  </label>
                </li>
              );
            })}
          </ul>
        </fieldset>
        <fieldset className="rounded-md border border-slate-200 p-3" disabled={jobsLocked}>
          <legend className="px-1 text-sm font-medium text-slate-700">{labels.jobs}</legend>
          {jobsLocked && <p className="mb-2 text-xs text-slate-500">{labels.jobsScoped}</p>}
          <ul className="max-h-[28rem] overflow-y-auto">
            {jobs.map((j) => (
              <li key={j.id}>
                <label className={box}>
                  <input type="checkbox" name="job" value={j.id} className="size-5 accent-brand-600" defaultChecked={chosenJobs.includes(j.id)} />
                  {j.name}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      </fieldset>
      {state.status === "error" && <Alert tone="error">{state.message}</Alert>}
      {state.status === "ok" && <Alert tone="success">{state.message}</Alert>}
      {!disabled && <PendingButton pending={pending} label={labels.save} pendingLabel={labels.saving} />}
    </form>
  );
}
