/** Pieces the question editor and its group parts share. */

export const ITEM_INPUT =
  "block min-h-10 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30 sm:text-sm";
export const REMOVE = "min-h-10 min-w-10 shrink-0 rounded-md text-slate-500 hover:bg-red-50 hover:text-red-700 disabled:opacity-30";

export const fmt = (s: string, p: Record<string, string | number>) => s.replace(/\{(\w+)\}/g, (m, k: string) => (k in p ? String(p[k]) : m));
