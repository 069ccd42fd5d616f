import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { listSpecialtiesWithUse } from "@/lib/org/specialties";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { getT } from "@/app/_lib/i18n";
import { searchValue } from "@/app/_lib/action";
import { buttonClass } from "@/app/_ui/button";
import { ConfirmAction } from "@/app/_ui/confirm";
import { Badge } from "@/app/_ui/feedback";
import { Card, PageHeader } from "@/app/_ui/layout";
import { DataTable } from "@/app/_ui/table";
import type { MessageKey } from "@/lib/i18n";
import { mergeSpecialtiesAction, renameSpecialtyAction, setSpecialtyActiveAction } from "./actions";
import { AddSpecialtyForm, DialogInput, DialogSelect } from "./forms";

export async function generateMetadata() {
  return { title: (await getT())("specialtyAdmin.title") };
}

const DONE: Record<string, MessageKey> = {
  renamed: "specialtyAdmin.renamed",
  activated: "specialtyAdmin.activated",
  deactivated: "specialtyAdmin.deactivated",
  merged: "specialtyAdmin.merged",
};

export default async function SpecialtiesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("org.write");
  const t = await getT();
  const search = await searchParams;
  const listed = await listSpecialtiesWithUse(await getDb(), user);
  const rows = listed.ok ? listed.value : [];
  const done = DONE[searchValue(search, "done") ?? ""];
  const small = "!min-h-8 !px-2 text-xs";
  return (
    <div className="space-y-4">
      <PageHeader title={t("specialtyAdmin.title")}>{t("specialtyAdmin.intro")}</PageHeader>
      <OutcomeAlert t={t} search={search} success={done ? t(done, { count: Number(searchValue(search, "n") ?? 0) }) : null} />
      <Card title={t("specialtyAdmin.title")}>
        <DataTable
          caption={t("specialtyAdmin.title")}
          rows={rows}
          rowKey={(r) => r.code}
          columns={[
            { key: "name", header: t("specialtyAdmin.nameZh"), cell: (r) => <span data-testid={`specialty-${r.code}`}>{r.nameZh}</span> },
            { key: "nameEn", header: t("specialtyAdmin.nameEn"), cell: (r) => r.nameEn },
            { key: "code", header: t("specialtyAdmin.code"), cell: (r) => <span className="font-mono text-xs">{r.code}</span> },
            { key: "uses", header: t("specialtyAdmin.uses"), cell: (r) => <span className="tabular-nums">{r.uses}</span> },
            {
              key: "actions",
              header: t("specialtyAdmin.status"),
              cell: (r) => (
                <div className="flex flex-wrap items-center gap-2">
                  <Badge tone={r.active ? "success" : "neutral"}>{r.active ? t("specialtyAdmin.active") : t("specialtyAdmin.inactive")}</Badge>
                  <ConfirmAction
                    action={renameSpecialtyAction}
                    fields={{ code: r.code }}
                    trigger={t("specialtyAdmin.edit")}
                    triggerClassName={small}
                    title={t("specialtyAdmin.renameTitle", { name: r.nameZh })}
                    impact={[]}
                    variant="primary"
                    triggerVariant="secondary"
                    confirmLabel={t("specialtyAdmin.rename")}
                    cancelLabel={t("common.cancel")}
                  >
                    <DialogInput label={t("specialtyAdmin.nameZh")} name="nameZh" required maxLength={40} defaultValue={r.nameZh} />
                    <DialogInput label={t("specialtyAdmin.nameEn")} name="nameEn" required maxLength={60} defaultValue={r.nameEn} />
                    <DialogInput label={t("specialtyAdmin.sort")} name="sort" type="number" min={0} max={100000} defaultValue={r.sort} />
                  </ConfirmAction>
                  {r.active ? (
                    <ConfirmAction
                      action={setSpecialtyActiveAction}
                      fields={{ code: r.code, active: "false" }}
                      trigger={t("specialtyAdmin.deactivate")}
                      triggerClassName={small}
                      title={t("specialtyAdmin.deactivateTitle", { name: r.nameZh })}
                      impact={[t("specialtyAdmin.deactivateBody", { count: r.uses })]}
                      confirmLabel={t("specialtyAdmin.deactivate")}
                      cancelLabel={t("common.cancel")}
                    />
                  ) : (
                    <form action={setSpecialtyActiveAction}>
                      <input type="hidden" name="code" value={r.code} />
                      <input type="hidden" name="active" value="true" />
                      <button type="submit" className={buttonClass("secondary", small)}>
                        {t("specialtyAdmin.activate")}
                      </button>
                    </form>
                  )}
                  {rows.length > 1 && (
                    <ConfirmAction
                      action={mergeSpecialtiesAction}
                      fields={{ from: r.code }}
                      trigger={t("specialtyAdmin.merge")}
                      triggerClassName={small}
                      title={t("specialtyAdmin.mergeTitle", { from: r.nameZh })}
                      impact={[t("specialtyAdmin.mergeBody", { from: r.nameZh, count: r.uses })]}
                      confirmLabel={t("specialtyAdmin.merge")}
                      cancelLabel={t("common.cancel")}
                    >
                      <DialogSelect
                        label={t("specialtyAdmin.mergeInto")}
                        name="into"
                        options={rows.filter((o) => o.code !== r.code).map((o) => ({ value: o.code, label: `${o.nameZh} · ${o.nameEn}` }))}
                      />
                    </ConfirmAction>
                  )}
                </div>
              ),
            },
          ]}
        />
      </Card>
      <Card title={t("specialtyAdmin.add")}>
        <AddSpecialtyForm
          labels={{
            code: t("specialtyAdmin.code"),
            codeHint: t("specialtyAdmin.codeHint"),
            nameZh: t("specialtyAdmin.nameZh"),
            nameEn: t("specialtyAdmin.nameEn"),
            sort: t("specialtyAdmin.sort"),
            submit: t("specialtyAdmin.add"),
          }}
        />
      </Card>
    </div>
  );
}
