import type { Translate, MessageKey } from "@/lib/i18n";
import { MEMBER_STATUSES, TECH_TITLES } from "@/lib/org/constants";

/** Labels for the code lists, in the user's language. */
export function label(t: Translate, group: "techTitles" | "statuses" | "kinds" | "roles", code: string): string {
  const key = `${group}.${code}` as MessageKey;
  const text = t(key);
  return text === key ? code : text;
}

export const techTitleOptions = (t: Translate) => TECH_TITLES.map((s) => ({ value: s, label: label(t, "techTitles", s) }));
export const statusOptions = (t: Translate) => MEMBER_STATUSES.map((s) => ({ value: s, label: label(t, "statuses", s) }));

/** Org units as indented options, for a select. */
export function unitOptions(units: { id: number; name: string; depth: number }[]) {
  return units.map((u) => ({ value: String(u.id), label: `${"\u00A0\u00A0".repeat(u.depth)}${u.name}` }));
}
