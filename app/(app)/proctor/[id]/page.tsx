import { headers } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requireUser } from "@/lib/auth/session";
import { qrPicture } from "@/lib/core/qr";
import { PROCTOR_FAILURE_WINDOW_MS, PROCTOR_MAX_FAILURES, proctorDisplay, proctorFailures } from "@/lib/quiz/proctor";
import { getT } from "@/app/_lib/i18n";
import { idParam } from "@/app/_lib/json-route";
import { buttonClass } from "@/app/_ui/button";
import { CodeDisplay } from "@/app/_ui/code-display";
import { Card, PageHeader } from "@/app/_ui/layout";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { ConfirmAction } from "@/app/_ui/confirm";
import { Alert, Badge } from "@/app/_ui/feedback";
import { closeProctoringAction, resetProctorFailuresAction } from "../actions";
import { proctorUrl } from "./proctor-url";

export async function generateMetadata() {
  return { title: (await getT())("proctor.display.title") };
}

/** The proctor's screen: the code that changes every minute and its QR (a link that fills the code in). */
export default async function ProctorDisplayPage({
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
  const r = await proctorDisplay(db, user, id);
  if (!r.ok) notFound();
  const failures = await proctorFailures(db, user, id);
  const search = await searchParams;
  const t = await getT();
  const h = await headers();
  const origin = `${h.get("x-forwarded-proto") ?? "http"}://${h.get("x-forwarded-host") ?? h.get("host")}`;
  const d = r.value;
  const qr = d.code ? qrPicture(proctorUrl(origin, d.quizId, id, d.code)) : null;
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader
        title={d.quizTitle}
        actions={
          <>
            {d.state === "open" && (
              <form action={closeProctoringAction}>
                <input type="hidden" name="id" value={id} />
                <button type="submit" className={buttonClass("secondary")}>
                  {t("proctor.display.close")}
                </button>
              </form>
            )}
            <Link href="/proctor" className={buttonClass("ghost")}>
              {t("common.back")}
            </Link>
          </>
        }
      >
        {t("proctor.display.who", { name: d.proctorName, station: d.stationName })}
      </PageHeader>
      <div className="mb-4 empty:hidden">
        <OutcomeAlert t={t} search={search} />
      </div>
      {search.reset && (
        <div className="mb-4">
          <Alert tone="success">{t("proctor.display.resetDone")}</Alert>
        </div>
      )}
      <Card>
        <CodeDisplay
          url={`/proctor/${id}/code`}
          initial={{ state: d.state, code: d.code, qr, changesAt: d.changesAt?.toISOString() ?? null, started: d.started }}
          labels={{
            codeLabel: t("proctor.display.codeLabel"),
            changesIn: t("proctor.display.changesIn"),
            count: t("proctor.display.started"),
            scanHint: t("proctor.display.scanHint"),
            states: { open: t("proctor.display.states.open"), closed: t("proctor.display.states.closed") },
          }}
        />
      </Card>
      {d.state === "open" && failures.ok && (
        <div className="mt-4">
          <Card title={t("proctor.display.failuresTitle")}>
            <p className="text-sm text-slate-600">
              {t("proctor.display.failuresHint", { minutes: Math.round(PROCTOR_FAILURE_WINDOW_MS / 60_000), max: PROCTOR_MAX_FAILURES })}
            </p>
            {failures.value.length === 0 ? (
              <p className="mt-2 text-sm text-slate-500">{t("proctor.display.failuresNone")}</p>
            ) : (
              <ul className="mt-2 divide-y divide-slate-100" data-testid="proctor-failures">
                {failures.value.map((f) => (
                  <li key={f.memberId} className="flex flex-wrap items-center justify-between gap-2 py-2">
                    <span className="min-w-0 text-sm text-slate-900">
                      {f.name} <span className="text-slate-500">{f.employeeNo}</span> · {t("proctor.display.failuresCount", { count: f.failures })}{" "}
                      {f.blocked && <Badge tone="danger">{t("proctor.display.blocked")}</Badge>}
                    </span>
                    <ConfirmAction
                      action={resetProctorFailuresAction}
                      fields={{ id, memberId: f.memberId }}
                      trigger={t("proctor.display.reset")}
                      triggerVariant="secondary"
                      title={t("proctor.display.resetTitle", { name: f.name })}
                      impact={[t("proctor.display.resetImpact", { name: f.name, no: f.employeeNo, count: f.failures })]}
                      confirmLabel={t("proctor.display.reset")}
                      cancelLabel={t("common.cancel")}
                    />
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      )}
    </div>
  );
}
