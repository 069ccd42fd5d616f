/** The induction reason in words, in the reader's language (pure; takes the translator). */
import type { Translate } from "@/lib/i18n";

/** 「三级安全教育未完成（车间级、班组级）」 for the open levels. */
export function inductionReason(t: Translate, levels: readonly number[]): string {
  const names = levels.map((l) => t(`induction.levelsShort.${l}` as Parameters<Translate>[0]));
  return t("induction.blocked", { levels: names.join(t("induction.separator")) });
}
