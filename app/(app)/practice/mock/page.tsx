import Link from "next/link";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { listMockExams, myMocks, QUIZ_MOCK_DEFAULT_MINUTES, quizMocksFor } from "@/lib/practice/mock";
import { practiceOverview } from "@/lib/practice/practice";
import { getT } from "@/app/_lib/i18n";
import { buttonClass } from "@/app/_ui/button";
import { Badge, EmptyState } from "@/app/_ui/feedback";
import { Card, PageHeader } from "@/app/_ui/layout";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { startMockAction } from "../actions";
import { MockSizeFields } from "./size-fields";

export async function generateMetadata() {
  return { title: (await getT())("practice.mock.title") };
}

const field = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base";

/** 模拟考试: the trainers' mock exams, one of the worker's own over an open category, and the past ones. */
export default async function MockPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("self.learn");
  const t = await getT();
  const search = await searchParams;
  const db = await getDb();
  const [exams, overview, mine, ofQuizzes] = [
    await listMockExams(db, user),
    await practiceOverview(db, user),
    await myMocks(db, user),
    await quizMocksFor(db, user),
  ];
  return (
    <div className="max-w-3xl space-y-4">
      <PageHeader title={t("practice.mock.title")}>{t("practice.mock.intro")}</PageHeader>
      <OutcomeAlert t={t} search={search} />
      {ofQuizzes.length > 0 && (
        <Card title={t("practice.mock.ofQuizzes")}>
          <p className="text-sm text-slate-600">{t("practice.mock.ofQuizzesHint")}</p>
          <ul className="divide-y divide-slate-100" data-testid="quiz-mocks">
            {ofQuizzes.map((q) => (
              <li key={q.quizId} className="flex flex-wrap items-center justify-between gap-2 py-3">
                <div className="min-w-0">
                  <p className="font-medium text-slate-900">{q.title}</p>
                  <p className="text-sm text-slate-600">
                    {q.minutes === null
                      ? t("practice.mock.quizShapeNoLimit", { quarter: q.quarter, minutes: QUIZ_MOCK_DEFAULT_MINUTES })
                      : t("practice.mock.quizShape", { quarter: q.quarter, minutes: q.minutes })}
                  </p>
                </div>
                <form action={startMockAction}>
                  <input type="hidden" name="quizId" value={q.quizId} />
                  <button type="submit" className={buttonClass("primary", "min-h-12")}>
                    {t("practice.mock.start")}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </Card>
      )}
      {overview.categories.length === 0 ? (
        <EmptyState title={t("practice.home.none")} />
      ) : (
        <>
          {exams.length > 0 && (
            <Card title={t("practice.mock.byTrainer")}>
              <ul className="divide-y divide-slate-100" data-testid="mock-exams">
                {exams.map((m) => (
                  <li key={m.id} className="flex flex-wrap items-center justify-between gap-2 py-3">
                    <div className="min-w-0">
                      <p className="font-medium text-slate-900">{m.title}</p>
                      <p className="text-sm text-slate-600">
                        {m.names.join(" / ")} · {t("practice.mock.shape", { questions: m.questions, minutes: m.minutes })}
                      </p>
                    </div>
                    <form action={startMockAction}>
                      <input type="hidden" name="mockExamId" value={m.id} />
                      <button type="submit" className={buttonClass("primary", "min-h-12")}>
                        {t("practice.mock.start")}
                      </button>
                    </form>
                  </li>
                ))}
              </ul>
            </Card>
          )}
          <Card title={t("practice.mock.own")}>
            <form action={startMockAction} className="grid grid-cols-1 gap-3 sm:grid-cols-3">
              <label className="block text-sm font-medium text-slate-700 sm:col-span-3">
                {t("practice.teach.category")}
                <select name="categoryId" required className={field}>
                  {overview.categories.map((c) => (
                    <option key={c.categoryId} value={c.categoryId}>
                      {`${c.names.join(" / ")} (${c.total})`}
                    </option>
                  ))}
                </select>
              </label>
              <MockSizeFields t={t} questions={10} minutes={15} />
              <div className="flex items-end">
                <button type="submit" className={buttonClass("primary", "min-h-12 w-full")}>
                  {t("practice.mock.start")}
                </button>
              </div>
            </form>
          </Card>
        </>
      )}
      {mine.length > 0 && (
        <Card title={t("practice.mock.mine")}>
          <ul className="divide-y divide-slate-100" data-testid="my-mocks">
            {mine.map((m) => (
              <li key={m.id} className="flex flex-wrap items-center justify-between gap-2 py-3">
                <div className="min-w-0">
                  <p className="font-medium text-slate-900">{m.title ?? m.names.join(" / ")}</p>
                  <p className="text-sm text-slate-600">
                    {m.state === "done" ? (
                      t("practice.mock.score", { right: m.right, total: m.total })
                    ) : (
                      <Badge tone={m.state === "taking" ? "brand" : "warning"}>{t(`practice.mock.${m.state}`)}</Badge>
                    )}
                  </p>
                </div>
                <Link href={`/practice/mock/${m.id}`} className={buttonClass("secondary")}>
                  {t(m.state === "taking" ? "practice.mock.continue" : "practice.mock.review")}
                </Link>
              </li>
            ))}
          </ul>
        </Card>
      )}
      <Link href="/practice" className={buttonClass("ghost", "min-h-12")}>
        {t("practice.go.back")}
      </Link>
    </div>
  );
}
