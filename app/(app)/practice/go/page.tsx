import Link from "next/link";
import { z } from "zod";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { nextQuestion, PRACTICE_MODES } from "@/lib/practice/practice";
import { idField, searchValue } from "@/app/_lib/action";
import { getT } from "@/app/_lib/i18n";
import { buttonClass } from "@/app/_ui/button";
import { Badge, EmptyState } from "@/app/_ui/feedback";
import { Card, PageHeader } from "@/app/_ui/layout";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { answerPracticeAction } from "../actions";
import { Inputs } from "../inputs";
import { RichText } from "@/app/_ui/rich-text";

export async function generateMetadata() {
  return { title: (await getT())("practice.go.title") };
}

const modeLabel = {
  order: "practice.go.modeOrder",
  category: "practice.go.modeCategory",
  random: "practice.go.modeRandom",
  book: "practice.go.modeBook",
} as const;

/** One question to practise: answered by a plain form post, checked on the server. */
export default async function PracticeGoPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("self.learn");
  const t = await getT();
  const search = await searchParams;
  const mode = z.enum(PRACTICE_MODES).catch("order").parse(searchValue(search, "mode"));
  const cat = idField.safeParse(searchValue(search, "category"));
  const categoryId = cat.success ? cat.data : undefined;
  const r = await nextQuestion(await getDb(), user, { mode, categoryId });
  const next = r.ok ? r.value : null;
  return (
    <div className="max-w-2xl space-y-4">
      <PageHeader title={t(modeLabel[mode])} />
      <OutcomeAlert t={t} search={search} />
      {!next ? (
        <EmptyState title={t(mode === "book" ? "practice.go.bookEmpty" : "practice.go.allDone")}>
          <Link href="/practice" className={buttonClass("secondary")}>
            {t("practice.go.back")}
          </Link>
        </EmptyState>
      ) : (
        <Card>
          <div className="mb-2 flex flex-wrap items-center gap-2 text-sm text-slate-500">
            <span>{next.names.join(" / ")}</span>
            {next.inBook && <Badge tone="warning">{t("practice.go.inBook")}</Badge>}
          </div>
          <form action={answerPracticeAction} className="space-y-4" data-testid="practice-form">
            <p className="whitespace-pre-wrap text-base font-medium text-slate-900" data-testid="stem">
              <RichText text={next.question.stem} alt={t("quiz.media.alt")} />
            </p>
            <input type="hidden" name="questionId" value={next.questionId} />
            <input type="hidden" name="mode" value={mode} />
            <input type="hidden" name="type" value={next.question.type} />
            {categoryId !== undefined && <input type="hidden" name="categoryId" value={categoryId} />}
            <Inputs q={next.question} t={t} />
            <div className="flex flex-wrap gap-2">
              <button type="submit" className={buttonClass("primary", "min-h-12 flex-1 sm:flex-none")}>
                {t("practice.go.submit")}
              </button>
              <Link href="/practice" className={buttonClass("ghost", "min-h-12")}>
                {t("practice.go.back")}
              </Link>
            </div>
          </form>
        </Card>
      )}
    </div>
  );
}
