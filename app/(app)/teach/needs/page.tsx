import Link from "next/link";
import { getDb } from "@/lib/core/db";
import { scopeOf } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { describeRequirement } from "@/lib/eligibility/describe";
import { unitNeeds } from "@/lib/needs";
import { listOrgTree } from "@/lib/org/units";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { getT } from "@/app/_lib/i18n";
import { unitOptions } from "@/app/_lib/labels";
import { buttonClass } from "@/app/_ui/button";
import { Alert, Badge, EmptyState } from "@/app/_ui/feedback";
import { SelectField } from "@/app/_ui/field";
import { PageHeader } from "@/app/_ui/layout";
import { DataTable } from "@/app/_ui/table";
import { unitParam } from "../../manage/roster/query";
import { assignNeedsAction } from "./actions";

export async function generateMetadata() {
  return { title: (await getT())("eligibility.needs.title") };
}

export default async function NeedsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("teach.manage");
  const t = await getT();
  const db = await getDb();
  const sp = await searchParams;
  const tree = await listOrgTree(db, scopeOf(user, "teach.manage"));
  const unitId = unitParam(sp.unit);
  const found = unitId === undefined ? null : await unitNeeds(db, user, { unitId });
  const unit = found?.ok ? found.value.unit : null;
  const ok = unit !== null;
  const needs = found?.ok ? found.value.needs : [];
  const withSuggestions = needs.filter((n) => n.suggestions.length > 0);
  const distinct = (kind: "course" | "class") => new Set(needs.flatMap((n) => n.suggestions.filter((s) => s.kind === kind).map((s) => s.id))).size;
  return (
    <div className="space-y-4">
      <PageHeader title={t("eligibility.needs.title")}>{t("eligibility.needs.intro")}</PageHeader>
      <form method="get" className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3">
        <div className="min-w-48 flex-1">
          <SelectField label={t("eligibility.needs.unit")} name="unit" defaultValue={unit ? String(unit.id) : ""} options={unitOptions(tree)} />
        </div>
        <button type="submit" className={buttonClass("secondary")}>
          {t("eligibility.needs.show")}
        </button>
      </form>
      {!ok && <Alert tone="error">{t("eligibility.errors.unitNotFound")}</Alert>}
      <OutcomeAlert t={t} search={sp} />
      {sp.courses !== undefined && (
        <Alert tone="success">
          {t("eligibility.needs.assigned", { courses: Number(sp.courses), classes: Number(sp.classes ?? 0), waitlisted: Number(sp.waitlisted ?? 0) })}
        </Alert>
      )}
      {ok && (
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm text-slate-700">
            {t("eligibility.needs.summary", { members: withSuggestions.length, courses: distinct("course"), classes: distinct("class") })}
          </p>
          {withSuggestions.length > 0 && (
            <form action={assignNeedsAction}>
              <input type="hidden" name="unit" value={unit.id} />
              <button type="submit" className={buttonClass("primary")}>
                {t("eligibility.needs.assign")}
              </button>
            </form>
          )}
        </div>
      )}
      {ok && needs.length === 0 ? (
        <EmptyState title={t("eligibility.needs.none")} />
      ) : (
        <DataTable
          caption={t("eligibility.needs.title")}
          rows={needs}
          rowKey={(n) => n.memberId}
          columns={[
            {
              key: "member",
              header: t("eligibility.needs.member"),
              cell: (n) => (
                <Link href={`/members/${n.memberId}`} className="font-medium text-brand-700 hover:underline">
                  {n.name}
                  <span className="block font-mono text-xs text-slate-500">{n.employeeNo}</span>
                </Link>
              ),
            },
            {
              key: "gaps",
              header: t("eligibility.needs.gaps"),
              cell: (n) => (
                <ul className="space-y-0.5 text-xs">
                  {n.gaps.map((g) => (
                    <li key={g.requirement.id}>
                      {g.jobName}: {describeRequirement(t, g.requirement)}
                    </li>
                  ))}
                </ul>
              ),
            },
            {
              key: "weak",
              header: t("eligibility.needs.weak"),
              cell: (n) => <span className="text-xs">{n.weak.map((w) => `${w.category} ${w.percent}%`).join("、") || "—"}</span>,
            },
            {
              key: "suggestions",
              header: t("eligibility.needs.suggestions"),
              cell: (n) =>
                n.suggestions.length === 0 ? (
                  "—"
                ) : (
                  <ul className="space-y-1">
                    {n.suggestions.map((s) => (
                      <li key={`${s.kind}-${s.id}`}>
                        <Badge tone={s.kind === "course" ? "brand" : "success"}>
                          {s.kind === "course" ? t("eligibility.needs.course", { title: s.title }) : t("eligibility.needs.class", { title: s.title })}
                        </Badge>
                      </li>
                    ))}
                  </ul>
                ),
            },
          ]}
        />
      )}
    </div>
  );
}
