import { pinyin } from "pinyin-pro";

/**
 * What the member search matches (`members.search_words`). The search is "a word of this column
 * starts with the text" (LIKE '% text%'), which a trigram index answers even for one or two
 * characters, where LIKE '%text%' has no trigram to look up and reads every row. So every suffix
 * is a word: of the name (林晓雨 晓雨 雨: the given name), of the employee number (lower case), and
 * of the name's pinyin, by syllable (linxiaoyu xiaoyu yu) and by initial (lxy xy y). Lower case,
 * ü written v, surnames read as surnames (单 shan, 曾 zeng). It starts with a space, so the first
 * word is matched like the others.
 */
export function searchWords(employeeNo: string, name: string): string {
  const squash = (s: string) => s.toLowerCase().replace(/\s+/g, "");
  const suffixes = (parts: string[]) => parts.map((_, i) => parts.slice(i).join("")).filter(Boolean);
  const opts = { toneType: "none", type: "array", surname: "head", nonZh: "consecutive" } as const;
  const syllables = (xs: string[]) => xs.map((s) => squash(s).replace(/ü/g, "v")).filter(Boolean);
  const full = syllables(pinyin(name, opts));
  const initials = syllables(pinyin(name, { ...opts, pattern: "first" }));
  const words = [...suffixes([...squash(name)]), ...suffixes([...squash(employeeNo)]), ...suffixes(full), ...suffixes(initials)];
  return ` ${[...new Set(words)].join(" ")}`;
}

/** A search text as the words are written: lower case, no spaces or apostrophes (lin xiao yu, xi'an). */
export function searchText(q: string): string {
  return q
    .toLowerCase()
    .replace(/[\s']+/g, "")
    .replace(/ü/g, "v");
}
