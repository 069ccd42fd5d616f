"use client";

import { useActionState, useState } from "react";
import type { ActionState } from "@/app/_lib/action";
import { Alert } from "@/app/_ui/feedback";
import { SelectField, TextField } from "@/app/_ui/field";
import { SubmitButton } from "@/app/_ui/submit";
import { saveLineAction } from "../actions";

type Option = { value: string; label: string };

export interface LineFormLabels {
  topic: string;
  category: string;
  audienceUnits: string;
  audienceJobs: string;
  month: string;
  hours: string;
  budget: string;
  delivery: string;
  notes: string;
  save: string;
}

/** A line as saved, to edit it (the form's fields as text). */
export interface LineValues {
  id: number;
  topic: string;
  category: string;
  month: string;
  plannedHours: string;
  budget: string;
  item: string;
  notes: string;
  audienceUnitIds: string[];
  audienceJobIds: string[];
}

/**
 * Adds a line to a plan, or (with `line`) changes that line. A refused post shows what was typed
 * (the audience too), with the message next to each field.
 */
export function LineForm({
  planId,
  categories,
  months,
  units,
  jobs,
  items,
  labels,
  line,
}: {
  planId: number;
  categories: Option[];
  months: Option[];
  units: Option[];
  jobs: Option[];
  items: Option[];
  labels: LineFormLabels;
  line?: LineValues;
}) {
  const [state, action] = useActionState<ActionState, FormData>(saveLineAction, { status: "idle" });
  // The audience lives outside the keyed form, so it survives a refused post as it was ticked.
  const [pickedUnits, setUnits] = useState<Set<string>>(new Set(line?.audienceUnitIds ?? []));
  const [pickedJobs, setJobs] = useState<Set<string>>(new Set(line?.audienceJobIds ?? []));
  const typed = state.status === "error" ? (state.values ?? {}) : {};
  const saved: Record<string, string | undefined> = line
    ? {
        topic: line.topic,
        category: line.category,
        month: line.month,
        plannedHours: line.plannedHours,
        budget: line.budget,
        item: line.item,
        notes: line.notes,
      }
    : {};
  const v: Record<string, string | undefined> = { ...saved, ...typed };
  const err = (k: string) => state.fieldErrors?.[k];
  const toggle = (set: Set<string>, value: string, to: (s: Set<string>) => void) => {
    const next = new Set(set);
    if (next.has(value)) next.delete(value);
    else next.add(value);
    to(next);
  };
  const boxes = (name: string, legend: string, options: Option[], picked: Set<string>, to: (s: Set<string>) => void) => (
    <fieldset className="min-w-0">
      <legend className="mb-1 text-sm font-medium text-slate-700">{legend}</legend>
      {err(name) && <p className="text-sm text-red-700">{err(name)}</p>}
      <div className="flex max-h-40 flex-wrap gap-x-4 gap-y-1 overflow-y-auto rounded-md border border-slate-200 p-2">
        {options.map((o) => (
          <label key={o.value} className="flex min-h-10 items-center gap-2 text-sm text-slate-800">
            <input
              type="checkbox"
              name={`${name}[]`}
              value={o.value}
              checked={picked.has(o.value)}
              onChange={() => toggle(picked, o.value, to)}
              className="size-5 rounded border-slate-300 accent-brand-600"
            />
            {o.label.trim()}
          </label>
        ))}
      </div>
    </fieldset>
  );
  return (
    <form
      key={JSON.stringify(state.status === "error" ? (state.values ?? null) : state)}
      action={action}
      className="space-y-3"
      data-testid={line ? `plan-line-edit-${line.id}` : "plan-line-form"}
    >
      <input type="hidden" name="planId" value={planId} />
      {line && <input type="hidden" name="lineId" value={line.id} />}
      {state.status !== "idle" && state.message && <Alert tone={state.status === "ok" ? "success" : "error"}>{state.message}</Alert>}
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <div className="sm:col-span-2">
          <TextField label={labels.topic} name="topic" required maxLength={100} defaultValue={v.topic} error={err("topic")} autoComplete="off" />
        </div>
        <SelectField label={labels.category} name="category" defaultValue={v.category ?? "safety"} options={categories} error={err("category")} />
        <SelectField label={labels.month} name="month" defaultValue={v.month} options={months} error={err("month")} />
        <TextField
          label={labels.hours}
          name="plannedHours"
          inputMode="decimal"
          required
          defaultValue={v.plannedHours}
          error={err("plannedHours")}
          autoComplete="off"
        />
        <TextField label={labels.budget} name="budget" inputMode="decimal" defaultValue={v.budget} error={err("budget")} autoComplete="off" />
        <div className="sm:col-span-2">
          <SelectField label={labels.delivery} name="item" defaultValue={v.item} options={items} error={err("item")} />
        </div>
        <div className="sm:col-span-2">{boxes("audienceUnitIds", labels.audienceUnits, units, pickedUnits, setUnits)}</div>
        <div className="sm:col-span-2">{boxes("audienceJobIds", labels.audienceJobs, jobs, pickedJobs, setJobs)}</div>
        <div className="sm:col-span-2">
          <TextField label={labels.notes} name="notes" maxLength={500} defaultValue={v.notes} error={err("notes")} autoComplete="off" />
        </div>
      </div>
      <SubmitButton label={labels.save} />
    </form>
  );
}
