import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { INDUCTION_LEVELS, MAX_LEVEL_CONTENT, MAX_LEVEL_HOURS } from "@/lib/induction/rules";
import { inductionDefaults } from "@/lib/induction/settings";
import { searchValue as one } from "@/app/_lib/action";
import { getT } from "@/app/_lib/i18n";
import { controlClass, TextField } from "@/app/_ui/field";
import { Card, PageHeader } from "@/app/_ui/layout";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { SubmitButton } from "@/app/_ui/submit";
import { saveInductionDefaultsAction } from "./actions";

export async function generateMetadata() {
  return { title: (await getT())("induction.settings.title") };
}

/** 三级教育设置: the hours and content each level opens with (whole-area admins). */
export default async function InductionSettingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePermission("hours.rules");
  const t = await getT();
  const d = await inductionDefaults(await getDb());
  const search = await searchParams;
  return (
    <div className="space-y-4">
      <PageHeader title={t("induction.settings.title")}>{t("induction.settings.intro")}</PageHeader>
      <OutcomeAlert t={t} search={search} success={one(search, "saved") ? t("induction.settings.saved") : null} />
      <Card>
        <form action={saveInductionDefaultsAction} className="space-y-6">
          {INDUCTION_LEVELS.map((level) => (
            <fieldset key={level} className="space-y-3" data-testid={`induction-default-${level}`}>
              <legend className="text-base font-semibold text-slate-900">{t(`induction.levels.${level}`)}</legend>
              <div className="max-w-40">
                <TextField
                  label={t("induction.settings.hours")}
                  name={`hours${level}`}
                  type="number"
                  min={0.01}
                  max={MAX_LEVEL_HOURS}
                  step="0.01"
                  required
                  defaultValue={d[level].hours}
                />
              </div>
              <label className="block text-sm">
                <span className="font-medium text-slate-700">{t("induction.settings.content")}</span>
                <textarea
                  name={`content${level}`}
                  rows={3}
                  maxLength={MAX_LEVEL_CONTENT}
                  defaultValue={d[level].content}
                  placeholder={t(`induction.defaultContent.${level}`)}
                  className={`mt-1 ${controlClass}`}
                />
                <span className="mt-1 block text-xs text-slate-500">{t("induction.settings.contentHint")}</span>
              </label>
            </fieldset>
          ))}
          <SubmitButton label={t("induction.settings.save")} />
        </form>
      </Card>
    </div>
  );
}
