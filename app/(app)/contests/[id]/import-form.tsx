"use client";

import type { PreviewLabels } from "@/app/_lib/import-preview";
import { ImportPreviewForm } from "@/app/_ui/import-preview";
import { importResultsAction } from "../actions";

/** The results import: a preview of every row first, written only on confirmation. */
export function ImportResultsForm({ contestId, labels }: { contestId: number; labels: PreviewLabels }) {
  return (
    <ImportPreviewForm action={importResultsAction} labels={labels} accept=".xlsx,.csv">
      <input type="hidden" name="contestId" value={contestId} />
    </ImportPreviewForm>
  );
}
