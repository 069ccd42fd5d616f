import { z } from "zod";
import { confirmable, type ImportPreview, type PreviewAction } from "@/lib/core/import-preview";
import { ok, type Problem, type Result } from "@/lib/core/result";
import { translateCode, type Translate } from "@/lib/i18n";

/**
 * The server half of the import preview (lib/core/import-preview; the form is app/_ui/import-preview):
 * a form without `confirm` asks for the preview, one with the preview's digest in `confirm` writes.
 */
export const confirmField = z
  .string()
  .regex(/^[0-9a-f]{64}$/, "importPreview.changed")
  .optional();

/** The preview as the form shows it: every reason in the user's language. */
export interface PreviewView {
  kind: "preview";
  digest: string;
  columns: string[];
  rows: { row: number; action: PreviewAction; cells: string[]; reasons: string[] }[];
  counts: Record<PreviewAction, number>;
  total: number;
  fileProblems: string[];
  confirmable: boolean;
  /** The confirmation writes the rest and skips the refused rows (see `confirmable`). */
  partial: boolean;
}

function message(t: Translate, p: Problem): string {
  // A weak password's reason is a message of its own.
  const params = typeof p.params?.reason === "string" ? { ...p.params, reason: translateCode(t, p.params.reason) } : p.params;
  const text = translateCode(t, p.code, params);
  return p.column !== null ? t("importPreview.reasonAt", { column: t("import.column", { column: p.column }), message: text }) : text;
}

export function previewView(t: Translate, p: ImportPreview, partial = false): PreviewView {
  return {
    kind: "preview",
    digest: p.digest,
    columns: p.columns,
    rows: p.rows.map((r) => ({ row: r.row, action: r.action, cells: r.cells, reasons: r.reasons.map((x) => message(t, x)) })),
    counts: p.counts,
    total: p.counts.create + p.counts.update + p.counts.refused + p.counts.example + p.counts.unchanged,
    fileProblems: p.fileProblems.map((x) => message(t, x)),
    confirmable: confirmable(p, partial),
    partial,
  };
}

/** The words of the preview form (app/_ui/import-preview), in the reader's language. */
export function previewLabels(t: Translate) {
  return {
    file: t("import.file"),
    choose: t("import.choose"),
    noFile: t("import.noFile"),
    tooLarge: t("import.errors.tooLarge"),
    preview: t("importPreview.preview"),
    previewing: t("importPreview.previewing"),
    title: t("importPreview.title"),
    summary: t("importPreview.summary"),
    unchangedSummary: t("importPreview.unchangedSummary"),
    confirm: t("importPreview.confirm"),
    confirming: t("importPreview.confirming"),
    confirmSkipping: t("importPreview.confirmSkipping"),
    fixFirst: t("importPreview.fixFirst"),
    nothingToImport: t("importPreview.nothingToImport"),
    moreRows: t("importPreview.moreRows"),
    row: t("importPreview.row"),
    action: t("importPreview.action"),
    fileProblems: t("importPreview.fileProblems"),
    problems: t("import.problem"),
    actions: {
      create: t("importPreview.actions.create"),
      update: t("importPreview.actions.update"),
      refused: t("importPreview.actions.refused"),
      example: t("importPreview.actions.example"),
      unchanged: t("importPreview.actions.unchanged"),
    },
  };
}
export type PreviewLabels = ReturnType<typeof previewLabels>;

/** An import action's outcome: the preview, or what the confirmed import wrote. */
export type PreviewOr<T> = { preview: PreviewView } | { written: T };

/**
 * Runs the preview when the form carries no `confirm`, else the write bound to the previewed
 * digest. `partial`: the write skips refused rows (the import's own write must do so too).
 */
export async function previewOrWrite<T>(
  t: Translate,
  confirm: string | undefined,
  preview: () => Promise<Result<ImportPreview>>,
  write: (digest: string) => Promise<Result<T>>,
  partial = false,
): Promise<Result<PreviewOr<T>>> {
  if (!confirm) {
    const p = await preview();
    return p.ok ? ok({ preview: previewView(t, p.value, partial) }) : p;
  }
  const w = await write(confirm);
  return w.ok ? ok({ written: w.value }) : w;
}
