import type { Translate } from "@/lib/i18n";
import { SelectField, TextField } from "@/app/_ui/field";
import { getSpecialties } from "@/app/_lib/specialties";
import { SubmitButton } from "@/app/_ui/submit";
import { TextAreaField } from "../_components/textarea";

export async function CourseForm({
  t,
  action,
  values,
  id,
}: {
  t: Translate;
  action: (f: FormData) => Promise<void>;
  values?: { title: string; specialty: string | null; description: string };
  id?: number;
}) {
  const sp = await getSpecialties();
  return (
    <form action={action} className="space-y-4">
      {id && <input type="hidden" name="id" value={id} />}
      <TextField label={t("video.courses.courseTitle")} name="title" required maxLength={200} defaultValue={values?.title ?? ""} />
      <SelectField label={t("video.courses.specialty")} name="specialty" defaultValue={values?.specialty ?? ""} options={sp.optional(t, values?.specialty)} />
      <TextAreaField label={t("video.courses.description")} name="description" rows={4} maxLength={4000} defaultValue={values?.description ?? ""} />
      <SubmitButton label={id ? t("common.save") : t("common.create")} />
    </form>
  );
}
