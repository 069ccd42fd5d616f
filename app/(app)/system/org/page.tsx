import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { PARENT_KIND, type OrgKind } from "@/lib/org/constants";
import { listOrgTree, type OrgNode } from "@/lib/org/units";
import { scopeOf } from "@/lib/auth/permissions";
import type { Translate } from "@/lib/i18n";
import { searchValue } from "@/app/_lib/action";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { getT } from "@/app/_lib/i18n";
import { label } from "@/app/_lib/labels";
import { buttonClass } from "@/app/_ui/button";
import { Alert, Badge } from "@/app/_ui/feedback";
import { controlClass } from "@/app/_ui/field";
import { PageHeader } from "@/app/_ui/layout";
import { createUnitAction, moveUnitAction, renameUnitAction, setUnitActiveAction } from "./actions";

export async function generateMetadata() {
  return { title: (await getT())("org.title") };
}

const CHILD_KIND: Record<OrgKind, OrgKind | null> = { area: "team", team: "station", station: null };

function UnitActions({ unit, units, t }: { unit: OrgNode; units: OrgNode[]; t: Translate }) {
  const child = CHILD_KIND[unit.kind];
  const parents = units.filter((u) => u.kind === PARENT_KIND[unit.kind] && u.id !== unit.parentId && u.active);
  return (
    <details className="mt-2 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
      <summary className="cursor-pointer select-none font-medium text-brand-700">{t("common.edit")}</summary>
      <div className="mt-3 grid gap-4 md:grid-cols-2">
        <form action={renameUnitAction} className="space-y-2">
          <input type="hidden" name="id" value={unit.id} />
          <label className="block text-xs text-slate-600" htmlFor={`rename-${unit.id}`}>
            {t("org.rename")}
          </label>
          <div className="flex gap-2">
            <input id={`rename-${unit.id}`} name="name" defaultValue={unit.name} required maxLength={60} className={controlClass} />
            <button type="submit" className={buttonClass("secondary", "shrink-0 whitespace-nowrap")}>
              {t("common.save")}
            </button>
          </div>
        </form>
        {parents.length > 0 && (
          <form action={moveUnitAction} className="space-y-2">
            <input type="hidden" name="id" value={unit.id} />
            <label className="block text-xs text-slate-600" htmlFor={`move-${unit.id}`}>
              {t("org.move")}
            </label>
            <div className="flex gap-2">
              <select id={`move-${unit.id}`} name="parentId" className={controlClass}>
                {parents.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
              <button type="submit" className={buttonClass("secondary", "shrink-0 whitespace-nowrap")}>
                {t("common.confirm")}
              </button>
            </div>
          </form>
        )}
        {child && unit.active && (
          <form action={createUnitAction} className="space-y-2 md:col-span-2">
            <input type="hidden" name="parentId" value={unit.id} />
            <input type="hidden" name="kind" value={child} />
            <p className="text-xs text-slate-600">
              {t("org.addChild")} · {label(t, "kinds", child)}
            </p>
            <div className="grid gap-2 sm:grid-cols-[1fr_10rem_auto]">
              <input name="name" required maxLength={60} placeholder={t("org.name")} aria-label={t("org.name")} className={controlClass} />
              <input
                name="code"
                required
                maxLength={40}
                pattern="[A-Za-z0-9_\-]+"
                placeholder={t("org.code")}
                aria-label={t("org.code")}
                className={controlClass}
              />
              <button type="submit" className={buttonClass("primary", "shrink-0 whitespace-nowrap")}>
                {t("common.create")}
              </button>
            </div>
          </form>
        )}
        <form action={setUnitActiveAction}>
          <input type="hidden" name="id" value={unit.id} />
          <input type="hidden" name="active" value={unit.active ? "false" : "true"} />
          <button type="submit" className={buttonClass(unit.active ? "danger" : "secondary")}>
            {unit.active ? t("org.deactivate") : t("org.activate")}
          </button>
        </form>
      </div>
    </details>
  );
}

export default async function OrgPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("org.write");
  const t = await getT();
  const units = await listOrgTree(await getDb(), scopeOf(user, "org.write"), { includeInactive: true });
  const search = await searchParams;
  const ok = searchValue(search, "ok");
  return (
    <div>
      <PageHeader title={t("org.title")} />
      <div className="mb-4 space-y-2">
        {ok === "created" && <Alert tone="success">{t("org.created")}</Alert>}
        {ok === "updated" && <Alert tone="success">{t("org.updated")}</Alert>}
        <OutcomeAlert t={t} search={search} />
      </div>
      <ul className="space-y-2">
        {units.map((u) => (
          <li
            key={u.id}
            className={`rounded-lg border bg-white p-3 ${u.active ? "border-slate-200" : "border-dashed border-slate-300 opacity-70"}`}
            style={{ marginInlineStart: `${Math.min(u.depth, 3) * 1}rem` }}
          >
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-medium text-slate-900">{u.name}</span>
              <Badge tone={u.kind === "area" ? "brand" : "neutral"}>{label(t, "kinds", u.kind)}</Badge>
              <span className="font-mono text-xs text-slate-500">{u.code}</span>
              {!u.active && <Badge tone="warning">{t("org.inactive")}</Badge>}
              <span className="ml-auto text-sm text-slate-600">
                {t("org.members")}: {u.memberCount}
              </span>
            </div>
            <UnitActions unit={u} units={units} t={t} />
          </li>
        ))}
      </ul>
    </div>
  );
}
