import type { Translate } from "@/lib/i18n";
import { getSpecialties } from "@/app/_lib/specialties";
import { SelectField, TextField, controlClass } from "@/app/_ui/field";
import { SubmitButton } from "@/app/_ui/submit";
import { saveTaskAction } from "./actions";

export async function TaskForm({
  t,
  task,
}: {
  t: Translate;
  task?: { id: number; code: string; title: string; specialty: string; description: string; checklist: string[]; active: boolean };
}) {
  const sp = await getSpecialties();
  return (
    <form action={saveTaskAction} className="grid grid-cols-1 gap-3 sm:grid-cols-2">
      {task && <input type="hidden" name="id" value={task.id} />}
      <TextField label={t("methods.tasks.code")} name="code" required maxLength={30} defaultValue={task?.code} />
      <TextField label={t("methods.tasks.name")} name="title" required maxLength={100} defaultValue={task?.title} />
      <SelectField label={t("methods.tasks.specialty")} name="specialty" defaultValue={task?.specialty} options={sp.options(task?.specialty)} />
      <label className="flex min-h-10 items-center gap-2 self-end text-sm text-slate-800">
        <input type="checkbox" name="active" defaultChecked={task?.active ?? true} className="size-5 accent-brand-600" />
        {t("methods.tasks.active")}
      </label>
      <div className="space-y-1 sm:col-span-2">
        <label htmlFor="checklist" className="block text-sm font-medium text-slate-700">
          {t("methods.tasks.checklist")}
        </label>
        <textarea
          id="checklist"
          name="checklist"
          required
          rows={5}
          className={controlClass}
          defaultValue={task?.checklist.join("\n")}
          aria-describedby="checklist-hint"
        />
        <p id="checklist-hint" className="text-xs text-slate-500">
          {t("methods.tasks.checklistHint")}
        </p>
      </div>
      <div className="space-y-1 sm:col-span-2">
        <label htmlFor="description" className="block text-sm font-medium text-slate-700">
          {t("methods.tasks.description")}
        </label>
        <textarea id="description" name="description" rows={2} className={controlClass} defaultValue={task?.description} />
      </div>
      <div>
        <SubmitButton label={t("common.save")} />
      </div>
    </form>
  );
}
