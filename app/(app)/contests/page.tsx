import Link from "next/link";
import { getDb } from "@/lib/core/db";
import { mayCreateContest } from "@/lib/auth/ownership";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { CONTEST_LEVELS, listContests, type ContestLevel, type ContestRow } from "@/lib/contests";
import { searchValue } from "@/app/_lib/action";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { getT } from "@/app/_lib/i18n";
import { getSpecialties } from "@/app/_lib/specialties";
import { buttonClass } from "@/app/_ui/button";
import { EmptyState } from "@/app/_ui/feedback";
import { SelectField, TextField } from "@/app/_ui/field";
import { Card, PageHeader } from "@/app/_ui/layout";
import { SubmitButton } from "@/app/_ui/submit";
import { DataTable, type Column } from "@/app/_ui/table";
import { createContestAction } from "./actions";
import { today } from "@/lib/core/clock";

export async function generateMetadata() {
  return { title: (await getT())("methods.contests.title") };
}

export default async function ContestsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const t = await getT();
  const sp = await getSpecialties();
  const search = await searchParams;
  const lv = searchValue(search, "lvl");
  const level = (CONTEST_LEVELS as readonly string[]).includes(lv ?? "") ? (lv as ContestLevel) : null;
  const rows = await listContests(await getDb(), { level });
  const levelOptions = CONTEST_LEVELS.map((l) => ({ value: l, label: t(`methods.levels.${l}`) }));
  const columns: Column<ContestRow>[] = [
    {
      key: "title",
      header: t("methods.contests.name"),
      cell: (c) => (
        <Link href={`/contests/${c.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
          {c.title}
        </Link>
      ),
    },
    { key: "level", header: t("methods.contests.level"), cell: (c) => t(`methods.levels.${c.level}`) },
    { key: "specialty", header: t("methods.contests.specialty"), cell: (c) => sp.name(c.specialty) },
    { key: "heldOn", header: t("methods.contests.heldOn"), cell: (c) => <span className="tabular-nums">{c.heldOn}</span> },
    { key: "results", header: t("methods.contests.results"), cell: (c) => t("methods.contests.resultsCount", { count: c.results }) },
  ];
  return (
    <div className="space-y-4">
      <PageHeader title={t("methods.contests.title")} />
      <OutcomeAlert t={t} search={search} />
      <form method="get" className="grid grid-cols-1 gap-3 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-[1fr_auto]">
        <SelectField
          label={t("methods.contests.level")}
          name="lvl"
          defaultValue={level ?? ""}
          options={[{ value: "", label: t("methods.contests.allLevels") }, ...levelOptions]}
        />
        <div className="flex items-end">
          <button type="submit" className={buttonClass("primary")}>
            {t("common.filter")}
          </button>
        </div>
      </form>
      {rows.length === 0 ? (
        <EmptyState title={t("methods.contests.empty")} />
      ) : (
        <DataTable caption={t("methods.contests.title")} columns={columns} rows={rows} rowKey={(c) => c.id} />
      )}
      {can(user, "teach.manage") && (
        <Card title={t("methods.contests.new")}>
          <form action={createContestAction} className="grid grid-cols-1 gap-3 sm:grid-cols-2">
            <TextField label={t("methods.contests.name")} name="title" required maxLength={100} />
            <SelectField label={t("methods.contests.level")} name="level" options={levelOptions.filter((o) => mayCreateContest(user, o.value))} />
            <SelectField label={t("methods.contests.specialty")} name="specialty" options={sp.options()} />
            <TextField label={t("methods.contests.heldOn")} name="heldOn" type="date" required defaultValue={today()} />
            <div>
              <SubmitButton label={t("common.create")} />
            </div>
          </form>
        </Card>
      )}
    </div>
  );
}
