import type { ReactNode } from "react";
import type { Locale, Translate } from "@/lib/i18n";
import type { QuizRow } from "@/lib/quiz/admin";

import { Badge } from "@/app/_ui/feedback";
import { PageHeader } from "@/app/_ui/layout";
import { TabNav } from "@/app/_ui/tabs";
import { statusLabel, statusTone } from "../../_lib/labels";
import { quarterText } from "@/lib/core/time";
import * as clock from "@/lib/core/clock";

export type QuizTab = "overview" | "settings" | "questions" | "audience" | "results" | "stats" | "paper";

/** The title, state and tabs shared by every page of one quiz. */
export function QuizHeader({
  quiz,
  t,
  locale,
  active,
  actions,
  toGrade,
}: {
  quiz: QuizRow;
  t: Translate;
  locale: Locale;
  active: QuizTab;
  actions?: ReactNode;
  toGrade?: number;
}) {
  const base = `/teach/quizzes/${quiz.id}`;
  return (
    <>
      <PageHeader title={quiz.title} actions={actions}>
        <span className="flex flex-wrap items-center gap-2">
          <Badge tone={statusTone[quiz.status]}>{statusLabel(t, quiz.status)}</Badge>
          <Badge tone="brand">{quarterText(quiz.quarter, locale)}</Badge>
          {quiz.theme && <Badge>{quiz.theme}</Badge>}
        </span>
      </PageHeader>
      <TabNav
        label={quiz.title}
        active={active}
        items={[
          { key: "overview", href: base, label: t("quizAdmin.quiz.tabs.overview"), badge: toGrade },
          { key: "settings", href: `${base}/edit`, label: t("quizAdmin.quiz.tabs.settings") },
          { key: "questions", href: `${base}/questions`, label: t("quizAdmin.quiz.tabs.questions") },
          { key: "audience", href: `${base}/audience`, label: t("quizAdmin.quiz.tabs.audience") },
          { key: "results", href: `${base}/results`, label: t("quizAdmin.quiz.tabs.results") },
          { key: "stats", href: `${base}/stats`, label: t("quizAdmin.quiz.tabs.stats") },
          { key: "paper", href: `${base}/paper`, label: t("paper.tab") },
        ]}
      />
    </>
  );
}

/** The site's zone as people call it: 中国标准时间, China Standard Time. */
export function zoneName(tz: string, locale: Locale): string {
  const part = new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "zh-CN", { timeZone: tz, timeZoneName: "long" })
    .formatToParts(clock.now())
    .find((p) => p.type === "timeZoneName");
  return part?.value ?? tz;
}

/** An error code and its params from the query string (`error`, `p.name`), as the actions send them. */
export function errorFromQuery(sp: Record<string, string | undefined>): { code: string; params: Record<string, string> } | null {
  if (!sp.error) return null;
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(sp)) if (k.startsWith("p.") && v !== undefined) params[k.slice(2)] = v;
  return { code: sp.error, params };
}
