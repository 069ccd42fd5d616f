import type { Translate, MessageKey } from "@/lib/i18n";
import { MEMBER_STATUSES, SPECIALTIES, TECH_TITLES } from "@/lib/org/constants";

/** Labels for the code lists, in the user's language. */
export function label(t: Translate, group: "specialties" | "techTitles" | "statuses" | "kinds" | "roles", code: string): string {
  const key = `${group}.${code}` as MessageKey;
  const text = t(key);
  return text === key ? code : text;
}

export const specialtyOptions = (t: Translate) => SPECIALTIES.map((s) => ({ value: s, label: label(t, "specialties", s) }));
/**
 * Where a specialty may be left out (lessons, courses, classes, quizzes): none, then the one list.
 * A value stored before the list was used everywhere (free text) stays shown, marked, until changed.
 */
export function optionalSpecialtyOptions(t: Translate, current?: string | null, none: string = t("common.none")) {
  const legacy = current && !(SPECIALTIES as readonly string[]).includes(current) ? [{ value: current, label: t("specialtyLegacy", { value: current }) }] : [];
  return [{ value: "", label: none }, ...specialtyOptions(t), ...legacy];
}
export const techTitleOptions = (t: Translate) => TECH_TITLES.map((s) => ({ value: s, label: label(t, "techTitles", s) }));
export const statusOptions = (t: Translate) => MEMBER_STATUSES.map((s) => ({ value: s, label: label(t, "statuses", s) }));

/** Org units as indented options, for a select. */
export function unitOptions(units: { id: number; name: string; depth: number }[]) {
  return units.map((u) => ({ value: String(u.id), label: `${"\u00A0\u00A0".repeat(u.depth)}${u.name}` }));
}
