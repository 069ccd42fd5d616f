"use client";

import type { PreviewLabels } from "@/app/_lib/import-preview";
import { TextField } from "@/app/_ui/field";
import { ImportPreviewForm } from "@/app/_ui/import-preview";
import { importMembersAction } from "./actions";

export function ImportForm({ labels, password }: { labels: PreviewLabels; password: string }) {
  return (
    <ImportPreviewForm action={importMembersAction} labels={labels}>
      <TextField label={password} name="initialPassword" type="text" autoComplete="off" maxLength={128} />
    </ImportPreviewForm>
  );
}
