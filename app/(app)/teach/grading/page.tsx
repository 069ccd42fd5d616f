import Link from "next/link";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/core/format";
import { gradingFilter, gradingQueue, quizzesWithPending, type GradingFilter, type GradingRow } from "@/lib/quiz/admin";
import { getLocale, getT } from "@/app/_lib/i18n";
import { LinkButton, buttonClass } from "@/app/_ui/button";
import { EmptyState } from "@/app/_ui/feedback";
import { SelectField } from "@/app/_ui/field";
import { PageHeader } from "@/app/_ui/layout";
import { TabNav } from "@/app/_ui/tabs";
import { DataTable, Pagination, type Column } from "@/app/_ui/table";
import { TeachTabs } from "../_components/teach-tabs";
import { fmtScore, shortStem } from "../_lib/labels";

export async function generateMetadata() {
  return { title: (await getT())("quizAdmin.grading.title") };
}

function hrefWith(f: GradingFilter, over: Partial<GradingFilter>): string {
  const v = { ...f, page: undefined, ...over };
  const p = new URLSearchParams();
  if (v.quiz) p.set("quiz", String(v.quiz));
  if (v.show === "graded") p.set("show", "graded");
  if (v.page && v.page > 1) p.set("page", String(v.page));
  return `/teach/grading${p.size ? `?${p}` : ""}`;
}

export default async function GradingPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("teach.manage");
  const t = await getT();
  const locale = await getLocale();
  const raw = await searchParams;
  const f = gradingFilter.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  const db = await getDb();
  const [r, quizzes] = await Promise.all([gradingQueue(db, user, f), quizzesWithPending(db, user)]);
  const pendingTotal = quizzes.reduce((n, q) => n + q.pending, 0);
  const quizOptions = [...quizzes.map((q) => ({ value: String(q.id), label: `${q.title}（${q.pending}）` }))];
  if (f.quiz && !quizzes.some((q) => q.id === f.quiz)) quizOptions.push({ value: String(f.quiz), label: r.rows[0]?.quizTitle ?? `#${f.quiz}` });
  const graded = f.show === "graded";

  const columns: Column<GradingRow>[] = [
    {
      key: "member",
      header: t("quizAdmin.grading.member"),
      cell: (g) => (
        <span>
          {g.memberName} <span className="font-mono text-xs text-slate-500">{g.employeeNo}</span>
          <span className="block text-xs text-slate-500">{g.unitName}</span>
        </span>
      ),
    },
    { key: "quiz", header: t("quizAdmin.grading.quiz"), cell: (g) => g.quizTitle },
    { key: "question", header: t("quizAdmin.grading.question"), cell: (g) => shortStem(g.stem, 60) },
    { key: "submitted", header: t("quizAdmin.grading.submittedAt"), cell: (g) => (g.submittedAt ? formatDateTime(g.submittedAt, locale) : "—"), wide: true },
    ...(graded
      ? [{ key: "score", header: t("quizAdmin.grading.scoreGiven"), cell: (g: GradingRow) => `${fmtScore(g.manualScore ?? 0)}/${fmtScore(g.points)}` }]
      : []),
    {
      key: "open",
      header: t("common.actions"),
      cell: (g) => (
        <Link href={`/teach/grading/${g.attemptId}/${g.position}`} className={buttonClass(graded ? "secondary" : "primary", "min-h-9 px-3")}>
          {graded ? t("quizAdmin.grading.review") : t("quizAdmin.grading.open")}
        </Link>
      ),
    },
  ];

  return (
    <div>
      <PageHeader
        title={t("quizAdmin.grading.title")}
        actions={
          !graded && r.rows[0] ? (
            <LinkButton href={`/teach/grading/${r.rows[0].attemptId}/${r.rows[0].position}`} variant="primary">
              {t("quizAdmin.grading.start")}
            </LinkButton>
          ) : undefined
        }
      >
        {t("quizAdmin.grading.intro")}
      </PageHeader>
      <TeachTabs t={t} active="grading" toGrade={pendingTotal} />
      <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
        <TabNav
          label={t("quizAdmin.grading.title")}
          active={f.show}
          items={[
            { key: "pending", href: hrefWith(f, { show: "pending" }), label: t("quizAdmin.grading.pending") },
            { key: "graded", href: hrefWith(f, { show: "graded" }), label: t("quizAdmin.grading.graded") },
          ]}
        />
        <form method="get" action="/teach/grading" className="flex items-end gap-2">
          {graded && <input type="hidden" name="show" value="graded" />}
          <div className="w-56 max-w-[60vw]">
            <SelectField
              label={t("quizAdmin.grading.quiz")}
              name="quiz"
              defaultValue={f.quiz ? String(f.quiz) : ""}
              options={[{ value: "", label: t("quizAdmin.grading.allQuizzes") }, ...quizOptions]}
            />
          </div>
          <button type="submit" className={buttonClass("secondary")}>
            {t("common.filter")}
          </button>
        </form>
      </div>
      {r.rows.length === 0 ? (
        <EmptyState title={graded ? t("quizAdmin.grading.emptyGraded") : t("quizAdmin.grading.empty")} />
      ) : (
        <DataTable caption={t("quizAdmin.grading.caption")} columns={columns} rows={r.rows} rowKey={(g) => `${g.attemptId}:${g.position}`} />
      )}
      <Pagination
        page={r.page}
        pages={r.pages}
        hrefFor={(page) => hrefWith(f, { page })}
        label={{
          nav: t("common.pagination"),
          prev: t("common.previous"),
          next: t("common.next"),
          summary: t("common.page", { page: r.page, pages: r.pages, total: r.total }),
        }}
      />
    </div>
  );
}
