import type { Db } from "@/db/client";
import type { CurrentUser } from "@/lib/auth/user-row";
import { inductionOf } from "@/lib/induction";
import type { Translate } from "@/lib/i18n";
import * as clock from "@/lib/core/clock";
import { Badge, EmptyState } from "@/app/_ui/feedback";
import { Card } from "@/app/_ui/layout";
import { InductionSignForm } from "./induction-form";

/**
 * 入职三级教育: the member's induction levels (the caller showed the profile, so the viewer reads
 * the member), with who signed each and, for a trainer or manager over the level's unit, its sign-off.
 */
export async function InductionSection({ db, viewer, memberId, t }: { db: Db; viewer: CurrentUser; memberId: number; t: Translate }) {
  const rows = await inductionOf(db, viewer, memberId);
  const today = clock.today();
  const labels = { signedOn: t("induction.card.signedOnLabel"), content: t("induction.card.content"), submit: t("induction.card.sign") };
  return (
    <Card title={t("induction.card.title")}>
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
                {r.canSign && <InductionSignForm memberId={memberId} recordId={r.id} today={today} content={r.content} labels={labels} />}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
