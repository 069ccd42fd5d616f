import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { getQuiz } from "@/lib/quiz/admin";
import { inVersionOrder, paperExamToManage, paperScores, type PaperScoreRow } from "@/lib/quiz/paper";
import { withoutMedia } from "@/lib/quiz/media-refs";
import { PAPER_PARTS } from "@/lib/quiz/paper-pdf";
import { searchValue } from "@/app/_lib/action";
import { getLocale, getT } from "@/app/_lib/i18n";
import { previewLabels } from "@/app/_lib/import-preview";
import { idParam } from "@/app/_lib/json-route";
import { buttonClass } from "@/app/_ui/button";
import { ConfirmAction, ConfirmReason } from "@/app/_ui/confirm";
import { EmptyState } from "@/app/_ui/feedback";
import { SelectField, TextField } from "@/app/_ui/field";
import { ImportPreviewForm } from "@/app/_ui/import-preview";
import { Card } from "@/app/_ui/layout";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { SubmitButton } from "@/app/_ui/submit";
import { DataTable, type Column } from "@/app/_ui/table";
import { fmtScore } from "../../../../_lib/labels";
import { QuizHeader } from "../../quiz-header";
import { correctPaperScoreAction, deletePaperScoreAction, importPaperScoresAction, recordPaperScoreAction } from "../actions";

export async function generateMetadata() {
  return { title: (await getT())("paper.page.title") };
}

