import Link from "next/link";
import { getDb } from "@/lib/core/db";
import { requireUser } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/core/format";
import { ledgerFor, memberRanking, teamRanking, type LedgerRow, type MemberRank, type TeamRank } from "@/lib/points";
import { getLocale, getT } from "@/app/_lib/i18n";
import { buttonClass } from "@/app/_ui/button";
import { EmptyState } from "@/app/_ui/feedback";
import { SelectField } from "@/app/_ui/field";
import { Card, PageHeader } from "@/app/_ui/layout";
import { DataTable, type Column } from "@/app/_ui/table";
import { quarterText } from "@/lib/core/time";
import { currentQuarter } from "@/lib/core/clock";

export async function generateMetadata() {
  return { title: (await getT())("methods.points.title") };
}

/** My ledger, and the rankings of members and teams (this quarter or all time). */
export default async function PointsPage({ searchParams }: { searchParams: Promise<{ period?: string }> }) {
  const user = await requireUser();
  const t = await getT();
  const locale = await getLocale();
  const db = await getDb();
  const q = currentQuarter();
  const period = (await searchParams).period === "all" ? null : q;
  const [ledger, members, teams] = await Promise.all([
    ledgerFor(db, user),
    memberRanking(db, user, { quarter: period, limit: 30 }),
    teamRanking(db, { quarter: period }),
  ]);
  const ledgerCols: Column<LedgerRow>[] = [
    { key: "kind", header: t("methods.points.kind"), cell: (r) => t(`methods.kinds.${r.kind}`) },
    { key: "points", header: t("methods.points.pointsCol"), cell: (r) => <span className="tabular-nums">+{r.points}</span> },
    { key: "at", header: t("methods.points.earnedAt"), cell: (r) => <span className="tabular-nums">{formatDateTime(r.earnedAt, locale)}</span> },
  ];
  const memberCols: Column<MemberRank>[] = [
    { key: "rank", header: t("methods.points.rank"), cell: (r) => r.rank },
    { key: "name", header: t("methods.points.name"), cell: (r) => (r.memberId === user.memberId ? <strong>{r.name}</strong> : r.name) },
    { key: "unit", header: t("methods.points.unit"), cell: (r) => r.unitName },
    { key: "points", header: t("methods.points.pointsCol"), cell: (r) => <span className="tabular-nums">{r.points}</span> },
  ];
  const teamCols: Column<TeamRank>[] = [
    { key: "rank", header: t("methods.points.rank"), cell: (r) => r.rank },
    { key: "name", header: t("methods.points.unit"), cell: (r) => r.name },
    { key: "perMember", header: t("methods.points.perMember"), cell: (r) => <span className="tabular-nums">{r.perMember}</span> },
    { key: "points", header: t("methods.points.pointsCol"), cell: (r) => <span className="tabular-nums">{r.points}</span> },
    { key: "members", header: t("methods.points.memberCount"), cell: (r) => r.members, wide: true },
  ];
  return (
    <div className="space-y-4">
      <PageHeader title={t("methods.points.title")}>{t("methods.points.total", { total: ledger.total })}</PageHeader>
      <Card title={t("methods.points.ledger")}>
        {ledger.rows.length === 0 ? (
          <EmptyState title={t("methods.points.noEntries")} />
        ) : (
          <DataTable caption={t("methods.points.ledger")} columns={ledgerCols} rows={ledger.rows} rowKey={(r) => r.id} />
        )}
      </Card>
      <form method="get" className="grid grid-cols-1 gap-3 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-[1fr_auto]">
        <SelectField
          label={t("methods.points.period")}
          name="period"
          defaultValue={period ? "quarter" : "all"}
          options={[
            { value: "quarter", label: quarterText(q, locale) },
            { value: "all", label: t("methods.points.allTime") },
          ]}
        />
        <div className="flex items-end">
          <button type="submit" className={buttonClass("primary")}>
            {t("common.filter")}
          </button>
        </div>
      </form>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <Card title={t("methods.points.members")}>
          <p className="mb-2 text-xs text-slate-500">{t("methods.points.membersScope")}</p>
          {members.length === 0 ? (
            <EmptyState title={t("methods.points.noRanking")} />
          ) : (
            <DataTable caption={t("methods.points.members")} columns={memberCols} rows={members} rowKey={(r) => r.memberId} />
          )}
        </Card>
        <Card title={t("methods.points.teams")}>
          <DataTable caption={t("methods.points.teams")} columns={teamCols} rows={teams} rowKey={(r) => r.unitId} />
          <Link href="/comparison" className="mt-2 inline-block text-sm text-brand-700 underline">
            {t("methods.points.compareTeams")}
          </Link>
        </Card>
      </div>
    </div>
  );
}
