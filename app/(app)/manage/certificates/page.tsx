import Link from "next/link";
import { getDb } from "@/lib/core/db";
import { scopeOf } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { expiringFilter, listCertificateTypes, listExpiring } from "@/lib/certificates";

import { listOrgTree } from "@/lib/org/units";
import { getT } from "@/app/_lib/i18n";
import { unitOptions } from "@/app/_lib/labels";
import { buttonClass } from "@/app/_ui/button";
import { Alert, EmptyState } from "@/app/_ui/feedback";
import { CheckboxField, SelectField, TextField } from "@/app/_ui/field";
import { PageHeader } from "@/app/_ui/layout";
import { DataTable } from "@/app/_ui/table";
import { StatusPill } from "../roster/status-pill";

export async function generateMetadata() {
  return { title: (await getT())("eligibility.expiring.title") };
}

export default async function ExpiringPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("roster.read");
  const t = await getT();
  const db = await getDb();
  const sp = await searchParams;
  const flat = Object.fromEntries(Object.entries(sp).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const f = expiringFilter.safeParse(flat);
  const found = f.success ? await listExpiring(db, user, { ...f.data, limit: 2000 }) : null;
  const m = found?.ok ? found.value : null;
  const tree = await listOrgTree(db, scopeOf(user, "roster.read"));
  const types = await listCertificateTypes(db);
  const rows = m ? m.rows : [];
  const q = new URLSearchParams(Object.entries(flat).filter(([k, v]) => v && k !== "exportEmpty") as [string, string][]);
  return (
    <div className="space-y-4">
      <PageHeader
        title={t("eligibility.expiring.title")}
        actions={
          <a href={`/manage/certificates/export?${q}`} className={buttonClass("secondary")}>
            {t("eligibility.roster.export")}
          </a>
        }
      >
        {t("eligibility.expiring.intro")}
      </PageHeader>
      <form method="get" className="grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-3 lg:grid-cols-5">
        <SelectField label={t("eligibility.roster.unit")} name="unit" defaultValue={m ? String(m.unit.id) : ""} options={unitOptions(tree)} />
        <TextField label={t("eligibility.expiring.within")} name="within" type="number" min={0} max={3650} defaultValue={f.success ? f.data.within : 90} />
        <SelectField
          label={t("eligibility.expiring.type")}
          name="type"
          defaultValue={flat.type ?? ""}
          options={[{ value: "", label: t("eligibility.expiring.allTypes") }, ...types.map((x) => ({ value: String(x.id), label: x.name }))]}
        />
        <div className="flex items-end">
          <CheckboxField label={t("eligibility.expiring.expired")} name="expired" value="1" defaultChecked={f.success && f.data.expired} />
        </div>
        <div className="col-span-2 flex items-end gap-2 lg:col-span-1">
          <button type="submit" className={buttonClass("primary")}>
            {t("eligibility.roster.filter")}
          </button>
          <Link href="/manage/certificates" className={buttonClass("secondary")}>
            {t("eligibility.roster.reset")}
          </Link>
        </div>
      </form>
      {(!f.success || !m) && <Alert tone="error">{t(!f.success ? "eligibility.errors.badFilter" : "eligibility.errors.unitNotFound")}</Alert>}
      {sp.exportEmpty && <Alert tone="warning">{t("eligibility.errors.emptyExport")}</Alert>}
      {f.success && m && rows.length === 0 ? (
        <EmptyState title={t("eligibility.expiring.empty")} />
      ) : (
        <DataTable
          caption={t("eligibility.expiring.title")}
          rows={rows}
          rowKey={(r) => `${r.kind}-${r.id}`}
          columns={[
            {
              key: "member",
              header: t("eligibility.roster.member"),
              cell: (r) => (
                <Link className="font-medium text-brand-700 hover:underline" href={`/members/${r.memberId}`}>
                  {r.name}
                </Link>
              ),
            },
            { key: "no", header: t("members.employeeNo"), cell: (r) => <span className="font-mono">{r.employeeNo}</span>, wide: true },
            { key: "unit", header: t("members.unit"), cell: (r) => r.unitName },
            { key: "type", header: t("certificates.type"), cell: (r) => r.typeName },
            { key: "number", header: t("certificates.number"), cell: (r) => <span className="font-mono">{r.number}</span>, wide: true },
            {
              key: "expires",
              header: t("certificates.expiresOn"),
              cell: (r) =>
                r.kind === "review" ? <span data-review-due={r.number}>{t("certificates.review.nextDue", { date: r.expiresOn })}</span> : r.expiresOn,
            },
            {
              key: "left",
              header: t("eligibility.expiring.daysLeft"),
              cell: (r) =>
                r.daysLeft < 0 ? (
                  <StatusPill status="expired">{t("eligibility.expiring.expiredAgo", { n: -r.daysLeft })}</StatusPill>
                ) : (
                  <StatusPill status="expiring">{t("eligibility.expiring.daysLeftN", { n: r.daysLeft })}</StatusPill>
                ),
            },
          ]}
        />
      )}
    </div>
  );
}
