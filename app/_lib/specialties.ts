import { cache } from "react";
import { getDb } from "@/lib/core/db";
import { listSpecialties, specialtyName } from "@/lib/org/specialties";
import type { Translate } from "@/lib/i18n";
import { getLocale } from "./i18n";

/** The admin's 专业 list, read once per request. */
const loadList = cache(async () => listSpecialties(await getDb()));

/**
 * 专业 in the user's language: `name(code)` for any record (an inactive one still has its name),
 * `options(current)` for a form — the active list, plus the record's own value if it was
 * deactivated since — and `optional(current, none)` where a record may have none.
 */
export async function getSpecialties() {
  const [list, locale] = await Promise.all([loadList(), getLocale()]);
  const name = (code: string | null | undefined) => specialtyName(list, locale, code);
  const options = (current?: string | null) => {
    const active = list.filter((s) => s.active || s.code === current).map((s) => ({ value: s.code, label: name(s.code) }));
    const unknown = current && !list.some((s) => s.code === current) ? [{ value: current, label: current }] : [];
    return [...active, ...unknown];
  };
  const optional = (t: Translate, current?: string | null, none: string = t("common.none")) => [{ value: "", label: none }, ...options(current)];
  return { list, name, options, optional };
}
