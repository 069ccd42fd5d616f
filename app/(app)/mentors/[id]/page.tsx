import { forbidden, notFound } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requireUser } from "@/lib/auth/session";
import { getPair, pairsOfMember } from "@/lib/mentors";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { getLocale, getT } from "@/app/_lib/i18n";
import { idParam } from "@/app/_lib/json-route";
import { Badge, EmptyState } from "@/app/_ui/feedback";
import { TextField } from "@/app/_ui/field";
import { Card, PageHeader } from "@/app/_ui/layout";
import { SubmitButton } from "@/app/_ui/submit";
import { addGoalAction, endPairAction, toggleGoalAction } from "../actions";
import { quarterText } from "@/lib/core/time";
import { currentQuarter, today } from "@/lib/core/clock";

/** The tab's title: the page's kind (the heading names the record). */
export async function generateMetadata() {
  return { title: (await getT())("methods.nav.mentors") };
}

export default async function PairPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const id = idParam.safeParse((await params).id);
  if (!id.success) notFound();
  const db = await getDb();
  const found = await getPair(db, user, id.data);
  if (!found.ok) return found.kind === "forbidden" ? forbidden() : notFound();
  const pair = found.value;
  const manager = pair.mayEnd;
  const editable = pair.mayKeepGoals;
  const t = await getT();
  const locale = await getLocale();
  const history = await pairsOfMember(db, user, pair.apprenticeId);
  return (
    <div className="space-y-4">
      <PageHeader title={`${pair.mentorName} → ${pair.apprenticeName}`}>
        <span className="tabular-nums">
          {pair.startsOn} – {pair.endsOn ?? t("methods.mentors.open")}
        </span>{" "}
        <Badge tone={pair.current ? "success" : "neutral"}>{pair.current ? t("methods.mentors.current") : t("methods.mentors.ended")}</Badge>
      </PageHeader>
      <OutcomeAlert t={t} search={await searchParams} />
      <Card title={t("methods.mentors.goals")}>
        {pair.goals.length === 0 ? (
          <EmptyState title={t("methods.mentors.noGoals")} />
        ) : (
          <ul className="divide-y divide-slate-100">
            {pair.goals.map((g) => (
              <li key={g.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                <span className="min-w-0 break-words">
                  <span className="mr-2 text-slate-500">{quarterText(g.quarter, locale)}</span>
                  {g.goal} {g.done && <Badge tone="success">{t("methods.mentors.done")}</Badge>}
                </span>
                {editable && (
                  <form action={toggleGoalAction}>
                    <input type="hidden" name="mentorshipId" value={pair.id} />
                    <input type="hidden" name="goalId" value={g.id} />
                    <input type="hidden" name="done" value={g.done ? "false" : "true"} />
                    <button type="submit" className="text-brand-700 underline">
                      {g.done ? t("methods.mentors.markOpen") : t("methods.mentors.markDone")}
                    </button>
                  </form>
                )}
              </li>
            ))}
          </ul>
        )}
        {editable && (
          <form action={addGoalAction} className="mt-3 grid grid-cols-1 gap-3 sm:grid-cols-[10rem_1fr_auto]">
            <input type="hidden" name="mentorshipId" value={pair.id} />
            <TextField label={t("methods.mentors.quarter")} name="quarter" required defaultValue={currentQuarter()} pattern="\d{4}-Q[1-4]" />
            <TextField label={t("methods.mentors.goal")} name="goal" required maxLength={300} />
            <div className="flex items-end">
              <SubmitButton label={t("methods.mentors.addGoal")} variant="secondary" />
            </div>
          </form>
        )}
      </Card>
      {manager && pair.current && (
        <Card title={t("methods.mentors.end")}>
          <form action={endPairAction} className="grid grid-cols-1 gap-3 sm:grid-cols-[1fr_auto]">
            <input type="hidden" name="id" value={pair.id} />
            <TextField label={t("methods.mentors.endOn")} name="endsOn" type="date" required defaultValue={today()} />
            <div className="flex items-end">
              <SubmitButton label={t("methods.mentors.end")} variant="danger" />
            </div>
          </form>
        </Card>
      )}
      <Card title={t("methods.mentors.history")}>
        <ul className="divide-y divide-slate-100 text-sm">
          {history.map((h) => (
            <li key={h.id} className="flex flex-wrap justify-between gap-2 py-2">
              <span>
                {h.mentorName} → {h.apprenticeName}
              </span>
              <span className="tabular-nums text-slate-600">
                {h.startsOn} – {h.endsOn ?? t("methods.mentors.open")}
              </span>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
