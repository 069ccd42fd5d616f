import Link from "next/link";
import { forbidden } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { auditFilter, listAudit, type AuditEntry, type AuditFilter } from "@/lib/audit/read";
import { requirePermission } from "@/lib/auth/session";
import type { Locale, MessageKey, Translate } from "@/lib/i18n";
import { formatDateTime } from "@/lib/core/format";
import { getLocale, getT } from "@/app/_lib/i18n";
import { buttonClass } from "@/app/_ui/button";
import { EmptyState } from "@/app/_ui/feedback";
import { SelectField, TextField } from "@/app/_ui/field";
import { PageHeader } from "@/app/_ui/layout";
import { Pagination } from "@/app/_ui/table";

export async function generateMetadata() {
  return { title: (await getT())("audit.title") };
}

/** An action's name in the user's language; an action without one shows its code, dots spaced out. */
function actionLabel(t: Translate, code: string): string {
  const key = `audit.actions.${code.replace(/\./g, "_")}` as MessageKey;
  const s = t(key);
  return s === key ? code.split(".").join(" · ") : s;
}

function query(f: AuditFilter, page: number): string {
  const p = new URLSearchParams();
  for (const k of ["actor", "action", "entity", "from", "to"] as const) if (f[k]) p.set(k, f[k]!);
  if (page > 1) p.set("page", String(page));
  return p.size ? `?${p}` : "";
}

function Entry({ e, t, locale }: { e: AuditEntry; t: Translate; locale: Locale }) {
  return (
    <li className="space-y-2 rounded-lg border border-slate-200 bg-white p-3 text-sm" data-action={e.action}>
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
        <span className="font-medium text-slate-900">{actionLabel(t, e.action)}</span>
        <time className="tabular-nums text-slate-500" dateTime={e.at.toISOString()}>
          {formatDateTime(e.at, locale)}
        </time>
      </div>
      <p className="break-words text-slate-700">
        {e.actor ? (
          <>
            {e.actor.name} <span className="font-mono text-xs text-slate-500">{e.actor.employeeNo}</span>
          </>
        ) : (
          t("audit.system")
        )}
        <span className="mx-2 text-slate-400">→</span>
        <span className="font-mono text-xs">
          {e.entity}
          {e.entityId !== null && ` #${e.entityId}`}
        </span>
      </p>
      {e.changes.length === 0 ? (
        <p className="text-xs text-slate-500">{t("audit.noChanges")}</p>
      ) : (
        <dl className="divide-y divide-slate-100 rounded-md bg-slate-50 px-2 text-xs" aria-label={t("audit.changes")}>
          {e.changes.map((c) => (
            <div key={c.field ?? ""} className="grid grid-cols-1 gap-1 py-1.5 sm:grid-cols-[9rem_1fr]">
              <dt className="break-all font-mono text-slate-600">{c.field ?? "—"}</dt>
              <dd className="min-w-0 break-all">
                <span className="text-red-800" title={t("audit.before")}>
                  {c.before ?? t("audit.none")}
                </span>
                <span className="mx-1 text-slate-400">→</span>
                <span className="text-emerald-800" title={t("audit.after")}>
                  {c.after ?? t("audit.none")}
                </span>
              </dd>
            </div>
          ))}
        </dl>
      )}
    </li>
  );
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("audit.read");
  const t = await getT();
  const locale = await getLocale();
  const raw = await searchParams;
  const f = auditFilter.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  const found = await listAudit(await getDb(), user, f);
  if (!found.ok) forbidden();
  const log = found.value;
  const any = { value: "", label: t("audit.any") };
  return (
    <div className="space-y-4">
      <PageHeader title={t("audit.title")}>{t("audit.intro")}</PageHeader>
      <search>
        <form
          method="get"
          action="/system/audit"
          className="grid grid-cols-1 gap-3 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-2 lg:grid-cols-6 [&>*]:min-w-0"
        >
          <div className="sm:col-span-2 lg:col-span-1">
            <TextField label={t("audit.actor")} name="actor" defaultValue={f.actor ?? ""} maxLength={32} autoComplete="off" hint={t("audit.actorHint")} />
          </div>
          <SelectField
            label={t("audit.action")}
            name="action"
            defaultValue={f.action ?? ""}
            options={[any, ...log.actions.map((a) => ({ value: a, label: actionLabel(t, a) }))]}
          />
          <SelectField
            label={t("audit.entity")}
            name="entity"
            defaultValue={f.entity ?? ""}
            options={[any, ...log.entities.map((e) => ({ value: e, label: e }))]}
          />
          <TextField label={t("audit.from")} name="from" type="date" defaultValue={f.from ?? ""} />
          <TextField label={t("audit.to")} name="to" type="date" defaultValue={f.to ?? ""} />
          <div className="flex items-end gap-2 sm:col-span-2 lg:col-span-1">
            <button type="submit" className={buttonClass("primary")}>
              {t("audit.filter")}
            </button>
            <Link href="/system/audit" className={buttonClass("secondary")}>
              {t("audit.reset")}
            </Link>
          </div>
        </form>
      </search>
      {log.rows.length === 0 ? (
        <EmptyState title={t("audit.empty")} />
      ) : (
        <ol className="space-y-2" aria-label={t("audit.list")}>
          {log.rows.map((e) => (
            <Entry key={e.id} e={e} t={t} locale={locale} />
          ))}
        </ol>
      )}
      <Pagination
        page={log.page}
        pages={log.pages}
        hrefFor={(p) => `/system/audit${query(f, p)}`}
        label={{
          nav: t("common.pagination"),
          prev: t("common.previous"),
          next: t("common.next"),
          summary: t("common.page", { page: log.page, pages: log.pages, total: log.total }),
        }}
      />
    </div>
  );
}
