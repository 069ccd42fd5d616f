import Link from "next/link";
import { forbidden } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { isAnyVerifier, listTasks, type TaskRow } from "@/lib/signoffs";
import { searchValue as one } from "@/app/_lib/action";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { getT } from "@/app/_lib/i18n";
import { getSpecialties } from "@/app/_lib/specialties";
import { Badge, EmptyState } from "@/app/_ui/feedback";
import { SelectField } from "@/app/_ui/field";
import { Card, PageHeader } from "@/app/_ui/layout";
import { DataTable, type Column } from "@/app/_ui/table";
import { TaskForm } from "./task-form";

export async function generateMetadata() {
  return { title: (await getT())("methods.tasks.title") };
}

export default async function TasksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const db = await getDb();
  const manager = can(user, "teach.manage");
  if (!manager && !(await isAnyVerifier(db, user))) forbidden();
  const t = await getT();
  const sp = await getSpecialties();
  const search = await searchParams;
  const specialty = one(search, "sp");
  const rows = await listTasks(db, user, {
    specialty: specialty && sp.list.some((s) => s.code === specialty) ? specialty : null,
    onlyVerifiable: !manager || one(search, "mine") === "1",
  });
  const columns: Column<TaskRow>[] = [
    { key: "code", header: t("methods.tasks.code"), cell: (r) => <span className="font-mono">{r.code}</span> },
    {
      key: "title",
      header: t("methods.tasks.name"),
      cell: (r) => (
        <span className="flex flex-wrap items-center gap-2">
          <Link href={`/teach/tasks/${r.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
            {r.title}
          </Link>
          {!r.active && <Badge>{t("methods.tasks.inactive")}</Badge>}
          {r.mine && <Badge tone="brand">{t("methods.tasks.youVerify")}</Badge>}
        </span>
      ),
    },
    { key: "specialty", header: t("methods.tasks.specialty"), cell: (r) => sp.name(r.specialty) },
    { key: "verifiers", header: t("methods.tasks.verifiers"), cell: (r) => r.verifiers, wide: true },
    { key: "signoffs", header: t("methods.tasks.signoffs"), cell: (r) => r.signoffs },
  ];
  return (
    <div className="space-y-4">
      <PageHeader title={t("methods.tasks.title")}>{t("methods.tasks.intro")}</PageHeader>
      <OutcomeAlert t={t} search={search} />
      <form method="get" className="grid grid-cols-1 gap-3 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-[1fr_auto]">
        <SelectField
          label={t("methods.tasks.specialty")}
          name="sp"
          defaultValue={specialty ?? ""}
          options={[{ value: "", label: t("common.all") }, ...sp.options()]}
        />
        <div className="flex items-end">
          <button type="submit" className="inline-flex min-h-10 items-center rounded-md bg-brand-600 px-4 text-sm font-medium text-white">
            {t("common.filter")}
          </button>
        </div>
      </form>
      {rows.length === 0 ? (
        <EmptyState title={t("methods.tasks.empty")} />
      ) : (
        <DataTable caption={t("methods.tasks.title")} columns={columns} rows={rows} rowKey={(r) => r.id} />
      )}
      {manager && (
        <Card title={t("methods.tasks.new")}>
          <TaskForm t={t} />
        </Card>
      )}
    </div>
  );
}
