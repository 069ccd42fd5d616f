import Link from "next/link";
import { getDb } from "@/lib/core/db";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { DEFAULT_CAPACITY, apprenticesOf, listPairs, type PairRow } from "@/lib/mentors";
import { searchValue as one } from "@/app/_lib/action";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { getT } from "@/app/_lib/i18n";
import { Badge, EmptyState } from "@/app/_ui/feedback";
import { TextField } from "@/app/_ui/field";
import { Card, DescriptionList, PageHeader } from "@/app/_ui/layout";
import { SubmitButton } from "@/app/_ui/submit";
import { DataTable, type Column } from "@/app/_ui/table";
import { createPairAction, setCapacityAction } from "./actions";
import { currentQuarter, today } from "@/lib/core/clock";
import { MemberPicker } from "@/app/_ui/member-picker";

export async function generateMetadata() {
  return { title: (await getT())("methods.mentors.title") };
}

export default async function MentorsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const t = await getT();
  const db = await getDb();
  const search = await searchParams;
  const quarter = currentQuarter();
  const mine = await apprenticesOf(db, user, quarter);
  const manager = can(user, "teach.manage");
  const pairs = manager ? await listPairs(db, user) : [];
  const period = (p: PairRow) => `${p.startsOn} – ${p.endsOn ?? t("methods.mentors.open")}`;
  const columns: Column<PairRow>[] = [
    { key: "mentor", header: t("methods.mentors.mentorName"), cell: (p) => p.mentorName },
    {
      key: "apprentice",
      header: t("methods.mentors.apprenticeName"),
      cell: (p) => (
        <Link href={`/mentors/${p.id}`} className="text-brand-700 underline-offset-2 hover:underline">
          {p.apprenticeName}
        </Link>
      ),
    },
    { key: "unit", header: t("members.unit"), cell: (p) => p.apprenticeUnit, wide: true },
    { key: "period", header: t("methods.mentors.period"), cell: (p) => <span className="tabular-nums">{period(p)}</span> },
    {
      key: "state",
      header: t("members.status"),
      cell: (p) => <Badge tone={p.current ? "success" : "neutral"}>{p.current ? t("methods.mentors.current") : t("methods.mentors.ended")}</Badge>,
    },
  ];
  const success = one(search, "created") ? t("methods.mentors.created") : one(search, "capacity") ? t("methods.mentors.capacitySaved") : null;
  return (
    <div className="space-y-4">
      <PageHeader title={t("methods.mentors.title")} />
      <OutcomeAlert t={t} search={search} success={success} />
      <Card title={t("methods.mentors.mine")}>
        {mine.length === 0 ? (
          <EmptyState title={t("methods.mentors.noApprentices")} />
        ) : (
          <ul className="grid grid-cols-1 gap-3 md:grid-cols-2">
            {mine.map((a) => (
              <li key={a.id} className="rounded-lg border border-slate-200 p-3">
                <p className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
                  <Link href={`/mentors/${a.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
                    {a.apprenticeName}
                  </Link>
                  <span className="text-xs text-slate-500">{a.apprenticeUnit}</span>
                </p>
                <DescriptionList
                  items={[
                    { label: t("methods.mentors.lessons"), value: a.lessonsCompleted ?? "—" },
                    { label: t("methods.mentors.quizzes"), value: t("methods.mentors.quizzesValue", { taken: a.quizzesTaken, passed: a.quizzesPassed }) },
                    { label: t("methods.mentors.average"), value: a.quizAverage === null ? "—" : `${a.quizAverage}%` },
                    { label: t("methods.mentors.signoffs"), value: a.signoffs },
                    { label: t("methods.mentors.goals"), value: t("methods.mentors.goalsValue", { done: a.goalsDone, total: a.goalsTotal }) },
                  ]}
                />
              </li>
            ))}
          </ul>
        )}
      </Card>
      {manager && (
        <>
          <Card title={t("methods.mentors.all")}>
            {pairs.length === 0 ? (
              <EmptyState title={t("methods.mentors.noPairs")} />
            ) : (
              <DataTable caption={t("methods.mentors.all")} columns={columns} rows={pairs} rowKey={(p) => p.id} />
            )}
          </Card>
          <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
            <Card title={t("methods.mentors.newPair")}>
              <form action={createPairAction} className="grid grid-cols-1 gap-3 sm:grid-cols-2">
                <MemberPicker label={t("methods.mentors.mentor")} name="mentorNo" required suggestionsLabel={t("common.memberSuggestions")} />
                <MemberPicker label={t("methods.mentors.apprentice")} name="apprenticeNo" required suggestionsLabel={t("common.memberSuggestions")} />
                <TextField label={t("methods.mentors.startsOn")} name="startsOn" type="date" required defaultValue={today()} />
                <TextField label={t("methods.mentors.endsOn")} name="endsOn" type="date" />
                <div className="sm:col-span-2">
                  <TextField label={t("methods.mentors.note")} name="note" maxLength={500} />
                </div>
                <div>
                  <SubmitButton label={t("methods.mentors.create")} />
                </div>
              </form>
            </Card>
            <Card title={t("methods.mentors.capacity")}>
              <form action={setCapacityAction} className="grid grid-cols-1 gap-3 sm:grid-cols-2">
                <MemberPicker label={t("methods.mentors.capacityOf")} name="employeeNo" required suggestionsLabel={t("common.memberSuggestions")} />
                <TextField
                  label={t("methods.mentors.capacity")}
                  name="capacity"
                  type="number"
                  min={1}
                  max={20}
                  required
                  hint={t("methods.mentors.capacityHint", { n: DEFAULT_CAPACITY })}
                />
                <div>
                  <SubmitButton label={t("methods.mentors.setCapacity")} variant="secondary" />
                </div>
              </form>
            </Card>
          </div>
        </>
      )}
    </div>
  );
}
