import Link from "next/link";
import { scopeOf } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { getDb } from "@/lib/core/db";
import { listUnitExports } from "@/lib/person-file/exports";
import { listOrgTree } from "@/lib/org/units";
import { searchValue } from "@/app/_lib/action";
import { getT } from "@/app/_lib/i18n";
import { unitOptions } from "@/app/_lib/labels";
import { buttonClass } from "@/app/_ui/button";
import { Badge, EmptyState } from "@/app/_ui/feedback";
import { SelectField } from "@/app/_ui/field";
import { Card, PageHeader } from "@/app/_ui/layout";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { requestUnitFilesAction } from "./actions";
import { stateTone } from "./state";

export async function generateMetadata() {
  return { title: (await getT())("personFile.export.title") };
}

/** A unit's 一人一档 as one zip: ask for one, and the requester's recent exports. */
export default async function UnitExportsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("member.read");
  const t = await getT();
  const db = await getDb();
  const search = await searchParams;
  const [units, mine] = await Promise.all([listOrgTree(db, scopeOf(user, "member.read")), listUnitExports(db, user)]);
  const chosen = searchValue(search, "unit");
  const defaultUnit = units.some((u) => String(u.id) === chosen) ? chosen : units[0] ? String(units[0].id) : "";
  return (
    <div className="space-y-4">
      <PageHeader title={t("personFile.export.title")} />
      <OutcomeAlert t={t} search={search} />
      <Card title={t("personFile.export.request")}>
        <form action={requestUnitFilesAction} className="flex flex-col gap-3 sm:flex-row sm:items-end">
          <div className="sm:w-80">
            <SelectField label={t("personFile.export.unit")} name="unitId" defaultValue={defaultUnit} options={unitOptions(units)} />
          </div>
          <button type="submit" className={buttonClass("primary")}>
            {t("personFile.export.request")}
          </button>
        </form>
        <p className="mt-2 text-sm text-slate-600">{t("personFile.export.requestHint")}</p>
      </Card>
      <Card title={t("personFile.export.mine")}>
        {mine.length === 0 ? (
          <EmptyState title={t("personFile.export.none")} />
        ) : (
          <ul className="divide-y divide-slate-100">
            {mine.map((e) => (
              <li key={e.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <Link href={`/members/exports/${e.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
                  {e.unitName}
                </Link>
                <span className="flex items-center gap-2 text-sm text-slate-600">
                  {t("personFile.export.progress", { done: e.done, total: e.total })}
                  <Badge tone={stateTone(e.state)}>{t(`personFile.export.states.${e.state}`)}</Badge>
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
