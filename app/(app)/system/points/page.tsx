import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { MAX_RULE_POINTS, POINT_KINDS, getRules } from "@/lib/points";
import { searchValue as one } from "@/app/_lib/action";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { getT } from "@/app/_lib/i18n";
import { TextField } from "@/app/_ui/field";
import { Card, PageHeader } from "@/app/_ui/layout";
import { SubmitButton } from "@/app/_ui/submit";
import { refreshPointsAction, saveRulesAction } from "./actions";

export async function generateMetadata() {
  return { title: (await getT())("methods.points.rulesTitle") };
}

export default async function PointsRulesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePermission("points.rules");
  const t = await getT();
  const rules = await getRules(await getDb());
  const search = await searchParams;
  const success = one(search, "saved")
    ? t("methods.points.rulesSaved")
    : one(search, "added") !== undefined
      ? t("methods.points.refreshed", { added: Number(one(search, "added")), removed: Number(one(search, "removed")) })
      : null;
  return (
    <div className="space-y-4">
      <PageHeader title={t("methods.points.rulesTitle")}>{t("methods.points.rulesIntro")}</PageHeader>
      <OutcomeAlert t={t} search={search} success={success} />
      <Card>
        <form action={saveRulesAction} className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          {POINT_KINDS.map((k) => (
            <TextField key={k} label={t(`methods.kinds.${k}`)} name={k} type="number" min={0} max={MAX_RULE_POINTS} step={1} required defaultValue={rules[k]} />
          ))}
          <div>
            <SubmitButton label={t("methods.points.saveRules")} />
          </div>
        </form>
      </Card>
      <form action={refreshPointsAction}>
        <SubmitButton label={t("methods.points.refresh")} variant="secondary" />
      </form>
    </div>
  );
}
