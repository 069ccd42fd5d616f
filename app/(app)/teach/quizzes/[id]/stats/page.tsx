import { notFound } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import type { Translate } from "@/lib/i18n";
import { getQuizStats, listNotTaken, type NotTakenRow, type UnitStats } from "@/lib/quiz/stats";
import { WARNING_FLAGS } from "@/lib/quiz/stats-math";
import { getLocale, getT } from "@/app/_lib/i18n";
import { LinkButton } from "@/app/_ui/button";
import { Alert, Badge, EmptyState } from "@/app/_ui/feedback";
import { Card, PageHeader } from "@/app/_ui/layout";
import { DataTable, Pagination, type Column } from "@/app/_ui/table";
import { BandChart, Meter, MiniBands, fmt, pct } from "./charts";
import { FlaggedQuestions, ItemCard } from "./items";
import { scopeOf } from "@/lib/auth/permissions";

export async function generateMetadata() {
  return { title: (await getT())("quizStats.title") };
}

const positive = (v: string | string[] | undefined): number | undefined => {
  const n = Number(Array.isArray(v) ? v[0] : v);
  return Number.isInteger(n) && n > 0 && n <= 2_147_483_647 ? n : undefined;
};

function unitName(u: UnitStats, t: Translate): string {
  return u.kind === "station" ? u.name : t(u.kind === "team" ? "quizStats.units.teamLevel" : "quizStats.units.areaLevel", { name: u.name });
}

