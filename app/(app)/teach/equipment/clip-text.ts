import type { Translate } from "@/lib/i18n";

/** The clip as the registry shows it: a part of the lesson, or the whole of it. */
export function clipText(t: Translate, e: { clipStartS: number | null; clipEndS: number | null }): string {
  return e.clipStartS !== null && e.clipEndS !== null ? t("equipment.clipRange", { start: e.clipStartS, end: e.clipEndS }) : t("equipment.clipWhole");
}
