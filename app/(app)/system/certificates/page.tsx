import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { listCertificateTypes } from "@/lib/certificates";
import { certificateTypeImpacts } from "@/lib/eligibility/admin";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { getT } from "@/app/_lib/i18n";
import { searchValue } from "@/app/_lib/action";
import { buttonClass } from "@/app/_ui/button";
import { ConfirmAction } from "@/app/_ui/confirm";
import { Alert, Badge } from "@/app/_ui/feedback";
import { Card, PageHeader } from "@/app/_ui/layout";
import { previewLabels } from "@/app/_lib/import-preview";
import { DataTable } from "@/app/_ui/table";
import { setTypeActiveAction } from "./actions";
import { CertificateForm, ImportForm, ReviewSettingsForm, TypeForm } from "./forms";

export async function generateMetadata() {
  return { title: (await getT())("certificates.title") };
}

export default async function CertificatesAdminPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("jobs.write");
  const t = await getT();
  const search = await searchParams;
  const db = await getDb();
  const types = await listCertificateTypes(db);
  const impacts = await certificateTypeImpacts(db, user);
  const impactOf = (id: number) => (impacts.ok ? impacts.value.get(id) : undefined) ?? { jobs: 0, members: 0 };
  const deactivatedId = Number(searchValue(search, "deactivated"));
  const deactivated = types.find((x) => x.id === deactivatedId && !x.active);
  const reviewLabels = {
    everyYears: t("certificates.review.everyYears"),
    everyYearsHint: t("certificates.review.everyYearsHint"),
    hours: t("certificates.review.hours"),
    hoursHint: t("certificates.review.hoursHint"),
    test: t("certificates.review.test"),
  };
  return (
    <div className="space-y-4">
      <PageHeader title={t("certificates.title")} />
      <OutcomeAlert t={t} search={search} />
      {deactivated && (
        <Alert tone="success">
          <span className="flex flex-wrap items-center gap-3">
            {t("certificates.deactivated", { name: deactivated.name })}
            <form action={setTypeActiveAction}>
              <input type="hidden" name="id" value={deactivated.id} />
              <input type="hidden" name="active" value="true" />
              <button type="submit" className={buttonClass("secondary", "!min-h-8 !px-3 text-xs")}>
                {t("certificates.undo")}
              </button>
            </form>
          </span>
        </Alert>
      )}
      <Card title={t("certificates.types")}>
        <DataTable
          caption={t("certificates.types")}
          rows={types}
          rowKey={(r) => r.id}
          columns={[
            { key: "code", header: t("certificates.code"), cell: (r) => <span className="font-mono">{r.code}</span> },
            { key: "name", header: t("certificates.name"), cell: (r) => r.name },
            {
              key: "validity",
              header: t("certificates.validityMonths"),
              cell: (r) => (r.validityMonths ? t("certificates.months", { n: r.validityMonths }) : t("certificates.noExpiry")),
            },
            { key: "window", header: t("certificates.renewWindowDays"), cell: (r) => t("certificates.days", { n: r.renewWindowDays }) },
            {
              key: "review",
              header: t("certificates.review.column"),
              cell: (r) => (
                <div className="space-y-1">
                  <span className="block" data-review-cycle={r.code}>
                    {r.reviewEveryYears
                      ? t("certificates.review.cycle", {
                          n: r.reviewEveryYears,
                          hours: Number(r.reviewHours),
                          test: r.reviewTest ? t("certificates.review.withTest") : "",
                        })
                      : t("certificates.review.none")}
                  </span>
                  <ReviewSettingsForm
                    type={{ id: r.id, reviewEveryYears: r.reviewEveryYears, reviewHours: Number(r.reviewHours), reviewTest: r.reviewTest }}
                    labels={{ ...reviewLabels, edit: t("certificates.review.edit"), save: t("certificates.review.saveSettings") }}
                  />
                </div>
              ),
            },
            {
              key: "active",
              header: t("certificates.active"),
              cell: (r) => (
                <div className="flex items-center gap-2">
                  <Badge tone={r.active ? "success" : "neutral"}>{r.active ? t("certificates.active") : t("certificates.inactive")}</Badge>
                  {r.active ? (
                    <ConfirmAction
                      action={setTypeActiveAction}
                      fields={{ id: r.id, active: "false" }}
                      trigger={t("certificates.deactivate")}
                      triggerClassName="!min-h-8 !px-2 text-xs"
                      title={t("certificates.deactivateTitle", { name: r.name })}
                      impact={[
                        impactOf(r.id).jobs > 0 ? t("certificates.impactJobs", { ...impactOf(r.id) }) : t("certificates.impactNone"),
                        t("certificates.impactUndo"),
                      ]}
                      confirmLabel={t("certificates.deactivate")}
                      cancelLabel={t("common.cancel")}
                    />
                  ) : (
                    <form action={setTypeActiveAction}>
                      <input type="hidden" name="id" value={r.id} />
                      <input type="hidden" name="active" value="true" />
                      <button type="submit" className={buttonClass("secondary", "!min-h-8 !px-2 text-xs")}>
                        {t("certificates.activate")}
                      </button>
                    </form>
                  )}
                </div>
              ),
            },
          ]}
        />
      </Card>
      <Card title={t("certificates.newType")}>
        <TypeForm
          labels={{
            code: t("certificates.code"),
            name: t("certificates.name"),
            validity: t("certificates.validityMonths"),
            validityHint: t("certificates.validityHint"),
            window: t("certificates.renewWindowDays"),
            windowHint: t("certificates.renewHint"),
            submit: t("certificates.create"),
            review: reviewLabels,
          }}
        />
      </Card>
      <Card title={t("certificates.entry")}>
        <CertificateForm
          types={types.filter((x) => x.active).map((x) => ({ value: String(x.id), label: x.name }))}
          labels={{
            employeeNo: t("certificates.employeeNo"),
            type: t("certificates.type"),
            number: t("certificates.number"),
            issuedOn: t("certificates.issuedOn"),
            expiresOn: t("certificates.expiresOn"),
            expiresHint: t("certificates.expiresHint"),
            submit: t("certificates.save"),
          }}
        />
      </Card>
      <Card
        title={t("certificates.import")}
        actions={
          <a className={buttonClass("ghost")} href="/system/certificates/template">
            {t("certificates.template")}
          </a>
        }
      >
        <p className="mb-3 text-sm text-slate-600">{t("certificates.importIntro")}</p>
        <ImportForm labels={previewLabels(t)} />
      </Card>
    </div>
  );
}
