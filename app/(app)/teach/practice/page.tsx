import Link from "next/link";
import { getDb } from "@/lib/core/db";
import { scopeOf } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { listJobs } from "@/lib/members/members";
import { listOrgTree } from "@/lib/org/units";
import { listMockExams } from "@/lib/practice/mock";
import { listOpenings } from "@/lib/practice/openings";
import { listCategoryTree } from "@/lib/quiz/admin";
import { searchValue } from "@/app/_lib/action";
import { getT } from "@/app/_lib/i18n";
import { getSpecialties } from "@/app/_lib/specialties";
import { buttonClass } from "@/app/_ui/button";
import { Badge, EmptyState } from "@/app/_ui/feedback";
import { Card, PageHeader } from "@/app/_ui/layout";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { MockSizeFields } from "../../practice/mock/size-fields";
import { closePracticeAction, createMockAction, openPracticeAction, withdrawMockAction } from "./actions";

export async function generateMetadata() {
  return { title: (await getT())("practice.teach.title") };
}

const box = "flex min-h-10 items-center gap-2 text-sm text-slate-800";
const field = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base";
const successOf = {
  opened: "practice.teach.opened",
  closed: "practice.teach.closed",
  mock: "practice.mock.defined",
  mockWithdrawn: "practice.mock.withdrawn",
} as const;

