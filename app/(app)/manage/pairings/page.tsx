import Link from "next/link";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { listPairings, stationsInScope, type PairingRow } from "@/lib/comparison";
import { quarterText } from "@/lib/core/time";
import { currentQuarter } from "@/lib/core/clock";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { getLocale, getT } from "@/app/_lib/i18n";
import { EmptyState } from "@/app/_ui/feedback";
import { SelectField, TextField } from "@/app/_ui/field";
import { Card, PageHeader } from "@/app/_ui/layout";
import { SubmitButton } from "@/app/_ui/submit";
import { DataTable, type Column } from "@/app/_ui/table";
import { createPairingAction } from "./actions";

export async function generateMetadata() {
  return { title: (await getT())("methods.pairings.title") };
}

export default async function PairingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("roster.read");
  const t = await getT();
  const locale = await getLocale();
  const db = await getDb();
  const [rows, stations] = await Promise.all([listPairings(db, user), stationsInScope(db, user)]);
  const options = stations.map((s) => ({ value: String(s.id), label: s.teamName ? `${s.teamName} · ${s.name}` : s.name }));
  const columns: Column<PairingRow>[] = [
    { key: "quarter", header: t("methods.pairings.quarter"), cell: (p) => quarterText(p.quarter, locale) },
    { key: "model", header: t("methods.pairings.model"), cell: (p) => p.modelName },
    { key: "weaker", header: t("methods.pairings.weaker"), cell: (p) => p.weakerName },
    {
      key: "compare",
      header: t("methods.pairings.compare"),
      cell: (p) => (
        <Link className="text-brand-700 underline-offset-2 hover:underline" href={`/manage/pairings/${p.id}`}>
          {t("methods.pairings.compare")}
        </Link>
      ),
    },
  ];
  return (
    <div className="space-y-4">
      <PageHeader title={t("methods.pairings.title")}>{t("methods.pairings.intro")}</PageHeader>
      <OutcomeAlert t={t} search={await searchParams} />
      {rows.length === 0 ? (
        <EmptyState title={t("methods.pairings.empty")} />
      ) : (
        <DataTable caption={t("methods.pairings.title")} columns={columns} rows={rows} rowKey={(p) => p.id} />
      )}
      <Card title={t("methods.pairings.new")}>
        {stations.length < 2 ? (
          <EmptyState title={t("methods.pairings.noStations")} />
        ) : (
          <form action={createPairingAction} className="grid grid-cols-1 gap-3 sm:grid-cols-2">
            <SelectField label={t("methods.pairings.model")} name="modelStationId" options={options} />
            <SelectField label={t("methods.pairings.weaker")} name="weakerStationId" options={options} defaultValue={options[1]?.value} />
            <TextField label={t("methods.pairings.quarter")} name="quarter" required defaultValue={currentQuarter()} pattern="\d{4}-Q[1-4]" />
            <TextField label={t("methods.pairings.note")} name="note" maxLength={500} />
            <div>
              <SubmitButton label={t("methods.pairings.create")} />
            </div>
          </form>
        )}
      </Card>
    </div>
  );
}
