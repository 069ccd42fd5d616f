import type { MessageKey, Problem, Result } from "@/lib/core/result";

/**
 * One thing wrong with an import file, in terms the user can find in it (lib/core/result's
 * Problem): `row` is the row number the spreadsheet shows (the header is row 1, so the first
 * data row is 2) and `column` the header text as written in the file. Both are null when the
 * problem is about the whole file (too large, missing columns, a weak initial password).
 */
export type { Problem };

/**
 * A refusal is `import.failed` with `params.count` problems in all, and at most MAX_PROBLEMS of
 * them in `problems`, followed by one `import.errors.moreProblems` entry when there were more.
 */
export type ImportResult = Result<{ created: number; updated: number; accounts: number }>;

export const MAX_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_ROWS = 100_000;
export const MAX_PROBLEMS = 500;

/** A cell as read from either format: CSV gives strings, an .xlsx also numbers, booleans and dates. */
export type CellValue = string | number | boolean | Date | null;

export interface SheetRow {
  /** The row number the user sees in the spreadsheet. */
  row: number;
  cells: CellValue[];
}

/** A file read into a header and data rows, with no meaning given to the columns yet. */
export interface Sheet {
  headerRow: number;
  /** Header cell texts, trimmed, one per column (empty string for a blank header cell). */
  header: string[];
  rows: SheetRow[];
}

export function problem(row: number | null, column: string | null, code: MessageKey, params?: Problem["params"]): Problem {
  return params ? { row, column, code, params } : { row, column, code };
}

/** Caps a problem list for display, saying how many were left off. */
export function capProblems(all: Problem[], max = MAX_PROBLEMS): { ok: false; problems: Problem[]; total: number } {
  if (all.length <= max) return { ok: false, problems: all, total: all.length };
  return {
    ok: false,
    problems: [...all.slice(0, max), problem(null, null, "import.errors.moreProblems", { count: all.length - max })],
    total: all.length,
  };
}

/** 21.0 MB: sizes as a person reads them. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} B`;
}
