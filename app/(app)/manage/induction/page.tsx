import Link from "next/link";
import { forbidden } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { openInductions } from "@/lib/induction";
import type { Translate } from "@/lib/i18n";
import { getT } from "@/app/_lib/i18n";
import { Badge, EmptyState } from "@/app/_ui/feedback";
import { PageHeader } from "@/app/_ui/layout";
import { DataTable } from "@/app/_ui/table";

export async function generateMetadata() {
  return { title: (await getT())("induction.list.title") };
}

/** 三级安全教育待签认: the open levels in the viewer's scope (trainer or manager), oldest first; each links to the member's card. */
export default async function InductionListPage() {
  const user = await requireUser();
  if (!can(user, "teach.manage") && !can(user, "roster.read")) forbidden();
  const t = await getT();
  const found = await openInductions(await getDb(), user);
  if (!found.ok) forbidden();
  const rows = found.value;
  return (
    <div className="space-y-4">
      <PageHeader title={t("induction.list.title")}>{t("induction.list.hint")}</PageHeader>
      {rows.length === 0 ? (
        <EmptyState title={t("induction.list.empty")} />
      ) : (
        <DataTable
          caption={t("induction.list.title")}
          rows={rows}
          rowKey={(r) => r.id}
          columns={[
            {
              key: "member",
              header: t("induction.list.member"),
              cell: (r) => (
                <Link href={`/members/${r.memberId}`} className="font-medium text-brand-700 hover:underline" data-open-induction={r.employeeNo}>
                  {r.memberName} <span className="font-mono text-xs text-slate-500">{r.employeeNo}</span>
                </Link>
              ),
            },
            {
              key: "level",
              header: t("induction.list.level"),
              cell: (r) => <Badge tone="danger">{t(`induction.levels.${r.level}` as Parameters<Translate>[0])}</Badge>,
            },
            { key: "unit", header: t("induction.list.unit"), cell: (r) => r.unitName },
            {
              key: "opened",
              header: t("induction.list.opened"),
              cell: (r) => (
                <span className="tabular-nums">
                  {r.openedOn} · {t(`induction.reasons.${r.reason}`)}
                </span>
              ),
            },
          ]}
        />
      )}
    </div>
  );
}
