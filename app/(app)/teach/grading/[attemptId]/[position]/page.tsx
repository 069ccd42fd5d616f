import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/core/format";
import { getGradingItem, gradingHref } from "@/lib/quiz/admin";
import { MAX_PARTS } from "@/lib/quiz/types";
import { integrityFor } from "@/lib/quiz/attempts";
import { IntegritySummary } from "../../../_components/integrity";
import { getLocale, getT } from "@/app/_lib/i18n";
import { buttonClass } from "@/app/_ui/button";
import { Alert, Badge } from "@/app/_ui/feedback";
import { Card, PageHeader } from "@/app/_ui/layout";
import { TeachTabs } from "../../../_components/teach-tabs";
import { fmtScore } from "../../../_lib/labels";
import { GradeForm } from "./grade-form";
import { z } from "zod";
import { idParam } from "@/app/_lib/json-route";
import { RichText } from "@/app/_ui/rich-text";

export async function generateMetadata() {
  return { title: (await getT())("quizAdmin.grading.itemTitle") };
}

/** A group's essay part to grade, by its number; another value shows the first one waiting. */
const partParam = z.coerce.number().int().min(1).max(MAX_PARTS).nullable().catch(null);

export default async function GradeItemPage({
  params,
  searchParams,
}: {
  params: Promise<{ attemptId: string; position: string }>;
  searchParams: Promise<{ part?: string | string[] }>;
}) {
  const user = await requirePermission("teach.manage");
  const t = await getT();
  const locale = await getLocale();
  const p = await params;
  const ids = z.object({ attemptId: idParam, position: idParam }).safeParse(p);
  if (!ids.success) notFound();
  const { attemptId, position } = ids.data;
  const db = await getDb();
  const part = partParam.parse((await searchParams).part ?? null);
  const item = await getGradingItem(db, user, attemptId, position, part);
  if (!item) notFound();
  const integrity = (await integrityFor(db, user, [attemptId])).get(attemptId);
  const next = item.next ? gradingHref(item.next) : null;

  return (
    <div className="max-w-3xl">
      <PageHeader
        title={t("quizAdmin.grading.itemTitle")}
        actions={
          <Link href={`/teach/grading?quiz=${item.quiz.id}`} className={buttonClass("secondary")}>
            {t("quizAdmin.grading.backToQueue")}
          </Link>
        }
      >
        <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <Link href={`/teach/quizzes/${item.quiz.id}`} className="underline-offset-2 hover:underline">
            {item.quiz.title}
          </Link>
          {item.preview && <Badge tone="warning">{t("quizAdmin.grading.preview")}</Badge>}
        </span>
      </PageHeader>
      <TeachTabs t={t} active="grading" />
      <div className="space-y-4">
        <Card>
          <p className="text-sm text-slate-600">
            <span className="font-medium text-slate-900">{item.member.name}</span> <span className="font-mono text-xs">{item.member.employeeNo}</span> ·{" "}
            {item.member.unitName}
            {item.submittedAt && (
              <>
                {" "}
                · {t("quizAdmin.grading.submittedAt")} {formatDateTime(item.submittedAt, locale)}
              </>
            )}
          </p>
          <div className="mt-2 border-t border-slate-100 pt-2">
            <IntegritySummary info={integrity} t={t} locale={locale} />
          </div>
          {item.group && (
            <>
              <h2 className="mt-3 text-sm font-medium text-slate-500">{t("quizAdmin.grading.material")}</h2>
              <div data-testid="grading-material">
                <RichText
                  className="mt-1 block whitespace-pre-wrap break-words text-base text-slate-900"
                  text={item.group.material}
                  alt={t("quiz.media.alt")}
                />
              </div>
            </>
          )}
          <h2 className="mt-3 text-sm font-medium text-slate-500">
            {item.group ? t("quizAdmin.grading.part", { part: item.group.part }) : t("quizAdmin.grading.question")} ·{" "}
            {t("quizAdmin.points", { points: fmtScore(item.points) })}
          </h2>
          <RichText className="mt-1 block whitespace-pre-wrap break-words text-base text-slate-900" text={item.stem} alt={t("quiz.media.alt")} />
          {item.essayParts.length > 1 && (
            <nav aria-label={t("quizAdmin.grading.essayParts")} className="mt-3 border-t border-slate-100 pt-2">
              <h3 className="text-xs font-medium text-slate-500">{t("quizAdmin.grading.essayParts")}</h3>
              <ul className="mt-1 flex flex-wrap gap-2" data-testid="grading-essay-parts">
                {item.essayParts.map((e) => (
                  <li key={e.part}>
                    <Link
                      href={gradingHref({ attemptId, position, part: e.part })}
                      aria-current={e.part === item.group?.part ? "page" : undefined}
                      className="inline-block rounded border border-slate-300 px-2 py-1 text-sm aria-[current=page]:border-slate-900 aria-[current=page]:font-medium"
                    >
                      {e.manualScore === null
                        ? t("quizAdmin.grading.partWaiting", { part: e.part })
                        : t("quizAdmin.grading.partScored", { part: e.part, score: fmtScore(e.manualScore), max: fmtScore(e.points) })}
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
          )}
        </Card>
        <div className="grid gap-4 md:grid-cols-2">
          <Card title={t("quizAdmin.grading.answerText")}>
            <p className="whitespace-pre-wrap break-words text-sm text-slate-900">{item.text}</p>
          </Card>
          <Card title={t("quizAdmin.grading.reference")}>
            <p className="whitespace-pre-wrap break-words text-sm text-slate-700">{item.reference || t("quizAdmin.grading.noReference")}</p>
            {item.explanation && (
              <>
                <h3 className="mt-3 text-xs font-medium text-slate-500">{t("quizAdmin.grading.explanation")}</h3>
                <RichText className="mt-1 block whitespace-pre-wrap break-words text-sm text-slate-700" text={item.explanation} alt={t("quiz.media.alt")} />
              </>
            )}
          </Card>
        </div>
        <Card>
          {item.manualScore !== null && item.gradedAt && (
            <p className="mb-3 text-sm text-slate-600">
              {t("quizAdmin.grading.gradedBy", { who: item.gradedBy ?? t("quizAdmin.question.system"), when: formatDateTime(item.gradedAt, locale) })}
            </p>
          )}
          {item.slotPoints !== item.points && (
            <div className="mb-3">
              <Alert>{t("quizAdmin.grading.slotScaled", { slotPoints: fmtScore(item.slotPoints) })}</Alert>
            </div>
          )}
          <GradeForm
            key={item.group?.part ?? 0}
            attemptId={attemptId}
            position={position}
            part={item.group?.part ?? null}
            score={item.manualScore}
            feedback={item.feedback}
            next={next}
            labels={{
              score: t("quizAdmin.grading.score", { max: fmtScore(item.points) }),
              scoreHint: t("quizAdmin.grading.scoreHint"),
              feedback: t("quizAdmin.grading.feedback"),
              save: t("quizAdmin.grading.save"),
              saveNext: t("quizAdmin.grading.saveNext"),
              saving: t("quizAdmin.grading.saving"),
            }}
          />
        </Card>
      </div>
    </div>
  );
}
