import type { RosterFilter } from "@/lib/eligibility/service";

/** The query string of a filter, for links (pages, sorting, export). */
export function rosterQuery(f: Partial<RosterFilter>, over: Record<string, string | number | null> = {}): string {
  const p = new URLSearchParams();
  const all: Record<string, unknown> = {
    unit: f.unit,
    job: f.job,
    status: f.status,
    within: f.within,
    sort: f.sort === "name" ? null : f.sort,
    desc: f.desc ? 1 : null,
    view: f.view === "jobs" ? null : f.view,
    page: f.page && f.page > 1 ? f.page : null,
    ...over,
  };
  for (const [k, v] of Object.entries(all)) if (v !== null && v !== undefined && v !== "") p.set(k, String(v));
  return p.size ? `?${p}` : "";
}

/**
 * A unit id from the URL: null when none is given (the viewer's own scope), undefined when the
 * value is not an id at all (the page says "not found" rather than guessing).
 */
export function unitParam(raw: string | string[] | undefined | null): number | null | undefined {
  const v = Array.isArray(raw) ? raw[0] : raw;
  if (v === undefined || v === null || v === "") return null;
  if (!/^\d{1,10}$/.test(v)) return undefined;
  const n = Number(v);
  return n >= 1 && n <= 2_147_483_647 ? n : undefined;
}
