import type { Db } from "@/db/client";
import type { CurrentUser } from "@/lib/auth/user-row";
import { inductionOf } from "@/lib/induction";
import type { Translate } from "@/lib/i18n";
import * as clock from "@/lib/core/clock";
import { ConfirmAction, ConfirmReason } from "@/app/_ui/confirm";
import { Badge, EmptyState } from "@/app/_ui/feedback";
import { Card } from "@/app/_ui/layout";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { undoInductionAction } from "../../actions";
import { InductionSignForm } from "./induction-form";

type Search = Record<string, string | string[] | undefined>;

/**
 * 入职三级教育: the member's induction levels (the caller showed the profile, so the viewer reads
 * the member), with who signed each and, for a trainer or manager over the level's unit, its sign-off.
 */
export async function InductionSection({
  db,
  viewer,
  member,
  t,
  search,
}: {
  db: Db;
  viewer: CurrentUser;
  member: { id: number; name: string };
  t: Translate;
  search: Search;
}) {
  const memberId = member.id;
  const rows = await inductionOf(db, viewer, memberId);
  const today = clock.today();
  const labels = { signedOn: t("induction.card.signedOnLabel"), content: t("induction.card.content"), submit: t("induction.card.sign") };
  return (
    <Card title={t("induction.card.title")}>
      <div id="induction">
        <OutcomeAlert t={t} search={search.induction ? search : {}} success={search.undone ? t("induction.card.undone") : null} />
      </div>
      {rows.length === 0 ? (
        <EmptyState title={t("induction.card.none")} />
      ) : (
        <ul className="divide-y divide-slate-100" data-induction>
          {rows.map((r) => {
            const content = r.content || t(`induction.defaultContent.${r.level}` as Parameters<Translate>[0]);
            return (
              <li key={r.id} className="py-3" data-induction-level={r.level} data-state={r.signedOffOn ? "done" : "open"}>
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <h3 className="font-medium text-slate-900">
                    {t(`induction.levels.${r.level}` as Parameters<Translate>[0])} <span className="text-sm font-normal text-slate-600">· {r.unitName}</span>
                  </h3>
                  <Badge tone={r.signedOffOn ? "success" : "danger"}>{r.signedOffOn ? t("induction.card.done") : t("induction.card.open")}</Badge>
                </div>
                <p className="mt-1 text-xs text-slate-600">
                  {t("induction.card.opened", { date: r.openedOn, reason: t(`induction.reasons.${r.reason}`) })} ·{" "}
                  {t("induction.card.hours", { n: r.hoursCredited ?? r.requiredHours })}
                </p>
                <p className="mt-1 break-words text-sm text-slate-700">{content}</p>
                {r.signedOffOn && (
                  <p className="mt-1 text-sm text-slate-700">
                    {r.signedOffByName
                      ? t("induction.card.signedBy", { date: r.signedOffOn, name: r.signedOffByName })
                      : t("induction.card.signedOn", { date: r.signedOffOn })}
                  </p>
                )}
                {r.canUndo && (
                  <div className="mt-2">
                    <ConfirmAction
                      action={undoInductionAction}
                      fields={{ recordId: r.id, memberId }}
                      trigger={t("induction.card.undo")}
                      triggerClassName="!min-h-9 text-sm"
                      title={t("induction.card.undoTitle", { level: t(`induction.levels.${r.level}` as Parameters<Translate>[0]) })}
                      impact={[
                        t("induction.card.undoImpact", { hours: r.hoursCredited ?? 0 }),
                        t("induction.card.undoImpactEligibility", { name: member.name }),
                        t("induction.card.undoImpactAudit"),
                      ]}
                      confirmLabel={t("induction.card.undoConfirm")}
                      cancelLabel={t("common.cancel")}
                    >
                      <ConfirmReason label={t("induction.card.undoReason")} maxLength={500} />
                    </ConfirmAction>
                  </div>
                )}
                {r.canSign && <InductionSignForm memberId={memberId} recordId={r.id} today={today} content={r.content} labels={labels} />}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
