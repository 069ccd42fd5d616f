import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { minimums } from "@/lib/hours/ledger";
import { HIGH_HAZARD_MINIMUMS, HOUR_CATEGORIES, MAX_SET_HOURS, OTHER_MINIMUMS } from "@/lib/hours/rules";
import { searchValue as one } from "@/app/_lib/action";
import { getT } from "@/app/_lib/i18n";
import { TextField } from "@/app/_ui/field";
import { Card, PageHeader } from "@/app/_ui/layout";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { SubmitButton } from "@/app/_ui/submit";
import { saveMinimumsAction } from "./actions";

export async function generateMetadata() {
  return { title: (await getT())("hours.rules.title") };
}

const FIELDS = ["newWorkerInitial", "workerAnnual", "managerInitial", "managerAnnual"] as const;

export default async function HoursRulesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePermission("hours.rules");
  const t = await getT();
  const m = await minimums(await getDb());
  const search = await searchParams;
  const preset = (p: typeof HIGH_HAZARD_MINIMUMS) => FIELDS.map((f) => p[f]).join(" / ");
  return (
    <div className="space-y-4">
      <PageHeader title={t("hours.rules.title")}>{t("hours.rules.intro")}</PageHeader>
      <OutcomeAlert t={t} search={search} success={one(search, "saved") ? t("hours.rules.saved") : null} />
      <Card>
        <form action={saveMinimumsAction} className="space-y-4">
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
            {FIELDS.map((f) => (
              <TextField
                key={f}
                label={t(`hours.minimumKinds.${f}`)}
                name={f}
                type="number"
                min={0}
                max={MAX_SET_HOURS}
                step="0.01"
                required
                defaultValue={m[f]}
              />
            ))}
          </div>
          <fieldset className="space-y-1">
            <legend className="text-sm font-medium text-slate-700">{t("hours.rules.counted")}</legend>
            <div className="flex flex-wrap gap-x-6">
              {HOUR_CATEGORIES.map((c) => (
                <label key={c} className="flex min-h-10 items-center gap-2 text-sm text-slate-800">
                  <input
                    type="checkbox"
                    name="counted[]"
                    value={c}
                    defaultChecked={m.counted.includes(c)}
                    className="size-5 rounded border-slate-300 accent-brand-600"
                  />
                  {t(`hours.categories.${c}`)}
                </label>
              ))}
            </div>
          </fieldset>
          <p className="text-sm text-slate-600">{t("hours.rules.presets", { high: preset(HIGH_HAZARD_MINIMUMS), other: preset(OTHER_MINIMUMS) })}</p>
          <SubmitButton label={t("hours.rules.save")} />
        </form>
      </Card>
    </div>
  );
}
