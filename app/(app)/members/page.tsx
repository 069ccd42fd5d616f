import Link from "next/link";
import { getDb } from "@/lib/core/db";
import { can, scopeOf } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { memberFilter } from "@/lib/members/input";
import { listJobs, searchMembers, type MemberRow } from "@/lib/members/members";
import { listOrgTree } from "@/lib/org/units";
import { getT } from "@/app/_lib/i18n";
import { label, statusOptions, unitOptions } from "@/app/_lib/labels";
import { getSpecialties } from "@/app/_lib/specialties";
import { LinkButton, buttonClass } from "@/app/_ui/button";
import { EmptyState, Badge } from "@/app/_ui/feedback";
import { SelectField, TextField } from "@/app/_ui/field";
import { PageHeader } from "@/app/_ui/layout";
import { DataTable, Pagination, type Column } from "@/app/_ui/table";

export async function generateMetadata() {
  return { title: (await getT())("members.title") };
}

export default async function MembersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("member.read");
  const t = await getT();
  const sp = await getSpecialties();
  const db = await getDb();
  const raw = await searchParams;
  const f = memberFilter.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v === "" ? undefined : v])));
  const scope = scopeOf(user, "member.read");
  const [result, units, jobs] = await Promise.all([searchMembers(db, user, f), listOrgTree(db, scope), listJobs(db)]);

  const hrefFor = (page: number) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ q: f.q, unit: f.unit, specialty: f.specialty, job: f.job, status: f.status }))
      if (v !== undefined) p.set(k, String(v));
    if (page > 1) p.set("page", String(page));
    return `/members${p.size ? `?${p}` : ""}`;
  };

  const columns: Column<MemberRow>[] = [
    { key: "no", header: t("members.employeeNo"), cell: (m) => <span className="font-mono">{m.employeeNo}</span> },
    {
      key: "name",
      header: t("members.name"),
      cell: (m) => (
        <Link href={`/members/${m.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
          {m.name}
        </Link>
      ),
    },
    { key: "unit", header: t("members.unit"), cell: (m) => m.unitName },
    { key: "specialty", header: t("members.specialty"), cell: (m) => sp.name(m.specialty) },
    { key: "job", header: t("members.job"), cell: (m) => m.jobName ?? "—" },
    { key: "title", header: t("members.techTitle"), cell: (m) => label(t, "techTitles", m.techTitle) },
    {
      key: "status",
      header: t("members.status"),
      cell: (m) => <Badge tone={m.status === "active" ? "success" : "neutral"}>{label(t, "statuses", m.status)}</Badge>,
    },
  ];

  return (
    <div>
      <PageHeader
        title={t("members.title")}
        actions={
          <>
            <LinkButton href={`/members/exports${f.unit ? `?unit=${f.unit}` : ""}`}>{t("personFile.export.request")}</LinkButton>
            {can(user, "member.write") ? (
              <LinkButton href="/members/new" variant="primary">
                {t("members.newMember")}
              </LinkButton>
            ) : null}
          </>
        }
      />
      <search>
        <form method="get" action="/members" className="mb-4 grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-3 lg:grid-cols-6">
          <div className="col-span-2">
            <TextField label={t("common.search")} name="q" defaultValue={f.q} placeholder={t("members.searchPlaceholder")} type="search" />
          </div>
          <SelectField
            label={t("members.unit")}
            name="unit"
            defaultValue={f.unit ? String(f.unit) : ""}
            options={[{ value: "", label: t("common.all") }, ...unitOptions(units)]}
          />
          <SelectField
            label={t("members.specialty")}
            name="specialty"
            defaultValue={f.specialty ?? ""}
            options={[{ value: "", label: t("common.all") }, ...sp.options()]}
          />
          <SelectField
            label={t("members.job")}
            name="job"
            defaultValue={f.job ? String(f.job) : ""}
            options={[{ value: "", label: t("common.all") }, ...jobs.map((j) => ({ value: String(j.id), label: j.name }))]}
          />
          <SelectField
            label={t("members.status")}
            name="status"
            defaultValue={f.status ?? ""}
            options={[{ value: "", label: t("common.all") }, ...statusOptions(t)]}
          />
          <div className="col-span-2 flex items-end gap-2 lg:col-span-6">
            <button type="submit" className={buttonClass("primary")}>
              {t("common.filter")}
            </button>
            <Link href="/members" className={buttonClass("secondary")}>
              {t("common.reset")}
            </Link>
          </div>
        </form>
      </search>
      {result.rows.length === 0 ? (
        <EmptyState title={t("members.empty")}>{f.q ? <p className="text-sm text-slate-600">{t("members.searchHint", { q: f.q })}</p> : null}</EmptyState>
      ) : (
        <DataTable caption={t("members.title")} columns={columns} rows={result.rows} rowKey={(m) => m.id} />
      )}
      <Pagination
        page={result.page}
        pages={result.pages}
        hrefFor={hrefFor}
        label={{
          nav: t("common.pagination"),
          prev: t("common.previous"),
          next: t("common.next"),
          summary: t("common.page", { page: result.page, pages: result.pages, total: result.total }),
        }}
      />
    </div>
  );
}
