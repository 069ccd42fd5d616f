import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { mayChangeContent } from "@/lib/auth/ownership";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { contestRanking, getContest, type RankingRow } from "@/lib/contests";
import { searchValue } from "@/app/_lib/action";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { getT } from "@/app/_lib/i18n";
import { idParam } from "@/app/_lib/json-route";
import { getSpecialties } from "@/app/_lib/specialties";
import { buttonClass } from "@/app/_ui/button";
import { Badge, EmptyState } from "@/app/_ui/feedback";
import { TextField } from "@/app/_ui/field";
import { Card, PageHeader } from "@/app/_ui/layout";
import { SubmitButton } from "@/app/_ui/submit";
import { DataTable, type Column } from "@/app/_ui/table";
import { removeResultAction, setResultAction } from "../actions";
import { ImportResultsForm } from "./import-form";
import { previewLabels } from "@/app/_lib/import-preview";
import { MemberPicker } from "@/app/_ui/member-picker";

/** The tab's title: the page's kind (the heading names the record). */
export async function generateMetadata() {
  return { title: (await getT())("methods.nav.contests") };
}

export default async function ContestPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const parsed = idParam.safeParse((await params).id);
  if (!parsed.success) notFound();
  const id = parsed.data;
  const db = await getDb();
  const contest = await getContest(db, id);
  if (!contest) notFound();
  const t = await getT();
  const sp = await getSpecialties();
  const search = await searchParams;
  const manager = mayChangeContent(user, contest);
  const rows = await contestRanking(db, id);
  const columns: Column<RankingRow>[] = [
    { key: "rank", header: t("methods.contests.rank"), cell: (r) => <span className="tabular-nums">{r.rank ?? "—"}</span> },
    {
      key: "name",
      header: t("methods.contests.member"),
      cell: (r) =>
        can(user, "member.read") || r.memberId === user.memberId ? (
          <Link className="text-brand-700 underline-offset-2 hover:underline" href={`/members/${r.memberId}`}>
            {r.name}
          </Link>
        ) : (
          r.name
        ),
    },
    { key: "unit", header: t("methods.contests.unit"), cell: (r) => r.unitName },
    { key: "score", header: t("methods.contests.score"), cell: (r) => <span className="tabular-nums">{r.score ?? "—"}</span> },
    { key: "award", header: t("methods.contests.award"), cell: (r) => (r.award ? <Badge tone="success">{r.award}</Badge> : "—") },
    ...(manager
      ? [
          {
            key: "remove",
            header: t("common.actions"),
            wide: true,
            cell: (r: RankingRow) => (
              <form action={removeResultAction}>
                <input type="hidden" name="contestId" value={id} />
                <input type="hidden" name="memberId" value={r.memberId} />
                <button type="submit" className="text-sm text-red-700 underline">
                  {t("methods.contests.remove")}
                </button>
              </form>
            ),
          },
        ]
      : []),
  ];
  return (
    <div className="space-y-4">
      <PageHeader title={contest.title}>
        {t(`methods.levels.${contest.level}`)} · {sp.name(contest.specialty)} · <span className="tabular-nums">{contest.heldOn}</span>
      </PageHeader>
      <OutcomeAlert
        t={t}
        search={search}
        success={searchValue(search, "created") ? t("methods.contests.created") : searchValue(search, "result") ? t("methods.contests.resultSaved") : null}
      />
      <Card title={t("methods.contests.ranking")}>
        {rows.length === 0 ? (
          <EmptyState title={t("methods.contests.noResults")} />
        ) : (
          <DataTable caption={t("methods.contests.ranking")} columns={columns} rows={rows} rowKey={(r) => r.memberId} />
        )}
      </Card>
      {manager && (
        <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
          <Card title={t("methods.contests.enterResult")}>
            <form action={setResultAction} className="grid grid-cols-2 gap-3">
              <input type="hidden" name="contestId" value={id} />
              <div className="col-span-2">
                <MemberPicker label={t("methods.contests.employeeNo")} name="employeeNo" required suggestionsLabel={t("common.memberSuggestions")} />
              </div>
              <TextField label={t("methods.contests.rank")} name="rank" type="number" min={1} step={1} />
              <TextField label={t("methods.contests.score")} name="score" type="number" min={0} step="0.01" />
              <div className="col-span-2">
                <TextField label={t("methods.contests.award")} name="award" maxLength={30} />
              </div>
              <div>
                <SubmitButton label={t("methods.contests.saveResult")} />
              </div>
            </form>
          </Card>
          <Card
            title={t("methods.contests.import")}
            actions={
              <a className={buttonClass("ghost")} href={`/contests/${id}/template`}>
                {t("methods.contests.template")}
              </a>
            }
          >
            <p className="mb-3 text-sm text-slate-600">{t("methods.contests.importIntro")}</p>
            <ImportResultsForm contestId={id} labels={previewLabels(t)} />
          </Card>
        </div>
      )}
    </div>
  );
}
