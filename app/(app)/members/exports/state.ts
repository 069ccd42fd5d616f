import type { ExportState } from "@/lib/person-file/exports";

/** The badge colour of an export's state. */
export function stateTone(s: ExportState): "neutral" | "brand" | "warning" | "danger" | "success" {
  return s === "done" ? "success" : s === "failed" ? "danger" : s === "expired" ? "neutral" : "brand";
}

/** A size in bytes as KB or MB. */
export function sizeText(bytes: number | null): string {
  if (bytes === null) return "";
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
