import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { listJobsWithRequirements, requirementOptions } from "@/lib/eligibility/admin";
import { describeRequirement } from "@/lib/eligibility/describe";
import { CONTEST_LEVELS, REQUIREMENT_KINDS } from "@/lib/eligibility/types";
import { searchValue } from "@/app/_lib/action";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { getT } from "@/app/_lib/i18n";
import { getSpecialties } from "@/app/_lib/specialties";
import { buttonClass } from "@/app/_ui/button";
import { Badge } from "@/app/_ui/feedback";
import { Card, PageHeader } from "@/app/_ui/layout";
import { deleteRequirementAction, setJobActiveAction } from "./actions";
import { JobForm, RequirementForm } from "./requirement-form";

export async function generateMetadata() {
  return { title: (await getT())("eligibility.jobs.title") };
}

export default async function JobsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePermission("jobs.write");
  const t = await getT();
  const sp = await getSpecialties();
  const db = await getDb();
  const [jobs, opts] = [await listJobsWithRequirements(db), await requirementOptions(db)];
  const search = await searchParams;
  const job = searchValue(search, "job");
  const o = (xs: { id: number; title: string; quarter?: string }[]) =>
    xs.map((x) => ({ value: String(x.id), label: x.quarter ? `${x.title}（${x.quarter}）` : x.title }));
  const s = (xs: string[]) => xs.map((x) => ({ value: x, label: x }));
  return (
    <div className="space-y-4">
      <PageHeader title={t("eligibility.jobs.title")}>{t("eligibility.jobs.intro")}</PageHeader>
      <OutcomeAlert t={t} search={search} />
      <Card title={t("eligibility.jobs.addRequirement")}>
        <RequirementForm
          jobId={job && /^\d{1,9}$/.test(job) ? Number(job) : null}
          jobs={jobs.filter((j) => j.active).map((j) => ({ value: String(j.id), label: `${j.name}（${j.code}）` }))}
          kinds={REQUIREMENT_KINDS.map((k) => ({ value: k, label: t(`eligibility.kinds.${k}`) }))}
          quizzes={o(opts.quizzes)}
          quizSeries={s(opts.quizSeries)}
          specialties={sp.options()}
          courses={o(opts.courses)}
          classSeries={s(opts.classSeries)}
          certificates={o(opts.certificates)}
          tasks={o(opts.tasks)}
          contests={o(opts.contests)}
          levels={CONTEST_LEVELS.map((l) => ({ value: l, label: t(`eligibility.levels.${l}`) }))}
          labels={{
            job: t("eligibility.roster.job"),
            kind: t("eligibility.jobs.kind"),
            quiz: t("eligibility.jobs.quiz"),
            anyQuiz: t("eligibility.jobs.anyQuizOfSeries"),
            series: t("eligibility.jobs.series"),
            specialty: t("eligibility.jobs.specialty"),
            minScore: t("eligibility.jobs.minScore"),
            withinMonths: t("eligibility.jobs.withinMonths"),
            withinQuarters: t("eligibility.jobs.withinQuarters"),
            course: t("eligibility.jobs.course"),
            classSeries: t("eligibility.jobs.classSeries"),
            minCount: t("eligibility.jobs.minCount"),
            minCountHint: t("eligibility.jobs.minCountHint"),
            certificate: t("eligibility.jobs.certificate"),
            task: t("eligibility.jobs.task"),
            contest: t("eligibility.jobs.contest"),
            anyContest: t("eligibility.jobs.anyContest"),
            level: t("eligibility.jobs.level"),
            maxRank: t("eligibility.jobs.maxRank"),
            add: t("eligibility.jobs.add"),
            choose: t("eligibility.jobs.choose"),
          }}
        />
      </Card>
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
        {jobs.map((j) => (
          <Card
            key={j.id}
            title={`${j.name}（${j.code}）`}
            actions={
              <form action={setJobActiveAction} className="flex items-center gap-2">
                <Badge tone={j.active ? "success" : "neutral"}>{j.active ? t("eligibility.jobs.active") : t("eligibility.jobs.inactive")}</Badge>
                <input type="hidden" name="id" value={j.id} />
                <input type="hidden" name="active" value={j.active ? "false" : "true"} />
                <button type="submit" className={buttonClass("secondary", "!min-h-8 !px-2 text-xs")}>
                  {j.active ? t("eligibility.jobs.deactivate") : t("eligibility.jobs.activate")}
                </button>
              </form>
            }
          >
            <p className="mb-2 text-xs text-slate-500">{sp.name(j.specialty)}</p>
            {j.requirements.length === 0 ? (
              <p className="text-sm text-slate-600">{t("eligibility.jobs.noRequirements")}</p>
            ) : (
              <ul className="divide-y divide-slate-100" aria-label={`${t("eligibility.jobs.requirements")} ${j.name}`}>
                {j.requirements.map((r) => {
                  const problems = j.problems.filter((p) => p.requirementId === r.id);
                  return (
                    <li key={r.id} className="flex flex-wrap items-start justify-between gap-2 py-2 text-sm">
                      <div className="min-w-0 flex-1">
                        <Badge tone="brand">{t(`eligibility.kinds.${r.kind}`)}</Badge> <span className="break-words">{describeRequirement(t, r)}</span>
                        {problems.map((p) => (
                          <p key={p.code} role="alert" className="mt-1 text-xs text-red-700">
                            {t(p.code)}
                          </p>
                        ))}
                      </div>
                      <form action={deleteRequirementAction}>
                        <input type="hidden" name="id" value={r.id} />
                        <button type="submit" className={buttonClass("secondary", "!min-h-8 !px-2 text-xs")}>
                          {t("eligibility.jobs.remove")}
                        </button>
                      </form>
                    </li>
                  );
                })}
              </ul>
            )}
          </Card>
        ))}
      </div>
      <Card title={t("eligibility.jobs.newJob")}>
        <JobForm
          specialties={sp.options()}
          labels={{
            code: t("eligibility.jobs.code"),
            name: t("eligibility.jobs.name"),
            specialty: t("eligibility.jobs.specialty"),
            create: t("eligibility.jobs.create"),
          }}
        />
      </Card>
    </div>
  );
}
