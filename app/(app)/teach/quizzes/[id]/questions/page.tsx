import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { messagesFor } from "@/lib/i18n";
import { hasAttempts } from "@/lib/quiz/quizzes";
import { getQuiz, getSlotViews, listCategoryTree, regradeCandidates } from "@/lib/quiz/admin";
import { getLocale, getT } from "@/app/_lib/i18n";
import { Alert, Badge } from "@/app/_ui/feedback";
import { Card } from "@/app/_ui/layout";
import { difficultyLabel, fmtScore, shortStem, typeLabel } from "../../../_lib/labels";
import { QuizHeader } from "../quiz-header";
import { RegradeForm } from "./regrade-form";
import { SlotsEditor } from "./slots-editor";
import { idParam } from "@/app/_lib/json-route";
import { mayChangeContent } from "@/lib/auth/ownership";

export async function generateMetadata() {
  return { title: (await getT())("quizAdmin.slots.title") };
}

export default async function QuizQuestionsPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
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
  const sp = await searchParams;
  const tree = await listCategoryTree(db, user);
  const [slots, locked, candidates] = await Promise.all([getSlotViews(db, user, id, tree), hasAttempts(db, id), regradeCandidates(db, user, id)]);
  const mayChange = mayChangeContent(user, quiz);
  const movable = candidates.filter((c) => c.blocked === null).reduce((n, c) => n + c.attempts, 0);

  return (
    <div className="max-w-4xl">
      <QuizHeader quiz={quiz} t={t} locale={locale} active="questions" />
      <div className="space-y-4">
        {sp.created && <Alert tone="success">{t("quizAdmin.quiz.created")}</Alert>}
        <Card title={t("quizAdmin.slots.title")} actions={locked ? <Badge tone="warning">{t("quizAdmin.quiz.lockedShort")}</Badge> : undefined}>
          <p className="mb-4 text-sm text-slate-600">{t("quizAdmin.slots.intro")}</p>
          {locked ? (
            <>
              <Alert tone="warning">{t("quizAdmin.errors.questionsLocked")}</Alert>
              <ol className="mt-3 divide-y divide-slate-100 text-sm">
                {/* Locked: the slots in their fixed order, each known by its place. */}
                {[...slots.entries()].map(([i, s]) => (
                  <li key={i} className="py-2">
                    <span className="mr-2 text-slate-500">{t("quizAdmin.slots.slotN", { n: i + 1 })}</span>
                    {s.kind === "fixed" ? (
                      <>
                        <Link href={`/teach/bank/${s.questionId}`} className="text-brand-700 underline-offset-2 hover:underline">
                          #{s.questionId} {s.question?.stem ?? t("quizAdmin.slots.missingQuestion")}
                        </Link>{" "}
                        {s.question && <Badge tone="brand">{typeLabel(t, s.question.type)}</Badge>}{" "}
                        <Badge>{t("quizAdmin.points", { points: fmtScore(s.points ?? s.question?.points ?? 0) })}</Badge>
                      </>
                    ) : (
                      <span>
                        {t("quizAdmin.slots.drawN", {
                          category: s.categoryPath,
                          count: s.count,
                          difficulty: s.difficulty ? difficultyLabel(t, s.difficulty) : t("quizAdmin.difficulty.any"),
                        })}
                        {s.points !== null && <> · {t("quizAdmin.points", { points: fmtScore(s.points) })}</>}
                      </span>
                    )}
                  </li>
                ))}
              </ol>
            </>
          ) : !mayChange ? (
            <Alert tone="warning">{t("quizAdmin.errors.notYours")}</Alert>
          ) : quiz.status === "closed" ? (
            <Alert tone="warning">{t("quizAdmin.errors.closed")}</Alert>
          ) : (
            <SlotsEditor
              quizId={id}
              initial={slots}
              categories={tree.map((c) => ({ id: c.id, label: c.name, depth: c.depth, total: c.total, byDifficulty: c.byDifficulty }))}
              m={messagesFor(locale).quizAdmin}
            />
          )}
        </Card>

        {(locked || candidates.length > 0) && (
          <section id="regrade" className="scroll-mt-20">
            <Card title={t("quizAdmin.regrade.title")}>
              <p className="mb-3 text-sm text-slate-600">{t("quizAdmin.regrade.intro")}</p>
              {candidates.length === 0 ? (
                <p className="text-sm text-slate-700">{t("quizAdmin.regrade.none")}</p>
              ) : (
                <ul className="mb-4 divide-y divide-slate-100 rounded-md border border-slate-200 text-sm">
                  {candidates.map((c) => (
                    <li key={`${c.questionId}:${c.fromVersion}`} className="flex flex-wrap items-start justify-between gap-2 px-3 py-2">
                      <div className="min-w-0 flex-1">
                        <Link href={`/teach/bank/${c.questionId}`} className="break-words text-brand-700 underline-offset-2 hover:underline">
                          #{c.questionId} {shortStem(c.stem)}
                        </Link>
                        <p className="mt-0.5 text-xs text-slate-500">
                          {t("quizAdmin.regrade.versionChange", { from: c.fromVersion, to: c.toVersion })} · {t("quizAdmin.regrade.attempts")} {c.attempts}
                        </p>
                      </div>
                      {c.blocked ? (
                        <Badge tone="danger">{t(`quizAdmin.regrade.blocked.${c.blocked}`)}</Badge>
                      ) : (
                        <Badge tone="success">{t("quizAdmin.regrade.ready")}</Badge>
                      )}
                    </li>
                  ))}
                </ul>
              )}
              <RegradeForm
                quizId={id}
                disabled={movable === 0 || !mayChange}
                labels={{
                  run: t("quizAdmin.regrade.run"),
                  running: t("quizAdmin.regrade.running"),
                  confirm: t("quizAdmin.regrade.confirm", { count: movable }),
                  changes: t("quizAdmin.regrade.changes"),
                }}
              />
            </Card>
          </section>
        )}
      </div>
    </div>
  );
}
