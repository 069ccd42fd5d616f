import type { Db } from "@/db/client";
import type { CurrentUser } from "@/lib/auth/user-row";
import * as clock from "@/lib/core/clock";
import { dayIn } from "@/lib/core/time";
import { listIssued } from "@/lib/issued";
import type { Translate } from "@/lib/i18n";
import { buttonClass } from "@/app/_ui/button";
import { ConfirmAction, ConfirmReason } from "@/app/_ui/confirm";
import { Badge, EmptyState } from "@/app/_ui/feedback";
import { Card } from "@/app/_ui/layout";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { revokeIssuedAction } from "../../../certificates/actions";

type Search = Record<string, string | string[] | undefined>;

/** Certificates JobReady issued to the member: PDF download, state, and revocation for those who may. The page checked who may read the profile. */
export async function IssuedSection({ db, viewer, memberId, t, search }: { db: Db; viewer: CurrentUser; memberId: number; t: Translate; search: Search }) {
  const found = await listIssued(db, viewer, memberId);
  const rows = found.ok ? found.value : [];
  const tz = clock.timeZone();
  return (
    <Card title={t("issued.title")}>
      <div id="certificates" className="space-y-3">
        <OutcomeAlert t={t} search={search.certs ? search : {}} success={search.revoked ? t("issued.revoked") : null} />
        {rows.length === 0 ? (
          <EmptyState title={t("issued.none")} />
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="issued-certificates">
            {rows.map((r) => (
              <li key={r.id} className="space-y-2 py-3 text-sm" data-testid="issued-certificate">
                <div className="flex flex-wrap items-center gap-2">
                  <Badge tone="brand">{t(`issued.kind.${r.kind}`)}</Badge>
                  <span className="min-w-0 break-words font-medium text-slate-900">
                    {r.title}
                    {r.detail && ` · ${r.detail}`}
                  </span>
                  <span className="ml-auto">
                    <Badge tone={r.validity.state === "valid" ? "success" : r.validity.state === "expired" ? "warning" : "danger"}>
                      {t(`issued.state.${r.validity.state}`)}
                    </Badge>
                  </span>
                </div>
                <p className="text-xs text-slate-600">
                  {t("issued.issuedOn")} {dayIn(r.issuedAt, tz)} · {t("issued.number")}{" "}
                  <span className="break-all font-mono" data-testid="issued-number">
                    {r.number}
                  </span>
                </p>
                {r.validity.state === "revoked" && (
                  <p className="text-xs text-red-800">
                    {t("issued.revokedDetail", { day: dayIn(r.validity.at, tz) })} {r.revokeReason && t("issued.revokedReason", { reason: r.revokeReason })}
                  </p>
                )}
                <div className="flex flex-wrap gap-2">
                  <a href={`/certificates/${r.id}/pdf`} className={buttonClass("secondary")} download>
                    {t("issued.download")}
                  </a>
                  {r.mayRevoke && (
                    <ConfirmAction
                      action={revokeIssuedAction}
                      fields={{ id: r.id, memberId }}
                      trigger={t("issued.revoke")}
                      title={t("issued.revokeTitle", { number: r.number })}
                      impact={[t("issued.revokeImpact")]}
                      confirmLabel={t("issued.revokeConfirm")}
                      cancelLabel={t("common.cancel")}
                    >
                      <ConfirmReason label={t("issued.revokeReason")} maxLength={200} />
                    </ConfirmAction>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Card>
  );
}
