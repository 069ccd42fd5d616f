import type { EquipmentRow, FormOptions } from "@/lib/equipment";
import { CLIP_MAX_S, EQUIPMENT_KINDS, SCAN_QUESTIONS } from "@/lib/equipment/rules";
import type { Translate } from "@/lib/i18n";
import { formatDuration } from "@/lib/video/format";
import { buttonClass } from "@/app/_ui/button";
import { controlClass, SelectField, TextField } from "@/app/_ui/field";
import { saveEquipmentAction } from "./actions";

/** One select per question a scan shows. */
const QUESTION_SLOTS = Array.from({ length: SCAN_QUESTIONS }, (_, i) => i);

/**
 * The registry form (a plain form post: the lib validates and a refusal comes back as a message).
 * Questions: a category open for practice, or three picked questions — one of the two.
 */
export function EquipmentForm({ t, options, row }: { t: Translate; options: FormOptions; row: EquipmentRow | null }) {
  return (
    <form action={saveEquipmentAction} className="space-y-4 rounded-lg border border-slate-200 bg-white p-4" data-testid="equipment-form">
      <input type="hidden" name="id" value={row?.id ?? ""} />
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <TextField label={t("equipment.name")} name="name" maxLength={100} required defaultValue={row?.name} />
        <SelectField
          label={t("equipment.kind")}
          name="kind"
          defaultValue={row?.kind ?? "pump"}
          options={EQUIPMENT_KINDS.map((k) => ({ value: k, label: t(`equipment.kinds.${k}`) }))}
        />
        <SelectField
          label={t("equipment.station")}
          name="stationId"
          required
          defaultValue={row ? String(row.stationId) : ""}
          options={[
            { value: "", label: t("equipment.choose") },
            ...options.stations.map((s) => ({ value: String(s.id), label: s.teamName ? `${s.teamName} · ${s.name}` : s.name })),
          ]}
        />
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">{t("equipment.jobs")}</legend>
        <p className="text-xs text-slate-500">{t("equipment.jobsHint")}</p>
        <div className="grid grid-cols-1 gap-1 sm:grid-cols-3">
          {options.jobs.map((j) => (
            <label key={j.id} className="flex min-h-10 items-center gap-2 text-sm text-slate-800">
              <input
                type="checkbox"
                name="jobIds"
                value={j.id}
                defaultChecked={row?.jobIds.includes(j.id)}
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
            label={t("equipment.lesson")}
            name="lessonId"
            required
            hint={t("equipment.lessonHint")}
            defaultValue={row ? String(row.lessonId) : ""}
            options={[
              { value: "", label: t("equipment.choose") },
              ...options.lessons.map((l) => ({ value: String(l.id), label: `${l.title}（${formatDuration(l.durationS)}）` })),
            ]}
          />
        </div>
        <TextField label={t("equipment.clipStart")} name="clipStartS" type="number" min={0} step={1} inputMode="numeric" defaultValue={row?.clipStartS ?? ""} />
        <TextField
          label={t("equipment.clipEnd")}
          name="clipEndS"
          type="number"
          min={1}
          step={1}
          inputMode="numeric"
          defaultValue={row?.clipEndS ?? ""}
          hint={`≤ ${CLIP_MAX_S}`}
        />
      </div>
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-slate-700">{t("equipment.questionsLegend")}</legend>
        <p className="text-xs text-slate-500">{t("equipment.questionsHint")}</p>
        <SelectField
          label={t("equipment.category")}
          name="practiceCategoryId"
          defaultValue={row?.practiceCategoryId ? String(row.practiceCategoryId) : ""}
          options={[{ value: "", label: t("equipment.categoryNone") }, ...options.categories.map((c) => ({ value: String(c.id), label: c.name }))]}
        />
        <div className="grid grid-cols-1 gap-3">
          {QUESTION_SLOTS.map((i) => (
            <div key={`slot-${i}`} className="space-y-1">
              <label htmlFor={`question-${i}`} className="block text-sm font-medium text-slate-700">
                {t("equipment.question", { n: i + 1 })}
              </label>
              <select id={`question-${i}`} name="questionIds" defaultValue={row?.questionIds[i] ? String(row.questionIds[i]) : ""} className={controlClass}>
                <option value="">{t("equipment.questionNone")}</option>
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
      <button type="submit" className={buttonClass("primary", "min-h-11")}>
        {t("equipment.save")}
      </button>
    </form>
  );
}
