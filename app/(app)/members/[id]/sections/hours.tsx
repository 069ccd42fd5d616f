import type { Db } from "@/db/client";
import type { CurrentUser } from "@/lib/auth/user-row";
import { can } from "@/lib/auth/permissions";
import * as clock from "@/lib/core/clock";
import { scannedCodes } from "@/lib/equipment";
import { memberHours, memberScope } from "@/lib/hours/ledger";
import { HOUR_CATEGORIES } from "@/lib/hours/rules";
import type { Translate } from "@/lib/i18n";
import Link from "next/link";
import { buttonClass } from "@/app/_ui/button";
import { Alert, EmptyState } from "@/app/_ui/feedback";
import { SelectField, TextField } from "@/app/_ui/field";
import { Card } from "@/app/_ui/layout";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { addExternalHoursAction } from "@/app/(app)/manage/hours/actions";

type Search = Record<string, string | string[] | undefined>;

/** 学时 this year against the minimum that applies, the shortfall in red; external training entry for trainers and managers. */
export async function HoursSection({ db, viewer, memberId, t, search }: { db: Db; viewer: CurrentUser; memberId: number; t: Translate; search: Search }) {
  const today = clock.today();
  const year = Number(today.slice(0, 4));
  const found = await memberHours(db, viewer, memberId, year);
  if (!found.ok) return null;
  const v = found.value;
  const m = await memberScope(db, memberId);
  // Own micro-学时 entries link back to the equipment's scan page (a label scanned once may be scanned again).
  const codes =
    viewer.memberId === memberId
      ? await scannedCodes(
          db,
          viewer,
          v.entries.filter((e) => e.source === "equipment").map((e) => e.refId),
        )
      : new Map<number, string>();
  const mayEnter = m !== null && m.id !== viewer.memberId && (can(viewer, "teach.manage", m.orgPath) || can(viewer, "roster.read", m.orgPath));
  return (
    <section id="hours" aria-labelledby="hours-title">
      <Card title={t("hours.thisYear", { year })}>
        <div className="space-y-4">
          <div className="flex flex-wrap items-baseline gap-x-6 gap-y-2" data-testid="profile-hours">
            <p>
              <span className="text-sm text-slate-500">{t("hours.counted")}</span>{" "}
              <span className="text-2xl font-semibold tabular-nums text-slate-900">{v.counted}</span>
              <span className="text-slate-500"> / {v.minimum.hours}</span>
            </p>
            <p className="text-sm text-slate-600">{t(`hours.minimumKinds.${v.minimum.kind}`)}</p>
            {v.shortfall > 0 ? (
              <p className="font-semibold text-red-700" data-shortfall={v.shortfall}>
                {t("hours.short", { hours: v.shortfall })}
              </p>
            ) : (
              <p className="font-semibold text-emerald-700">{t("hours.met")}</p>
            )}
          </div>
          <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-4">
            {HOUR_CATEGORIES.map((c) => (
              <div key={c} className="rounded border border-slate-200 px-3 py-2">
                <dt className="text-slate-500">{t(`hours.categories.${c}`)}</dt>
                <dd className="font-medium tabular-nums text-slate-900">{v.byCategory[c]}</dd>
              </div>
            ))}
          </dl>
          {v.entries.length === 0 ? (
            <EmptyState title={t("hours.noEntries")} />
          ) : (
            <ul className="divide-y divide-slate-100 text-sm" aria-label={t("hours.title")}>
              {v.entries.map((e) => (
                <li key={`${e.source}-${e.refId}-${e.day}`} className="flex flex-wrap items-baseline justify-between gap-2 py-2">
                  <span className="min-w-0 break-words">
                    <span className="mr-2 text-slate-500">{e.day}</span>
                    <span className="mr-2 text-xs text-slate-500">{t(`hours.sources.${e.source}`)}</span>
                    {e.source === "equipment" && codes.has(e.refId) ? (
                      <Link href={`/e/${codes.get(e.refId)}`} className="text-brand-700 underline underline-offset-2">
                        {e.title}
                      </Link>
                    ) : e.source === "induction" ? (
                      <span className="text-slate-900">{t(`induction.levels.${e.title as "1" | "2" | "3"}`)}</span>
                    ) : (
                      <span className="text-slate-900">{e.title}</span>
                    )}
                  </span>
                  <span className="tabular-nums text-slate-700">
                    {t(`hours.categories.${e.category}`)} · {t("hours.hoursValue", { hours: e.hours })}
                  </span>
                </li>
              ))}
            </ul>
          )}
          {mayEnter && (
            <details className="rounded border border-slate-200 p-3">
              <summary className="cursor-pointer font-medium text-brand-700">{t("hours.external.title")}</summary>
              <div className="mt-3 space-y-3">
                <OutcomeAlert t={t} search={search} success={search.hoursSaved ? t("hours.external.saved") : null} />
                <form action={addExternalHoursAction} className="grid grid-cols-1 gap-3 sm:grid-cols-2">
                  <input type="hidden" name="memberId" value={memberId} />
                  <TextField label={t("hours.external.day")} name="day" type="date" max={today} defaultValue={today} required />
                  <TextField label={t("hours.external.hours")} name="hours" type="number" step="0.01" min="0.01" max="24" required />
                  <SelectField
                    label={t("hours.category")}
                    name="category"
                    defaultValue="safety"
                    options={HOUR_CATEGORIES.map((c) => ({ value: c, label: t(`hours.categories.${c}`) }))}
                  />
                  <TextField label={t("hours.external.title2")} name="title" maxLength={200} required />
                  <TextField label={t("hours.external.provider")} name="provider" maxLength={200} />
                  <TextField label={t("hours.external.certificateRef")} name="certificateRef" maxLength={100} />
                  <div>
                    <button type="submit" className={buttonClass("primary")}>
                      {t("hours.external.save")}
                    </button>
                  </div>
                </form>
              </div>
            </details>
          )}
          {!mayEnter && search.hoursSaved && <Alert tone="success">{t("hours.external.saved")}</Alert>}
        </div>
      </Card>
    </section>
  );
}
