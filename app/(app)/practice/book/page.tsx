import Link from "next/link";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { listBook, masteryStreak } from "@/lib/practice/practice";
import { getT } from "@/app/_lib/i18n";
import { buttonClass } from "@/app/_ui/button";
import { Badge, EmptyState } from "@/app/_ui/feedback";
import { Card, PageHeader } from "@/app/_ui/layout";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { removeFromBookAction } from "../actions";
import { withoutMedia } from "@/lib/quiz/media-refs";

export async function generateMetadata() {
  return { title: (await getT())("practice.book.title") };
}

const source = { practice: "practice.book.sourcePractice", quiz: "practice.book.sourceQuiz", manual: "practice.book.sourceManual" } as const;

/** 错题本: the worker's wrong answers by category, to practise alone or take out by hand. */
export default async function WrongBookPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("self.learn");
  const t = await getT();
  const groups = await listBook(await getDb(), user);
  const count = groups.reduce((n, g) => n + g.items.length, 0);
  return (
    <div className="max-w-3xl space-y-4">
      <PageHeader
        title={t("practice.book.title")}
        actions={
          count > 0 && (
            <Link href="/practice/go?mode=book" className={buttonClass("primary", "min-h-12")}>
              {t("practice.book.practise")}
            </Link>
          )
        }
      >
        {t("practice.book.intro", { needed: masteryStreak() })}
      </PageHeader>
      <OutcomeAlert t={t} search={await searchParams} />
      {count === 0 ? (
        <EmptyState title={t("practice.book.empty")} />
      ) : (
        groups.map((g) => (
          <Card key={g.names.join("/")} title={`${g.names.join(" / ")} · ${t("practice.book.count", { count: g.items.length })}`}>
            <ul className="divide-y divide-slate-100" data-testid="book-items">
              {g.items.map((i) => (
                <li key={i.questionId} className="flex items-start justify-between gap-3 py-3">
                  <div className="min-w-0">
                    <p className="line-clamp-3 whitespace-pre-wrap text-slate-900">{withoutMedia(i.stem)}</p>
                    <p className="mt-1 flex flex-wrap gap-2 text-xs text-slate-500">
                      <Badge>{t(source[i.source])}</Badge>
                      {i.streak > 0 && <span>{t("practice.book.streak", { streak: i.streak })}</span>}
                    </p>
                  </div>
                  <form action={removeFromBookAction}>
                    <input type="hidden" name="questionId" value={i.questionId} />
                    <button type="submit" className={buttonClass("ghost", "min-h-10 shrink-0 whitespace-nowrap")}>
                      {t("practice.book.remove")}
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          </Card>
        ))
      )}
    </div>
  );
}