/** Which bank categories are open for practice, and to whom; open, change or close one. */
export default async function TeachPracticePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("teach.manage");
  const t = await getT();
  const db = await getDb();
  const search = await searchParams;
  const scope = scopeOf(user, "teach.manage");
  const [openings, cats, units, jobs, mocks, specialties] = await Promise.all([
    listOpenings(db, user),
    listCategoryTree(db, user),
    listOrgTree(db, scope),
    listJobs(db),
    listMockExams(db, user),
    getSpecialties(),
  ]);
  const catName = new Map(cats.map((c) => [c.id, c.names.join(" / ")]));
  const openingName = (o: (typeof openings)[number]) =>
    o.categoryId !== null
      ? (catName.get(o.categoryId) ?? String(o.categoryId))
      : o.job !== null
        ? t("practice.teach.jobOpening", { name: o.job.name })
        : t("practice.teach.specialtyOpening", { name: specialties.name(o.specialty) });
  const categoryOpenings = openings.filter((o): o is typeof o & { categoryId: number } => o.categoryId !== null);
  const done = searchValue(search, "done");
  return (
    <div className="max-w-4xl space-y-4">
      <PageHeader title={t("practice.teach.title")}>{t("practice.teach.intro")}</PageHeader>
      <OutcomeAlert t={t} search={search} success={done && done in successOf ? t(successOf[done as keyof typeof successOf]) : null} />
      <Card>
        {openings.length === 0 ? (
          <EmptyState title={t("practice.teach.none")} />
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="openings">
            {openings.map((o) => (
              <li key={o.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
                <div className="min-w-0">
                  <p className="font-medium text-slate-900">
                    {openingName(o)} {o.includeQuizQuestions && <Badge tone="warning">{t("practice.teach.quizQuestions")}</Badge>}
                  </p>
                  <p className="text-sm text-slate-600">
                    {t("practice.teach.audience")}: {[...o.units.map((u) => u.name), ...o.jobs.map((j) => j.name)].join("、")}
                  </p>
                </div>
                <div className="flex flex-wrap gap-2">
                  <Link href={`/teach/practice/units?opening=${o.id}`} className={buttonClass("secondary")}>
                    {t("practice.units.link")}
                  </Link>
                  {o.mine && (
                    <form action={closePracticeAction}>
                      <input type="hidden" name="openingId" value={o.id} />
                      <button type="submit" className={buttonClass("secondary")}>
                        {t("practice.teach.close")}
                      </button>
                    </form>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title={t("practice.teach.open")}>
        <form action={openPracticeAction} className="space-y-4">
          <fieldset>
            <legend className="text-sm font-medium text-slate-700">{t("practice.teach.what")}</legend>
            <label className={box}>
              <input type="radio" name="kind" value="category" defaultChecked className="size-5 shrink-0 accent-brand-600" />
              {t("practice.teach.byCategory")}
            </label>
            <label className={box}>
              <input type="radio" name="kind" value="specialty" className="size-5 shrink-0 accent-brand-600" />
              {t("practice.teach.bySpecialty")}
            </label>
            <label className={box}>
              <input type="radio" name="kind" value="job" className="size-5 shrink-0 accent-brand-600" />
              {t("practice.teach.byJob")}
            </label>
          </fieldset>
          <label className="block text-sm font-medium text-slate-700">
            {t("practice.teach.category")}
            <select name="categoryId" className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base">
              {cats.map((c) => (
                <option key={c.id} value={c.id}>
                  {`${"　".repeat(c.depth)}${c.name} (${c.total})`}
                </option>
              ))}
            </select>
          </label>
          <label className="block text-sm font-medium text-slate-700">
            {t("practice.teach.specialty")}
            <select name="specialty" className={field}>
              {specialties.options().map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </label>
          <label className="block text-sm font-medium text-slate-700">
            {t("practice.teach.job")}
            <select name="jobId" className={field}>
              {jobs.map((j) => (
                <option key={j.id} value={j.id}>
                  {j.name}
                </option>
              ))}
            </select>
          </label>
          <fieldset>
            <legend className="text-sm font-medium text-slate-700">{t("practice.teach.units")}</legend>
            <div className="mt-1 max-h-64 overflow-y-auto rounded-md border border-slate-200 p-2">
              {units.map((u) => (
                <label key={u.id} className={box} style={{ paddingLeft: `${u.depth * 1}rem` }}>
                  <input type="checkbox" name="orgUnitIds" value={u.id} className="size-5 accent-brand-600" />
                  {u.name}
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset disabled={!scope.all}>
            <legend className="text-sm font-medium text-slate-700">{t("practice.teach.jobs")}</legend>
            {!scope.all && <p className="text-xs text-slate-500">{t("practice.teach.jobsScoped")}</p>}
            <div className="mt-1 grid grid-cols-1 gap-1 sm:grid-cols-2">
              {jobs.map((j) => (
                <label key={j.id} className={box}>
                  <input type="checkbox" name="jobIds" value={j.id} className="size-5 accent-brand-600" />
                  {j.name}
                </label>
              ))}
            </div>
          </fieldset>
          <label className={box}>
            <input type="checkbox" name="includeQuizQuestions" className="size-5 accent-brand-600" />
            <span>
              {t("practice.teach.includeQuiz")}
              <span className="block text-xs text-slate-500">{t("practice.teach.includeQuizHint")}</span>
            </span>
          </label>
          <button type="submit" className={buttonClass("primary")}>
            {t("practice.teach.open")}
          </button>
        </form>
      </Card>
      <Card title={t("practice.mock.define")}>
        {mocks.length === 0 ? (
          <p className="text-sm text-slate-600">{t("practice.mock.none")}</p>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="mock-exams">
            {mocks.map((m) => (
              <li key={m.id} className="flex flex-wrap items-center justify-between gap-2 py-3">
                <div className="min-w-0">
                  <p className="font-medium text-slate-900">{m.title}</p>
                  <p className="text-sm text-slate-600">
                    {m.names.join(" / ")} · {t("practice.mock.shape", { questions: m.questions, minutes: m.minutes })}
                  </p>
                </div>
                {m.mine && (
                  <form action={withdrawMockAction}>
                    <input type="hidden" name="mockExamId" value={m.id} />
                    <button type="submit" className={buttonClass("secondary")}>
                      {t("practice.mock.withdraw")}
                    </button>
                  </form>
                )}
              </li>
            ))}
          </ul>
        )}
        {categoryOpenings.length > 0 && (
          <form action={createMockAction} className="mt-4 grid grid-cols-1 gap-3 sm:grid-cols-2">
            <label className="block text-sm font-medium text-slate-700">
              {t("practice.mock.name")}
              <input name="title" required maxLength={100} className={field} />
            </label>
            <label className="block text-sm font-medium text-slate-700">
              {t("practice.teach.category")}
              <select name="categoryId" required className={field}>
                {categoryOpenings.map((o) => (
                  <option key={o.id} value={o.categoryId}>
                    {openingName(o)}
                  </option>
                ))}
              </select>
            </label>
            <MockSizeFields t={t} questions={20} minutes={30} />
            <div>
              <button type="submit" className={buttonClass("primary")}>
                {t("practice.mock.define")}
              </button>
            </div>
          </form>
        )}
      </Card>
    </div>
  );
}
