import { createHash } from "node:crypto";
import type { Problem } from "./result";

/**
 * The preview every spreadsheet import shows before it writes (members, certificates, contest
 * results): what each row will do — create, update, refused (with every reason) or skipped as
 * the template's example row, or unchanged (already recorded as the row says). Nothing is written for a preview; the confirmation sends the same
 * file again with the preview's digest, and the import checks the file afresh (a file that
 * changed in between is refused, so what was confirmed is what is written).
 */

export type PreviewAction = "create" | "update" | "refused" | "example" | "unchanged";

export interface PreviewRow {
  /** The row number the spreadsheet shows. */
  row: number;
  action: PreviewAction;
  /** The row's cells under `columns`, as text. */
  cells: string[];
  /** Why the row is refused (empty otherwise). */
  reasons: Problem[];
}

export interface ImportPreview {
  /** sha-256 of the file: the confirmation must send the same file. */
  digest: string;
  columns: string[];
  /** At most MAX_PREVIEW_ROWS rows, refused ones first. */
  rows: PreviewRow[];
  counts: Record<PreviewAction, number>;
  /** Problems of the whole file (a weak initial password), not of a row. */
  fileProblems: Problem[];
}

export const MAX_PREVIEW_ROWS = 300;

export function fileDigest(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** A cell as the user reads it: dates as days, numbers and text as written, trimmed. */
export function cellString(c: unknown): string {
  if (c === null || c === undefined) return "";
  if (c instanceof Date) return Number.isNaN(c.getTime()) ? "" : c.toISOString().slice(0, 10);
  return String(c).trim();
}

interface SheetLike<C> {
  rows: { row: number; cells: C[] }[];
}

/**
 * The rows that are a template's example row: every cell named in one of `examples` (by column
 * key) reads exactly as the example's. `at` gives a column key's index in the file.
 */
export function exampleRows<C>(sheet: SheetLike<C>, at: (key: string) => number | undefined, examples: readonly Record<string, string>[]): Set<number> {
  const out = new Set<number>();
  for (const r of sheet.rows) {
    const get = (key: string) => {
      const i = at(key);
      return i === undefined ? null : cellString(r.cells[i]);
    };
    if (examples.some((ex) => Object.entries(ex).every(([k, v]) => get(k) === v))) out.add(r.row);
  }
  return out;
}

/** The sheet without the given rows (the example rows, which are neither checked nor written). */
export function withoutRows<S extends SheetLike<unknown>>(sheet: S, rows: ReadonlySet<number>): S {
  return rows.size === 0 ? sheet : { ...sheet, rows: sheet.rows.filter((r) => !rows.has(r.row)) };
}

/** A column's index in a header, by any of its names (letter case and spaces do not matter). */
export function headerIndex(header: string[], names: readonly string[]): number | undefined {
  const norm = (h: string) => h.trim().replace(/\s+/g, " ").replace(/\.$/, "").toLowerCase();
  const wanted = names.map(norm);
  const i = header.findIndex((h) => wanted.includes(norm(h)));
  return i < 0 ? undefined : i;
}

/**
 * The preview of a checked file: `examples` are the skipped example rows, `updates` the rows
 * that change something already stored, `problems` every problem found (a row's problems make it
 * refused; those without a row are the file's). Every other row is created.
 */
export function buildPreview<C>(o: {
  bytes: Uint8Array;
  sheet: SheetLike<C>;
  columns: string[];
  cells: (r: { row: number; cells: C[] }) => string[];
  examples: ReadonlySet<number>;
  updates: ReadonlySet<number>;
  /** Rows already recorded exactly as they say (a file imported again): skipped. */
  unchanged?: ReadonlySet<number>;
  problems: Problem[];
}): ImportPreview {
  const byRow = new Map<number, Problem[]>();
  const fileProblems: Problem[] = [];
  for (const p of o.problems) {
    if (p.row === null) fileProblems.push(p);
    else byRow.set(p.row, [...(byRow.get(p.row) ?? []), p]);
  }
  const counts: Record<PreviewAction, number> = { create: 0, update: 0, refused: 0, example: 0, unchanged: 0 };
  const rows: PreviewRow[] = o.sheet.rows.map((r) => {
    const reasons = byRow.get(r.row) ?? [];
    const action: PreviewAction = o.examples.has(r.row)
      ? "example"
      : reasons.length
        ? "refused"
        : o.unchanged?.has(r.row)
          ? "unchanged"
          : o.updates.has(r.row)
            ? "update"
            : "create";
    counts[action]++;
    return { row: r.row, action, cells: o.cells(r), reasons };
  });
  // A problem on the header row (a repeated column) is the file's.
  for (const [row, ps] of byRow) if (!o.sheet.rows.some((r) => r.row === row)) fileProblems.push(...ps);
  const order: Record<PreviewAction, number> = { refused: 0, update: 1, create: 2, unchanged: 3, example: 4 };
  rows.sort((a, b) => order[a.action] - order[b.action] || a.row - b.row);
  return { digest: fileDigest(o.bytes), columns: o.columns, rows: rows.slice(0, MAX_PREVIEW_ROWS), counts, fileProblems };
}

/**
 * Whether a preview may be confirmed: something to write, no problem of the file, and no refused
 * row — unless the import takes the rest without its refused rows (`partial`, e.g. 学时 records,
 * each standing alone), when the confirmation says how many it skips.
 */
export function confirmable(p: ImportPreview, partial = false): boolean {
  return (partial || p.counts.refused === 0) && p.fileProblems.length === 0 && p.counts.create + p.counts.update > 0;
}

/** How an import runs: a preview (writes nothing), or the write, bound to a preview's digest when confirmed from one. */
export interface ImportMode {
  preview?: boolean;
  /** The digest of the previewed file; the write is refused when the file sent differs. */
  digest?: string;
}

/** True when a confirmation sends another file than the one previewed. */
export function changedSincePreview(bytes: Uint8Array, mode: ImportMode): boolean {
  return !mode.preview && mode.digest !== undefined && mode.digest !== fileDigest(bytes);
}
