import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { practiceByUnit, TOP_WRONG } from "@/lib/practice/units";
import { idField, searchValue } from "@/app/_lib/action";
import { getT } from "@/app/_lib/i18n";
import { getSpecialties } from "@/app/_lib/specialties";
import { buttonClass } from "@/app/_ui/button";
import { EmptyState } from "@/app/_ui/feedback";
import { Card, PageHeader } from "@/app/_ui/layout";
import { TrendBars } from "@/app/_ui/trend-bars";
import { withoutMedia } from "@/lib/quiz/media-refs";

export async function generateMetadata() {
  return { title: (await getT())("practice.units.title") };
}

const pct = (n: number, d: number) => (d === 0 ? "—" : `${Math.round((n * 100) / d)}%`);

/** The trainer's view of one opened category: per team in scope, practice activity and what it gets wrong. */
export default async function PracticeUnitsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("teach.manage");
  const t = await getT();
  const opening = idField.safeParse(searchValue(await searchParams, "opening"));
  if (!opening.success) notFound();
  const r = await practiceByUnit(await getDb(), user, opening.data);
  if (!r.ok) notFound();
  const { opened, units } = r.value;
  const what =
    "names" in opened
      ? opened.names.join(" / ")
      : "job" in opened
        ? t("practice.teach.jobOpening", { name: opened.job })
        : t("practice.teach.specialtyOpening", { name: (await getSpecialties()).name(opened.specialty) });
  return (
    <div className="max-w-4xl space-y-4">
      <PageHeader title={t("practice.units.title")}>{t("practice.units.intro", { category: what, top: TOP_WRONG })}</PageHeader>
      {units.length === 0 ? (
        <EmptyState title={t("practice.units.none")} />
      ) : (
        <ul className="space-y-3" data-testid="practice-units">
          {units.map((u) => (
            <li key={u.unitId} data-testid={`unit-${u.unitId}`}>
              <Card title={u.name}>
                <dl className="grid grid-cols-3 gap-2 text-center">
                  <div>
                    <dt className="text-xs text-slate-500">{t("practice.units.practising")}</dt>
                    <dd className="text-lg font-semibold text-slate-900">{u.practising}</dd>
                  </div>
                  <div>
                    <dt className="text-xs text-slate-500">{t("practice.units.answers")}</dt>
                    <dd className="text-lg font-semibold text-slate-900">{u.answers}</dd>
                  </div>
                  <div>
                    <dt className="text-xs text-slate-500">{t("practice.units.rightShare")}</dt>
                    <dd className="text-lg font-semibold text-slate-900">{pct(u.right, u.answers)}</dd>
                  </div>
                </dl>
                <TrendBars weeks={u.weeks} t={t} />
                <p className="mt-3 text-sm font-medium text-slate-700">{t("practice.units.wrongTop")}</p>
                {u.wrong.length === 0 ? (
                  <p className="text-sm text-slate-500">{t("practice.units.noWrong")}</p>
                ) : (
                  <ol className="mt-1 list-decimal space-y-1 pl-5 text-sm">
                    {u.wrong.map((w) => (
                      <li key={w.questionId}>
                        <span className="line-clamp-2 text-slate-900">{withoutMedia(w.stem)}</span>
                        <span className="text-slate-500">
                          {w.names.join(" / ")} · {t("practice.units.wrongCount", { wrong: w.wrong, answers: w.answers })}
                        </span>
                      </li>
                    ))}
                  </ol>
                )}
              </Card>
            </li>
          ))}
        </ul>
      )}
      <Link href="/teach/practice" className={buttonClass("ghost", "min-h-12")}>
        {t("practice.units.back")}
      </Link>
    </div>
  );
}