export default async function QuizStatsPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePermission("teach.manage");
  const quizId = positive((await params).id);
  if (!quizId) notFound();
  const sp = await searchParams;
  const page = positive(sp.page) ?? 1;
  const unitFilter = positive(sp.unit);
  const db = await getDb();
  const scope = scopeOf(user, "teach.manage");
  const stats = await getQuizStats(db, user, quizId);
  if (!stats) notFound();
  const notTaken = await listNotTaken(db, user, quizId, { page, pageSize: 20, unitId: unitFilter });
  const t = await getT();
  const locale = await getLocale();
  const { quiz, overall } = stats;
  const [year, q] = quiz.quarter.split("-Q");
  const flagged = stats.items.filter((i) => i.flags.some((f) => WARNING_FLAGS.includes(f)));
  const filtered = [...stats.teams, ...stats.stations].find((u) => u.unitId === unitFilter);
  const href = (p: number, unit?: number) => {
    const qs = new URLSearchParams();
    if (unit) qs.set("unit", String(unit));
    if (p > 1) qs.set("page", String(p));
    return `/teach/quizzes/${quiz.id}/stats${qs.size ? `?${qs}` : ""}#not-taken`;
  };
  // A team's or station's name leads to the list of who there has not taken the quiz (a team
  // office's own row does not: the filter takes a whole subtree).
  const unitLink = (u: UnitStats, text: string, link: boolean) =>
    link && u.taken < u.audience ? (
      <a href={href(1, u.unitId)} className="font-medium text-brand-700 underline-offset-2 hover:underline">
        {text}
      </a>
    ) : (
      <span className="font-medium">{text}</span>
    );

  const teamColumn = (teams: boolean): Column<UnitStats>[] => [
    {
      key: "unit",
      header: teams ? t("quizStats.units.team") : t("quizStats.units.unit"),
      cell: (u) => unitLink(u, teams && u.kind === "team" ? u.name : unitName(u, t), u.kind === (teams ? "team" : "station")),
    },
    { key: "audience", header: t("quizStats.units.audience"), cell: (u) => <span className="tabular-nums">{u.audience}</span> },
    { key: "taken", header: t("quizStats.units.taken"), cell: (u) => <span className="tabular-nums">{u.taken}</span> },
    { key: "rate", header: t("quizStats.units.participation"), cell: (u) => <Meter value={u.participation} label={pct(u.participation, locale)} /> },
    { key: "mean", header: t("quizStats.units.mean"), cell: (u) => <span className="tabular-nums">{pct(u.scores.mean, locale)}</span> },
    { key: "median", header: t("quizStats.units.median"), cell: (u) => <span className="tabular-nums">{pct(u.scores.median, locale)}</span> },
    { key: "pass", header: t("quizStats.units.passRate"), cell: (u) => <span className="tabular-nums">{pct(u.scores.passRate, locale)}</span> },
    { key: "bands", header: t("quizStats.units.distribution"), cell: (u) => (u.scores.n ? <MiniBands bands={u.scores.bands} t={t} /> : "—"), wide: true },
  ];
  const notTakenColumns: Column<NotTakenRow>[] = [
    { key: "name", header: t("quizStats.notTaken.name"), cell: (r) => <span className="font-medium">{r.name}</span> },
    { key: "no", header: t("quizStats.notTaken.employeeNo"), cell: (r) => <span className="font-mono">{r.employeeNo}</span> },
    { key: "unit", header: t("quizStats.notTaken.unit"), cell: (r) => r.unitName },
    { key: "team", header: t("quizStats.notTaken.team"), cell: (r) => r.teamName ?? "—" },
    {
      key: "state",
      header: t("quizStats.notTaken.state"),
      cell: (r) => (
        <Badge tone={r.inProgress ? "warning" : "neutral"}>{t(r.inProgress ? "quizStats.notTaken.inProgress" : "quizStats.notTaken.notStarted")}</Badge>
      ),
    },
  ];
  const summary = [
    { label: t("quizStats.summary.audience"), value: fmt(overall.audience, locale) },
    { label: t("quizStats.summary.taken"), value: fmt(overall.taken, locale) },
    { label: t("quizStats.summary.participation"), value: pct(overall.participation, locale) },
    { label: t("quizStats.summary.mean"), value: pct(overall.scores.mean, locale) },
    { label: t("quizStats.summary.median"), value: pct(overall.scores.median, locale) },
    { label: t("quizStats.summary.passRate"), value: pct(overall.scores.passRate, locale) },
  ];

  return (
    <div className="space-y-4">
      <PageHeader
        title={t("quizStats.heading", { title: quiz.title })}
        actions={<LinkButton href={`/teach/quizzes/${quiz.id}`}>{t("quizStats.back")}</LinkButton>}
      >
        {year && q ? t("quizStats.quarter", { year, q }) : quiz.quarter}
        {quiz.theme && <> · {quiz.theme}</>} · {t("quizStats.summary.passMark", { pass: fmt(quiz.passPercent, locale) })}
      </PageHeader>
      {!scope.all && <Alert>{t("quizStats.scopeNote")}</Alert>}
      {flagged.length > 0 && <FlaggedQuestions items={flagged} t={t} locale={locale} />}

      <Card title={t("quizStats.summary.title")}>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
          {summary.map((s) => (
            <div key={s.label} className="rounded-md bg-slate-50 p-3">
              <dt className="text-xs text-slate-500">{s.label}</dt>
              <dd className="mt-1 text-xl font-semibold tabular-nums text-slate-900">{s.value}</dd>
            </div>
          ))}
        </dl>
        {overall.pendingGrading > 0 && (
          <div className="mt-3">
            <Alert tone="warning">{t("quizStats.summary.pendingGrading", { count: overall.pendingGrading })}</Alert>
          </div>
        )}
      </Card>

      <Card title={t("quizStats.distribution.title")}>
        {overall.scores.n === 0 ? (
          <EmptyState title={t("quizStats.distribution.empty")} />
        ) : (
          <BandChart bands={overall.scores.bands} passPercent={quiz.passPercent} t={t} />
        )}
        {overall.scores.n > 0 && <p className="mt-2 text-xs text-slate-500">{t("quizStats.summary.results", { count: overall.scores.n })}</p>}
      </Card>

      <Card title={t("quizStats.units.byTeam")}>
        {stats.teams.length === 0 ? (
          <EmptyState title={t("quizStats.units.empty")} />
        ) : (
          <DataTable caption={t("quizStats.units.byTeam")} columns={teamColumn(true)} rows={stats.teams} rowKey={(u) => u.unitId} />
        )}
      </Card>
      <Card title={t("quizStats.units.byStation")}>
        {stats.stations.length === 0 ? (
          <EmptyState title={t("quizStats.units.empty")} />
        ) : (
          <DataTable caption={t("quizStats.units.byStation")} columns={teamColumn(false)} rows={stats.stations} rowKey={(u) => u.unitId} />
        )}
      </Card>

      <Card title={t("quizStats.items.title")}>
        {stats.items.length === 0 ? (
          <EmptyState title={t("quizStats.noAttempts")} />
        ) : (
          <>
            <p className="text-sm text-slate-600">{t("quizStats.items.basedOn", { count: stats.analysedAttempts })}</p>
            {flagged.length === 0 && <p className="mt-1 text-sm text-emerald-800">{t("quizStats.flags.none")}</p>}
            <details className="mt-2 text-xs text-slate-600">
              <summary className="cursor-pointer">
                {t("quizStats.items.facility")} · {t("quizStats.items.discrimination")}
              </summary>
              <p className="mt-1">{t("quizStats.items.facilityHelp")}</p>
              <p className="mt-1">{t("quizStats.items.discriminationHelp")}</p>
            </details>
            <div className="mt-3 space-y-3">
              {stats.items.map((item) => (
                <ItemCard key={item.questionId} item={item} t={t} locale={locale} />
              ))}
            </div>
          </>
        )}
      </Card>

      <div id="not-taken" className="scroll-mt-4">
        <Card
          title={t("quizStats.notTaken.title")}
          actions={<span className="text-sm text-slate-600">{t("quizStats.notTaken.count", { count: notTaken.total })}</span>}
        >
          {filtered && (
            <p className="mb-3 flex flex-wrap items-center gap-2 text-sm text-slate-700">
              {t("quizStats.notTaken.filtered", { unit: filtered.name })}
              <a href={href(1)} className="text-brand-700 underline underline-offset-2">
                {t("quizStats.notTaken.showAll")}
              </a>
            </p>
          )}
          {notTaken.rows.length === 0 ? (
            <EmptyState title={t("quizStats.notTaken.none")} />
          ) : (
            <>
              <DataTable caption={t("quizStats.notTaken.title")} columns={notTakenColumns} rows={notTaken.rows} rowKey={(r) => r.memberId} />
              {notTaken.pages > 1 && (
                <Pagination
                  page={notTaken.page}
                  pages={notTaken.pages}
                  hrefFor={(p) => href(p, unitFilter)}
                  label={{
                    nav: t("common.pagination"),
                    prev: t("common.previous"),
                    next: t("common.next"),
                    summary: t("common.page", { page: notTaken.page, pages: notTaken.pages, total: notTaken.total }),
                  }}
                />
              )}
            </>
          )}
        </Card>
      </div>
    </div>
  );
}
