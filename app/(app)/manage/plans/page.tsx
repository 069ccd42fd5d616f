import Link from "next/link";
import { forbidden } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/lib/core/db";
import * as clock from "@/lib/core/clock";
import { can, scopeOf } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { listPlans } from "@/lib/plans/plans";
import { listOrgTree } from "@/lib/org/units";
import { searchValue } from "@/app/_lib/action";
import { getT } from "@/app/_lib/i18n";
import { unitOptions } from "@/app/_lib/labels";
import { buttonClass } from "@/app/_ui/button";
import { Alert, EmptyState } from "@/app/_ui/feedback";
import { SelectField, TextField } from "@/app/_ui/field";
import { Card, PageHeader } from "@/app/_ui/layout";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { SubmitButton } from "@/app/_ui/submit";
import { DataTable } from "@/app/_ui/table";
import { createPlanAction } from "./actions";

const yearParam = z.coerce.number().int().min(2000).max(2100);

export async function generateMetadata() {
  return { title: (await getT())("plans.title") };
}

export default async function PlansPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const t = await getT();
  const db = await getDb();
  const sp = await searchParams;
  const raw = searchValue(sp, "year");
  const parsed = raw === undefined ? null : yearParam.safeParse(raw);
  const year = parsed?.success ? parsed.data : Number(clock.today().slice(0, 4));
  const found = await listPlans(db, user, year);
  if (!found.ok) forbidden();
  const plans = found.value;
  const mayCreate = can(user, "roster.read");
  const tree = mayCreate ? await listOrgTree(db, scopeOf(user, "roster.read")) : [];
  const without = tree.filter((u) => !plans.some((p) => p.orgUnitId === u.id));
  return (
    <div className="space-y-4">
      <PageHeader title={t("plans.title")}>{t("plans.intro")}</PageHeader>
      <OutcomeAlert t={t} search={sp} />
      {parsed && !parsed.success && <Alert tone="error">{t("plans.errors.year")}</Alert>}
      <form method="get" className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3">
        <div className="w-32">
          <TextField label={t("plans.year")} name="year" type="number" min={2000} max={2100} defaultValue={year} />
        </div>
        <button type="submit" className={buttonClass("secondary")}>
          {t("plans.show")}
        </button>
      </form>
      {plans.length === 0 ? (
        <EmptyState title={t("plans.none")} />
      ) : (
        <DataTable
          caption={t("plans.title")}
          rows={plans}
          rowKey={(p) => p.id}
          columns={[
            {
              key: "unit",
              header: t("plans.unit"),
              cell: (p) => (
                <Link className="font-medium text-brand-700 hover:underline" href={`/manage/plans/${p.id}`}>
                  {p.unitName} · {p.year}
                </Link>
              ),
            },
            { key: "lines", header: t("plans.lines"), cell: (p) => t("plans.linesCount", { count: p.lines }) },
            { key: "hours", header: t("plans.plannedHours"), cell: (p) => <span className="tabular-nums">{p.plannedHours}</span> },
            { key: "budget", header: t("plans.budget"), cell: (p) => <span className="tabular-nums">{p.budget}</span> },
          ]}
        />
      )}
      {mayCreate && without.length > 0 && (
        <Card title={t("plans.create")}>
          <form action={createPlanAction} className="grid grid-cols-1 gap-3 sm:grid-cols-3">
            <SelectField label={t("plans.unit")} name="orgUnitId" options={unitOptions(without)} />
            <TextField label={t("plans.year")} name="year" type="number" min={2000} max={2100} required defaultValue={year} />
            <div className="flex items-end">
              <SubmitButton label={t("plans.create")} />
            </div>
          </form>
        </Card>
      )}
    </div>
  );
}
