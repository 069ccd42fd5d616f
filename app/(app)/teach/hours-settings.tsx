import type { Db } from "@/db/client";
import { contentHours } from "@/lib/hours/entries";
import { HOUR_CATEGORIES, type CreditedKind } from "@/lib/hours/rules";
import type { Translate } from "@/lib/i18n";
import { buttonClass } from "@/app/_ui/button";
import { Alert } from "@/app/_ui/feedback";
import { SelectField, TextField } from "@/app/_ui/field";
import { Card } from "@/app/_ui/layout";
import { setContentHoursAction } from "@/app/(app)/manage/hours/actions";

/**
 * The 学时 settings of a course, task or quiz (category and the hours it credits), or of a lesson
 * or class (category only: they credit what was watched or attended). Shown to whoever may change
 * the content; read-only otherwise.
 */
export async function HoursSettings({
  db,
  t,
  kind,
  id,
  mayEdit,
  saved,
}: {
  db: Db;
  t: Translate;
  kind: CreditedKind;
  id: number;
  mayEdit: boolean;
  saved: boolean;
}) {
  const v = await contentHours(db, kind, id);
  if (!v) return null;
  const setsHours = kind === "course" || kind === "task" || kind === "quiz";
  return (
    <Card title={t("hours.settings.title")}>
      <div className="space-y-3">
        {saved && <Alert tone="success">{t("hours.settings.saved")}</Alert>}
        <p className="text-sm text-slate-600">
          {setsHours ? t("hours.settings.intro") : t(kind === "lesson" ? "hours.settings.watched" : "hours.settings.attended")}
        </p>
        {mayEdit ? (
          <form action={setContentHoursAction} className="grid grid-cols-1 gap-3 sm:grid-cols-3" data-testid="hours-settings">
            <input type="hidden" name="kind" value={kind} />
            <input type="hidden" name="id" value={id} />
            <SelectField
              label={t("hours.settings.category")}
              name="category"
              defaultValue={v.category}
              options={HOUR_CATEGORIES.map((c) => ({ value: c, label: t(`hours.categories.${c}`) }))}
            />
            {setsHours ? (
              <TextField
                label={t("hours.settings.hours")}
                hint={t("hours.settings.hoursHint")}
                name="hours"
                type="number"
                step="0.01"
                min="0"
                max="200"
                defaultValue={v.hours}
              />
            ) : (
              <input type="hidden" name="hours" value="0" />
            )}
            <div className="flex items-end">
              <button type="submit" className={buttonClass("secondary")}>
                {t("hours.settings.save")}
              </button>
            </div>
          </form>
        ) : (
          <p className="text-sm text-slate-800">
            {t(`hours.categories.${v.category as "safety"}`)}
            {setsHours && ` · ${t("hours.hoursValue", { hours: v.hours })}`}
          </p>
        )}
      </div>
    </Card>
  );
}
