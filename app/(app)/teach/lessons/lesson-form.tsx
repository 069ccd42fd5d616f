import type { Translate } from "@/lib/i18n";
import { SelectField, TextField } from "@/app/_ui/field";
import { getSpecialties } from "@/app/_lib/specialties";
import { SubmitButton } from "@/app/_ui/submit";
import { TextAreaField } from "../_components/textarea";

/** Title, description, specialty and the share to watch; a plain form post. */
export async function LessonForm({
  t,
  action,
  values,
  id,
}: {
  t: Translate;
  action: (f: FormData) => Promise<void>;
  values?: { title: string; description: string; specialty: string | null; requiredRatio: number };
  id?: number;
}) {
  const sp = await getSpecialties();
  return (
    <form action={action} className="space-y-4">
      {id && <input type="hidden" name="id" value={id} />}
      <TextField label={t("video.lessons.lessonTitle")} name="title" required maxLength={200} defaultValue={values?.title ?? ""} />
      <TextAreaField label={t("video.lessons.description")} name="description" rows={4} maxLength={4000} defaultValue={values?.description ?? ""} />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField label={t("video.lessons.specialty")} name="specialty" defaultValue={values?.specialty ?? ""} options={sp.optional(t, values?.specialty)} />
        <TextField
          label={t("video.lessons.requiredPercent")}
          name="requiredPercent"
          type="number"
          min={10}
          max={100}
          step={1}
          required
          hint={t("video.lessons.requiredPercentHint")}
          defaultValue={values ? Math.round(values.requiredRatio * 100) : 90}
        />
      </div>
      <SubmitButton label={id ? t("common.save") : t("common.create")} />
    </form>
  );
}
