import Link from "next/link";
import { z } from "zod";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { nextQuestion, PRACTICE_MODES } from "@/lib/practice/practice";
import type { PublicQuestion } from "@/lib/quiz/types";
import type { Translate } from "@/lib/i18n";
import { idField, searchValue } from "@/app/_lib/action";
import { getT } from "@/app/_lib/i18n";
import { buttonClass } from "@/app/_ui/button";
import { Badge, EmptyState } from "@/app/_ui/feedback";
import { Card, PageHeader } from "@/app/_ui/layout";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { answerPracticeAction } from "../actions";

export async function generateMetadata() {
  return { title: (await getT())("practice.go.title") };
}

const choice =
  "flex min-h-12 cursor-pointer items-start gap-3 rounded-lg border border-slate-200 bg-white px-3 py-3 text-base has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50";
const field =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30";

/** The answer's inputs as a plain form (no JavaScript needed on a weak link). */
function Inputs({ q, t }: { q: PublicQuestion; t: Translate }) {
  switch (q.type) {
    case "single":
    case "multiple":
      return (
        <fieldset className="space-y-2">
          {q.options.map((o) => (
            <label key={o.id} className={choice}>
              <input
                type={q.type === "single" ? "radio" : "checkbox"}
                name={q.type === "single" ? "optionId" : "optionIds"}
                value={o.id}
                required={q.type === "single"}
                className="mt-1 size-5 shrink-0 accent-brand-600"
              />
              <span>
                <span className="font-semibold">{o.label}.</span> <span className="whitespace-pre-wrap">{o.text}</span>
              </span>
            </label>
          ))}
        </fieldset>
      );
    case "truefalse":
      return (
        <fieldset className="grid grid-cols-2 gap-2">
          {(["true", "false"] as const).map((v) => (
            <label key={v} className={choice}>
              <input type="radio" name="value" value={v} required className="mt-1 size-5 shrink-0 accent-brand-600" />
              <span>{t(`practice.go.${v}`)}</span>
            </label>
          ))}
        </fieldset>
      );
    case "fill":
      return (
        <div className="space-y-2">
          {Array.from({ length: q.blanks }, (_, i) => `blank${i + 1}`).map((name, i) => (
            <label key={name} className="block text-sm text-slate-600">
              {t("practice.go.blank", { n: i + 1 })}
              <input name="blanks" className={field} maxLength={200} autoComplete="off" />
            </label>
          ))}
        </div>
      );
    case "numeric":
      return (
        <div className="flex items-center gap-2">
          <input
            name="value"
            inputMode="decimal"
            className={field}
            placeholder={t("practice.go.numberPlaceholder")}
            maxLength={64}
            autoComplete="off"
            required
          />
          {q.unit && <span className="text-slate-700">{q.unit}</span>}
        </div>
      );
    default:
      return null;
  }
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
              {next.question.stem}
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