export default async function PaperExamPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string; paperId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePermission("teach.manage");
  const t = await getT();
  const locale = await getLocale();
  const p = await params;
  const quizId = idParam.safeParse(p.id);
  const paperId = idParam.safeParse(p.paperId);
  if (!quizId.success || !paperId.success) notFound();
  const db = await getDb();
  const quiz = await getQuiz(db, user, quizId.data);
  if (!quiz) notFound();
  const found = await paperExamToManage(db, user, paperId.data, quiz.id);
  if (!found.ok) notFound();
  const paper = found.value;
  const scores = await paperScores(db, user, paper);
  const search = await searchParams;
  const saved = searchValue(search, "saved");
  const unchanged = searchValue(search, "unchanged");
  const corrected = searchValue(search, "corrected");
  const deleted = searchValue(search, "deleted");
  const base = `/teach/quizzes/${quiz.id}/paper/${paper.id}`;
  const columns: Column<PaperScoreRow>[] = [
    {
      key: "member",
      header: t("paper.page.member"),
      cell: (m) => (
        <>
          {m.name} <span className="font-mono text-xs text-slate-500">{m.employeeNo}</span>
        </>
      ),
    },
    { key: "version", header: t("paper.page.version"), cell: (m) => m.version },
    { key: "score", header: t("quizAdmin.results.result"), cell: (m) => `${fmtScore(m.score)} / ${fmtScore(m.max)}` },
    { key: "items", header: t("paper.page.items"), cell: (m) => (m.items ? t("paper.page.itemsYes") : t("paper.page.itemsNo")) },
    {
      key: "fix",
      header: t("paper.fix.actions"),
      cell: (m) => {
        const fields = { quizId: quiz.id, paperId: paper.id, attemptId: m.attemptId };
        const was = { name: m.name, version: m.version, score: fmtScore(m.score) };
        return (
          <div className="flex flex-wrap gap-2" data-testid={`paper-fix-${m.employeeNo}`}>
            <ConfirmAction
              action={correctPaperScoreAction}
              fields={fields}
              trigger={t("paper.fix.correct")}
              triggerClassName="!min-h-9 text-sm"
              variant="primary"
              title={t("paper.fix.correctTitle", was)}
              impact={[t("paper.fix.correctImpact", was), ...(m.itemScores ? [t("paper.fix.correctItems", { version: m.version })] : []), t("paper.fix.audit")]}
              confirmLabel={t("paper.fix.correctConfirm")}
              cancelLabel={t("common.cancel")}
            >
              <SelectField
                label={t("paper.page.version")}
                name="version"
                id={`fix-version-${m.attemptId}`}
                defaultValue={m.version}
                options={[
                  { value: "A", label: "A" },
                  { value: "B", label: "B" },
                ]}
              />
              {m.itemScores ? (
                <fieldset data-testid="paper-fix-items">
                  <legend className="text-sm font-medium text-slate-800">{t("paper.fix.itemsLegend")}</legend>
                  <ol className="mt-1 max-h-[45vh] space-y-2 overflow-y-auto pr-1">
                    {inVersionOrder(paper, m.version).map((q, i) => (
                      <li key={q.position} className="grid grid-cols-[1fr_5.5rem] items-center gap-2">
                        <label htmlFor={`fix-item-${m.attemptId}-${q.position}`} className="min-w-0 text-sm text-slate-700">
                          <span className="font-medium">{t("paper.fix.item", { n: q.number[m.version], points: fmtScore(q.points) })}</span>
                          <span className="block truncate text-xs text-slate-500">{withoutMedia(q.question.stem)}</span>
                        </label>
                        <input
                          id={`fix-item-${m.attemptId}-${q.position}`}
                          name={`item.${q.position}`}
                          required
                          inputMode="decimal"
                          maxLength={12}
                          defaultValue={fmtScore(m.itemScores?.[i] ?? 0)}
                          className="block w-full rounded-md border border-slate-300 px-2 py-2 text-right text-base"
                        />
                      </li>
                    ))}
                  </ol>
                </fieldset>
              ) : (
                <TextField
                  label={t("paper.page.score", { max: fmtScore(paper.maxScore) })}
                  name="score"
                  id={`fix-score-${m.attemptId}`}
                  required
                  inputMode="decimal"
                  maxLength={12}
                  defaultValue={fmtScore(m.score)}
                />
              )}
              <ConfirmReason label={t("paper.fix.reason")} maxLength={500} />
            </ConfirmAction>
            <ConfirmAction
              action={deletePaperScoreAction}
              fields={fields}
              trigger={t("paper.fix.delete")}
              triggerClassName="!min-h-9 text-sm"
              title={t("paper.fix.deleteTitle", was)}
              impact={[t("paper.fix.deleteImpact", was), t("paper.fix.audit")]}
              confirmLabel={t("paper.fix.deleteConfirm")}
              cancelLabel={t("common.cancel")}
            >
              <ConfirmReason label={t("paper.fix.reason")} maxLength={500} />
            </ConfirmAction>
          </div>
        );
      },
    },
  ];
  return (
    <div className="max-w-5xl">
      <QuizHeader
        quiz={quiz}
        t={t}
        locale={locale}
        active="paper"
        actions={
          <Link href={`/teach/quizzes/${quiz.id}/paper`} className={buttonClass("secondary")}>
            {t("paper.page.back")}
          </Link>
        }
      />
      <div className="space-y-4">
        <OutcomeAlert
          t={t}
          search={search}
          success={
            saved
              ? t("paper.page.saved", { name: saved })
              : corrected
                ? t("paper.fix.corrected", { name: corrected })
                : deleted
                  ? t("paper.fix.deleted", { name: deleted })
                  : unchanged
                    ? t("paper.page.unchanged", { name: unchanged })
                    : null
          }
        />
        <Card title={`${t("paper.page.print")} · ${paper.station.name}`}>
          <p className="text-sm text-slate-600">
            {t("paper.page.questions", { count: paper.questions.length })} · {t("paper.page.printIntro")}
          </p>
          <div className="mt-3 flex flex-wrap gap-2">
            {PAPER_PARTS.map((part) => (
              <a key={part} href={`${base}/pdf?part=${part}`} className={buttonClass("secondary")} data-part={part}>
                {t(`paper.parts.${part}`)}
              </a>
            ))}
          </div>
        </Card>
        <Card title={t("paper.page.enter")}>
          <p className="text-sm text-slate-600">{t("paper.page.enterIntro")}</p>
          <form action={recordPaperScoreAction} className="mt-3 grid gap-3 sm:grid-cols-4 sm:items-end">
            <input type="hidden" name="quizId" value={quiz.id} />
            <input type="hidden" name="paperId" value={paper.id} />
            <TextField label={t("paper.page.employeeNo")} name="employeeNo" required maxLength={32} autoComplete="off" />
            <SelectField
              label={t("paper.page.version")}
              name="version"
              options={[
                { value: "A", label: "A" },
                { value: "B", label: "B" },
              ]}
            />
            <TextField label={t("paper.page.score", { max: fmtScore(paper.maxScore) })} name="score" required inputMode="decimal" maxLength={12} />
            <SubmitButton label={t("paper.page.save")} />
          </form>
        </Card>
        <Card
          title={t("paper.page.import")}
          actions={
            <a href={`${base}/template`} className={buttonClass("secondary")}>
              {t("paper.page.template")}
            </a>
          }
        >
          <p className="mb-3 text-sm text-slate-600">{t("paper.page.importIntro")}</p>
          <ImportPreviewForm action={importPaperScoresAction} labels={previewLabels(t)}>
            <input type="hidden" name="paperId" value={paper.id} />
          </ImportPreviewForm>
        </Card>
        {scores.length === 0 ? (
          <EmptyState title={t("paper.page.empty")} />
        ) : (
          <DataTable caption={t("paper.page.scores")} columns={columns} rows={scores} rowKey={(m) => m.memberId} />
        )}
      </div>
    </div>
  );
}
