import Link from "next/link";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/core/format";
import { listQuizzes, quizFilter, type QuizFilter, type QuizListRow } from "@/lib/quiz/admin";

import { getLocale, getT } from "@/app/_lib/i18n";
import { LinkButton, buttonClass } from "@/app/_ui/button";
import { Badge, EmptyState } from "@/app/_ui/feedback";
import { SelectField } from "@/app/_ui/field";
import { PageHeader } from "@/app/_ui/layout";
import { DataTable, Pagination, type Column } from "@/app/_ui/table";
import { TeachTabs } from "../_components/teach-tabs";
import { statusLabel, statusTone } from "../_lib/labels";
import { quarterText } from "@/lib/core/time";

export async function generateMetadata() {
  return { title: (await getT())("quizAdmin.quizzes.title") };
}

function hrefWith(f: QuizFilter, page?: number): string {
  const p = new URLSearchParams();
  if (f.status) p.set("status", f.status);
  if (f.quarter) p.set("quarter", f.quarter);
  if (page && page > 1) p.set("page", String(page));
  return `/teach/quizzes${p.size ? `?${p}` : ""}`;
}

export default async function QuizzesAdminPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("teach.manage");
  const t = await getT();
  const locale = await getLocale();
  const raw = await searchParams;
  const f = quizFilter.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  const r = await listQuizzes(await getDb(), user, f);
  const filtered = Boolean(f.status || f.quarter);

  const columns: Column<QuizListRow>[] = [
    {
      key: "title",
      header: t("quizAdmin.quizzes.quizTitle"),
      cell: (q) => (
        <span className="flex flex-col gap-0.5">
          <Link href={`/teach/quizzes/${q.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
            {q.title}
          </Link>
          {q.theme && <span className="text-xs text-slate-500">{q.theme}</span>}
        </span>
      ),
    },
    { key: "quarter", header: t("quizAdmin.quizzes.quarter"), cell: (q) => <span className="whitespace-nowrap">{quarterText(q.quarter, locale)}</span> },
    {
      key: "status",
      header: t("quizAdmin.quizzes.status"),
      cell: (q) => (
        <span className="whitespace-nowrap">
          <Badge tone={statusTone[q.status]}>{statusLabel(t, q.status)}</Badge>
        </span>
      ),
    },
    {
      key: "window",
      header: t("quizAdmin.quizzes.window"),
      cell: (q) => t("quizAdmin.quizzes.windowValue", { opens: formatDateTime(q.opensAt, locale), closes: formatDateTime(q.closesAt, locale) }),
    },
    { key: "participants", header: t("quizAdmin.quizzes.participants"), cell: (q) => q.participants },
    {
      key: "toGrade",
      header: t("quizAdmin.quizzes.toGrade"),
      cell: (q) =>
        q.toGrade ? (
          <Link href={`/teach/grading?quiz=${q.id}`} className="text-amber-800 underline">
            {q.toGrade}
          </Link>
        ) : (
          "0"
        ),
      wide: true,
    },
    { key: "slots", header: t("quizAdmin.quizzes.slots"), cell: (q) => t("quizAdmin.quizzes.slotsCount", { count: q.slots }), wide: true },
  ];

  return (
    <div>
      <PageHeader
        title={t("quizAdmin.quizzes.title")}
        actions={
          <LinkButton href="/teach/quizzes/new" variant="primary">
            {t("quizAdmin.quizzes.newQuiz")}
          </LinkButton>
        }
      />
      <TeachTabs t={t} active="quizzes" />
      <form
        method="get"
        action="/teach/quizzes"
        className="mb-4 grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-[1fr_1fr_auto]"
      >
        <SelectField
          label={t("quizAdmin.quizzes.status")}
          name="status"
          defaultValue={f.status ?? ""}
          options={[{ value: "", label: t("common.all") }, ...(["draft", "published", "closed"] as const).map((s) => ({ value: s, label: statusLabel(t, s) }))]}
        />
        <SelectField
          label={t("quizAdmin.quizzes.quarter")}
          name="quarter"
          defaultValue={f.quarter ?? ""}
          options={[{ value: "", label: t("quizAdmin.quizzes.allQuarters") }, ...r.quarters.map((q) => ({ value: q, label: quarterText(q, locale) }))]}
        />
        <div className="col-span-2 flex items-end gap-2 sm:col-span-1">
          <button type="submit" className={buttonClass("primary")}>
            {t("common.filter")}
          </button>
          <Link href="/teach/quizzes" className={buttonClass("secondary")}>
            {t("common.reset")}
          </Link>
        </div>
      </form>
      {r.rows.length === 0 ? (
        <EmptyState title={filtered ? t("quizAdmin.quizzes.emptyFiltered") : t("quizAdmin.quizzes.empty")} />
      ) : (
        <DataTable caption={t("quizAdmin.quizzes.listCaption")} columns={columns} rows={r.rows} rowKey={(q) => q.id} />
      )}
      <Pagination
        page={r.page}
        pages={r.pages}
        hrefFor={(page) => hrefWith(f, page)}
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
