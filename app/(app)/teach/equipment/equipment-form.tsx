"use client";

import { useActionState } from "react";
import type { EquipmentRow, FormOptions } from "@/lib/equipment";
import { CLIP_MAX_S, EQUIPMENT_KINDS, SCAN_QUESTIONS } from "@/lib/equipment/rules";
import type { Messages } from "@/lib/i18n";
import { formatDuration } from "@/lib/video/format";
import type { ActionState } from "@/app/_lib/action";
import { Alert } from "@/app/_ui/feedback";
import { controlClass, SelectField, TextField } from "@/app/_ui/field";
import { useFormat } from "@/app/_ui/locale";
import { SubmitButton } from "@/app/_ui/submit";
import { saveEquipmentAction } from "./actions";

/** One select per question a scan shows. */
const QUESTION_SLOTS = Array.from({ length: SCAN_QUESTIONS }, (_, i) => i);

/** What was posted, every value of a repeated field (the jobs ticked, the questions picked) included. */
type Posted = Record<string, string[]>;
type State = ActionState & { posted?: Posted; seq: number };

function postedOf(form: FormData): Posted {
  const out: Posted = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !k.startsWith("$ACTION")) out[k] = [...(out[k] ?? []), v];
  return out;
}

/**
 * The registry form. The lib validates; a refusal shows its message above the form, and the form
 * keeps everything that was entered (the fields are refilled from what was posted, repeated ones
 * too). Questions: a category open for practice, or three picked questions — one of the two.
 */
export function EquipmentForm({ m, options, row }: { m: Messages["equipment"]; options: FormOptions; row: EquipmentRow | null }) {
  const format = useFormat();
  const [state, action] = useActionState<State, FormData>(
    async (prev, form) => ({ ...(await saveEquipmentAction(prev, form)), posted: postedOf(form), seq: prev.seq + 1 }),
    { status: "idle", seq: 0 },
  );
  const posted = state.status === "error" ? state.posted : undefined;
  const one = (name: string, saved: string): string => (posted ? (posted[name]?.[0] ?? "") : saved);
  const many = (name: string, saved: string[]): string[] => (posted ? (posted[name] ?? []) : saved);
  const jobIds = many("jobIds", (row?.jobIds ?? []).map(String));
  const questionIds = many("questionIds", (row?.questionIds ?? []).map(String));
  // A remount after each refusal makes the fields take the posted values as their defaults.
  return (
    <form key={state.seq} action={action} className="space-y-4 rounded-lg border border-slate-200 bg-white p-4" data-testid="equipment-form">
      {state.status === "error" && state.message && <Alert tone="error">{state.message}</Alert>}
      <input type="hidden" name="id" value={row?.id ?? ""} />
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <TextField label={m.name} name="name" maxLength={100} required defaultValue={one("name", row?.name ?? "")} />
        <SelectField
          label={m.kind}
          name="kind"
          defaultValue={one("kind", row?.kind ?? "pump")}
          options={EQUIPMENT_KINDS.map((k) => ({ value: k, label: m.kinds[k] }))}
        />
        <SelectField
          label={m.station}
          name="stationId"
          required
          defaultValue={one("stationId", row ? String(row.stationId) : "")}
          options={[
            { value: "", label: m.choose },
            ...options.stations.map((s) => ({ value: String(s.id), label: s.teamName ? `${s.teamName} · ${s.name}` : s.name })),
          ]}
        />
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">{m.jobs}</legend>
        <p className="text-xs text-slate-500">{m.jobsHint}</p>
        <div className="grid grid-cols-1 gap-1 sm:grid-cols-3">
          {options.jobs.map((j) => (
            <label key={j.id} className="flex min-h-10 items-center gap-2 text-sm text-slate-800">
              <input
                type="checkbox"
                name="jobIds"
                value={j.id}
                defaultChecked={jobIds.includes(String(j.id))}
                className="size-5 rounded border-slate-300 accent-brand-600"
              />
              {j.name}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        <div className="sm:col-span-3">
          <SelectField
            label={m.lesson}
            name="lessonId"
            required
            hint={m.lessonHint}
            defaultValue={one("lessonId", row ? String(row.lessonId) : "")}
            options={[
              { value: "", label: m.choose },
              ...options.lessons.map((l) => ({ value: String(l.id), label: `${l.title}（${formatDuration(l.durationS)}）` })),
            ]}
          />
        </div>
        <TextField
          label={m.clipStart}
          name="clipStartS"
          type="number"
          min={0}
          step={1}
          inputMode="numeric"
          defaultValue={one("clipStartS", row?.clipStartS == null ? "" : String(row.clipStartS))}
        />
        <TextField
          label={m.clipEnd}
          name="clipEndS"
          type="number"
          min={1}
          step={1}
          inputMode="numeric"
          defaultValue={one("clipEndS", row?.clipEndS == null ? "" : String(row.clipEndS))}
          hint={`≤ ${CLIP_MAX_S}`}
        />
      </div>
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-slate-700">{m.questionsLegend}</legend>
        <p className="text-xs text-slate-500">{m.questionsHint}</p>
        <SelectField
          label={m.category}
          name="practiceCategoryId"
          defaultValue={one("practiceCategoryId", row?.practiceCategoryId ? String(row.practiceCategoryId) : "")}
          options={[{ value: "", label: m.categoryNone }, ...options.categories.map((c) => ({ value: String(c.id), label: c.name }))]}
        />
        <div className="grid grid-cols-1 gap-3">
          {QUESTION_SLOTS.map((i) => (
            <div key={`slot-${i}`} className="space-y-1">
              <label htmlFor={`question-${i}`} className="block text-sm font-medium text-slate-700">
                {format(m.question, { n: i + 1 })}
              </label>
              <select id={`question-${i}`} name="questionIds" defaultValue={questionIds[i] ?? ""} className={controlClass}>
                <option value="">{m.questionNone}</option>
                {options.questions.map((q) => (
                  <option key={q.id} value={q.id}>
                    {q.category} · {q.stem}
                  </option>
                ))}
              </select>
            </div>
          ))}
        </div>
      </fieldset>
      <SubmitButton label={m.save} />
    </form>
  );
}
