"use client";

import { useActionState } from "react";
import type { CaseFormOptions } from "@/lib/cases";
import { CREDIT_HOURS_DEFAULT, CREDIT_HOURS_MAX, DUE_DAYS_MAX, DUE_DAYS_MIN, PHOTO_MAX_BYTES, PHOTOS_MAX, QUESTIONS_MAX, TITLE_MAX } from "@/lib/cases/rules";
import type { Messages } from "@/lib/i18n";
import { formatMessage } from "@/lib/i18n/format";
import type { ActionState } from "@/app/_lib/action";
import { Alert } from "@/app/_ui/feedback";
import { controlClass, SelectField, TextField } from "@/app/_ui/field";
import { SubmitButton } from "@/app/_ui/submit";
import { publishCaseAction } from "./actions";

type Posted = Record<string, string[]>;
type State = ActionState & { posted?: Posted; seq: number };

function postedOf(form: FormData): Posted {
  const out: Posted = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !k.startsWith("$ACTION")) out[k] = [...(out[k] ?? []), v];
  return out;
}

/**
 * The create form: the lib validates; a refusal shows its message above the form and the form
 * keeps every value entered (questions ticked included; photos must be chosen again, as a
 * browser never refills a file field).
 */
export function CaseForm({
  m,
  types,
  options,
  locale,
}: {
  m: Messages["cases"]["teach"];
  /** The question types' names: each question offered shows its type (a case asks every type practice grades). */
  types: Messages["quizAdmin"]["types"];
  options: CaseFormOptions;
  locale: string;
}) {
  const [state, action] = useActionState<State, FormData>(
    async (prev, form) => ({ ...(await publishCaseAction(prev, form)), posted: postedOf(form), seq: prev.seq + 1 }),
    { status: "idle", seq: 0 },
  );
  const posted = state.status === "error" ? state.posted : undefined;
  const one = (name: string, fallback: string) => (posted ? (posted[name]?.[0] ?? "") : fallback);
  const ticked = posted?.questionIds ?? [];
  const f = (text: string, params: Record<string, number>) => formatMessage(text, params, locale);
  return (
    <form key={state.seq} action={action} className="space-y-4 rounded-lg border border-slate-200 bg-white p-4" data-testid="case-form">
      {state.status === "error" && state.message && <Alert tone="error">{state.message}</Alert>}
      <TextField label={f(m.titleField, { max: TITLE_MAX })} name="title" maxLength={TITLE_MAX} required defaultValue={one("title", "")} />
      <div className="space-y-1">
        <label htmlFor="body" className="block text-sm font-medium text-slate-700">
          {m.body}
        </label>
        <textarea id="body" name="body" rows={6} maxLength={5000} required className={controlClass} defaultValue={one("body", "")} />
      </div>
      <div className="space-y-1">
        <label htmlFor="photos" className="block text-sm font-medium text-slate-700">
          {f(m.photos, { max: PHOTOS_MAX, mb: PHOTO_MAX_BYTES / 1024 / 1024 })}
        </label>
        <input id="photos" name="photos" type="file" multiple accept="image/jpeg,image/png,image/webp" className="block w-full text-sm" />
      </div>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <SelectField
          label={m.job}
          name="jobId"
          required
          defaultValue={one("jobId", "")}
          options={[{ value: "", label: "—" }, ...options.jobs.map((j) => ({ value: String(j.id), label: j.name }))]}
        />
        <SelectField
          label={m.unit}
          name="orgUnitId"
          required
          defaultValue={one("orgUnitId", options.units[0] ? String(options.units[0].id) : "")}
          options={options.units.map((u) => ({ value: String(u.id), label: `${"　".repeat(u.depth)}${u.name}` }))}
        />
        <SelectField
          label={m.equipment}
          name="equipmentId"
          defaultValue={one("equipmentId", "")}
          options={[{ value: "", label: m.noEquipment }, ...options.equipment.map((e) => ({ value: String(e.id), label: `${e.name}（${e.code}）` }))]}
        />
        <TextField
          label={f(m.dueDays, { min: DUE_DAYS_MIN, max: DUE_DAYS_MAX })}
          name="dueDays"
          type="number"
          inputMode="numeric"
          min={DUE_DAYS_MIN}
          max={DUE_DAYS_MAX}
          required
          defaultValue={one("dueDays", "7")}
        />
        <TextField
          label={m.creditHours}
          name="creditHours"
          type="number"
          inputMode="decimal"
          min={0}
          max={CREDIT_HOURS_MAX}
          step="0.01"
          required
          defaultValue={one("creditHours", String(CREDIT_HOURS_DEFAULT))}
        />
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">{f(m.questions, { max: QUESTIONS_MAX })}</legend>
        {options.questions.length === 0 ? (
          <p className="text-sm text-slate-500">{m.noQuestions}</p>
        ) : (
          <div className="max-h-80 space-y-1 overflow-y-auto rounded border border-slate-200 p-2">
            {options.questions.map((q) => (
              <label key={q.id} className="flex min-h-10 items-start gap-2 text-sm text-slate-800">
                <input
                  type="checkbox"
                  name="questionIds"
                  value={q.id}
                  defaultChecked={ticked.includes(String(q.id))}
                  className="mt-0.5 size-5 shrink-0 rounded border-slate-300 accent-brand-600"
                />
                <span className="min-w-0 break-words">
                  #{q.id}{" "}
                  <span className="rounded bg-slate-100 px-1 text-xs text-slate-600" data-testid="case-question-type">
                    {types[q.type as keyof typeof types] ?? q.type}
                  </span>{" "}
                  {q.stem.length > 80 ? `${q.stem.slice(0, 80)}…` : q.stem}
                </span>
              </label>
            ))}
          </div>
        )}
      </fieldset>
      <SubmitButton label={m.publish} className="min-h-12 w-full sm:w-auto" />
    </form>
  );
}
