import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { getQuiz, quizResultsByMember, resultsFilter, type MemberResultRow } from "@/lib/quiz/admin";
import { integrityFor } from "@/lib/quiz/attempts";
import { IntegritySummary } from "../../../_components/integrity";
import { getLocale, getT } from "@/app/_lib/i18n";
import { buttonClass } from "@/app/_ui/button";
import { Badge, EmptyState } from "@/app/_ui/feedback";
import { Card } from "@/app/_ui/layout";
import { DataTable, Pagination, type Column } from "@/app/_ui/table";
import { fmtScore } from "../../../_lib/labels";
import { QuizHeader } from "../quiz-header";
import { idParam } from "@/app/_lib/json-route";

export async function generateMetadata() {
  return { title: (await getT())("quizAdmin.results.title") };
}

export default async function QuizResultsPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePermission("teach.manage");
  const t = await getT();
  const locale = await getLocale();
  const parsedId = idParam.safeParse((await params).id);
  if (!parsedId.success) notFound();
  const id = parsedId.data;
  const db = await getDb();
  const quiz = await getQuiz(db, user, id);
  if (!quiz) notFound();
  const raw = await searchParams;
  const f = resultsFilter.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  const r = await quizResultsByMember(db, user, id, f);
  // The latest attempt's proctoring and integrity log, per member on this page.
  const integrity = await integrityFor(
    db,
    user,
    r.rows.map((m) => m.lastAttemptId),
  );
  const base = `/teach/quizzes/${id}/results`;
  const hrefFor = (page: number) => {
    const p = new URLSearchParams();
    if (f.q) p.set("q", f.q);
    if (page > 1) p.set("page", String(page));
    return `${base}${p.size ? `?${p}` : ""}`;
  };

  const columns: Column<MemberResultRow>[] = [
    {
      key: "member",
      header: t("quizAdmin.results.member"),
      cell: (m) => (
        <Link href={`/members/${m.memberId}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
          {m.name} <span className="font-mono text-xs text-slate-500">{m.employeeNo}</span>
        </Link>
      ),
    },
    { key: "unit", header: t("quizAdmin.results.unit"), cell: (m) => m.unitName },
    {
      key: "attempts",
      header: t("quizAdmin.results.attempts"),
      cell: (m) => (
        <>
          {m.attempts}
          {m.inProgress > 0 && <span className="ml-1 text-xs text-slate-500">{t("quizAdmin.results.inProgress", { count: m.inProgress })}</span>}
          {m.paper > 0 && <span className="ml-1 text-xs text-slate-500">{t("paper.results.paper", { count: m.paper })}</span>}
        </>
      ),
    },
    {
      key: "result",
      header: t("quizAdmin.results.result"),
      cell: (m) =>
        m.result ? (
          <span className="whitespace-nowrap">
            {t("quizAdmin.results.resultValue", { score: fmtScore(m.result.score), max: fmtScore(m.result.max), percent: fmtScore(m.result.percent) })}
          </span>
        ) : (
          <span className="text-slate-500">{t("quizAdmin.results.notFinished")}</span>
        ),
    },
    {
      key: "passed",
      header: t("quizAdmin.results.passed"),
      cell: (m) =>
        !m.result ? (
          "—"
        ) : m.result.pending ? (
          <Link href={`/teach/grading?quiz=${id}`}>
            <Badge tone="warning">{t("quizAdmin.results.pending")}</Badge>
          </Link>
        ) : (
          <Badge tone={m.result.passed ? "success" : "danger"}>{m.result.passed ? t("quizAdmin.results.passed") : t("quizAdmin.results.failed")}</Badge>
        ),
    },
    {
      key: "integrity",
      header: t("proctor.integrity.title"),
      cell: (m) => <IntegritySummary info={integrity.get(m.lastAttemptId)} t={t} locale={locale} />,
    },
  ];

  return (
    <div className="max-w-5xl">
      <QuizHeader
        quiz={quiz}
        t={t}
        locale={locale}
        active="results"
        actions={
          <Link href={`/teach/quizzes/${id}/stats`} className={buttonClass("secondary")}>
            {t("quizAdmin.results.statsLink")}
          </Link>
        }
      />
      <div className="space-y-4">
        <Card>
          <p className="text-sm text-slate-600">{t("quizAdmin.results.intro")}</p>
          <p className="mt-2 text-sm font-medium text-slate-900">{t("quizAdmin.results.summary", r.summary)}</p>
          <search>
            <form method="get" action={base} className="mt-3 flex gap-2">
              <input
                type="search"
                name="q"
                defaultValue={f.q}
                aria-label={t("quizAdmin.results.search")}
                placeholder={t("quizAdmin.results.search")}
                className="block min-h-10 w-full max-w-xs rounded-md border border-slate-300 bg-white px-3 py-2 text-base shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30 sm:text-sm"
              />
              <button type="submit" className={buttonClass("secondary", "shrink-0")}>
                {t("common.search")}
              </button>
            </form>
          </search>
        </Card>
        {r.rows.length === 0 ? (
          <EmptyState title={t("quizAdmin.results.empty")} />
        ) : (
          <DataTable caption={t("quizAdmin.results.caption")} columns={columns} rows={r.rows} rowKey={(m) => m.memberId} />
        )}
        <Pagination
          page={r.page}
          pages={r.pages}
          hrefFor={hrefFor}
          label={{
            nav: t("common.pagination"),
            prev: t("common.previous"),
            next: t("common.next"),
            summary: t("common.page", { page: r.page, pages: r.pages, total: r.total }),
          }}
        />
      </div>
    </div>
  );
}
