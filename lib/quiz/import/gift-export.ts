/**
 * Questions written as GIFT (gift.ts reads it back), as Moodle's own GIFT writer writes them:
 * "$CATEGORY:" before each change of category, "::name::" before each question, the answer block
 * after the stem (where the blank is, for a fill-in), the explanation as general feedback (####).
 *
 * GIFT has no shared-material question: a group (案例分析) goes out as GIFT's description (the
 * material after its name and no answer block at all, worth nothing) followed by its parts as
 * questions of their own named "<name> (1)", "(2)"…, as the Moodle XML export writes it. It does
 * not come back as one group (the reader refuses a block with no answer block).
 *
 * GIFT cannot say: ordering, cloze and fill-ins with more than one blank (left out and listed in
 * `left`); points, difficulty, tags, a unit, pictures' and clips' files (listed per question in
 * `media`: their tokens stay in the text); an all-or-nothing multiple choice
 * goes out with Moodle's ±1/C weights, as a GIFT file can only grade it.
 */
import type { Translate } from "@/lib/i18n";
import { fractionPercent } from "../fractions";
import { BLANK_MARK, partQuestion, type GroupQuestion, type Question } from "../types";
import { mediaRefs } from "../media-refs";
import { derivedName } from "./moodle-xml";

/** GIFT's special characters escaped, line breaks as \n (gift.ts `unescapeGift` undoes it). */
function esc(s: string): string {
  return s.replace(/[~=#{}:\\]/g, (c) => `\\${c}`).replace(/\r?\n/g, "\\n");
}

/** A weight as GIFT writes it: "%50%" (five decimals at most, as Moodle's fractions). */
const weight = (fraction: number) => `%${fractionPercent(fraction)}%`;

/**
 * One answer: its mark, its weight when it is not the mark's own (100 % for "=", 0 % for "~"),
 * and its text. A text starting with "%" gets its weight written out, or it would be read as one.
 */
function alt(mark: "=" | "~", fraction: number, text: string): string {
  const own = fraction === (mark === "=" ? 1 : 0);
  return `${mark}${own && !text.startsWith("%") ? "" : weight(fraction)}${esc(text)}`;
}

function numericAnswers(q: Extract<Question, { type: "numeric" }>): string {
  const list = q.key.answers ?? [{ ...q.key, fraction: 1 }];
  const one = (a: (typeof list)[number]) => {
    const tolerance = a.tolerance.kind === "absolute" ? a.tolerance.value : (Math.abs(a.value) * a.tolerance.value) / 100;
    return `${a.value}:${Number(tolerance.toFixed(10))}`;
  };
  if (list.length === 1 && list[0]!.fraction === 1) return `#${one(list[0]!)}`;
  return `#${list.map((a) => `=${a.fraction === 1 ? "" : weight(a.fraction)}${one(a)}`).join(" ")}`;
}

/** The answer block's inside, or null when GIFT cannot say the question. */
function answerBlock(q: Exclude<Question, GroupQuestion>): string | null {
  switch (q.type) {
    case "single":
      return q.options
        .map((o) => {
          const f = q.key.fractions?.[o.id] ?? (o.id === q.key.correct ? 1 : 0);
          return f === 1 ? alt("=", 1, o.text) : alt("~", f, o.text);
        })
        .join(" ");
    case "multiple": {
      const right = new Set(q.key.correct);
      return q.options
        .map((o) => {
          const f = q.key.fractions?.[o.id] ?? (right.has(o.id) ? 1 / right.size : -1 / right.size);
          return `~${weight(f)}${esc(o.text)}`;
        })
        .join(" ");
    }
    case "truefalse":
      return q.key.correct ? "T" : "F";
    case "fill": {
      if (q.key.blanks.length !== 1) return null;
      const grades = q.key.fractions?.[0];
      return q.key.blanks[0]!.map((a, k) => alt("=", grades?.[k] ?? 1, a)).join(" ");
    }
    case "numeric":
      return numericAnswers(q);
    case "essay":
      return "";
    case "matching": {
      const used = new Set(Object.values(q.key.pairs));
      const pairs = q.items.map((item) => `=${esc(item.text)} -> ${esc(q.choices.find((c) => c.id === q.key.pairs[item.id])?.text ?? "")}`);
      const distractors = q.choices.filter((c) => !used.has(c.id)).map((c) => `= -> ${esc(c.text)}`);
      return [...pairs, ...distractors].join(" ");
    }
    case "ordering":
    case "cloze":
      return null;
  }
}

function questionGift(q: Exclude<Question, GroupQuestion>, name: string): string | null {
  const block = answerBlock(q);
  if (block === null) return null;
  const general = q.explanation ? `####${esc(q.explanation)}` : "";
  const inner = `{${block}${block && general ? " " : ""}${general}}`;
  const at = q.type === "fill" ? q.stem.indexOf(BLANK_MARK) : -1;
  const stem = at === -1 ? `${esc(q.stem)} ${inner}` : `${esc(q.stem.slice(0, at))}${inner}${esc(q.stem.slice(at + BLANK_MARK.length))}`;
  return `::${esc(name)}::${stem}`;
}

/** A group: its material as GIFT's description, then each part named "<name> (n)". */
function groupGift(q: GroupQuestion): string[] {
  const name = q.title ?? derivedName(q.stem);
  const parts = q.parts.map((_, i) => questionGift(partQuestion(q, i), `${name} (${i + 1})`));
  return [`::${esc(name)}::${esc(q.stem)}`, ...parts.filter((p): p is string => p !== null)];
}

export interface GiftExport {
  text: string;
  /** Questions GIFT cannot say (by their place in the list given), left out of `text`. */
  left: { index: number; type: Question["type"] }[];
  /**
   * Questions written whose pictures or clips GIFT has no place for (by their place in the list,
   * with the name written and how many of each): their files are not in `text`, their tokens are.
   */
  media: { index: number; name: string; pictures: number; clips: number }[];
}

/** The questions as one GIFT file (UTF-8 text); see the top of this file for what GIFT cannot carry. */
export function exportGift(questions: readonly Question[]): GiftExport {
  const blocks: string[] = [];
  const left: GiftExport["left"] = [];
  const media: GiftExport["media"] = [];
  let category: string | null = null;
  questions.forEach((q, index) => {
    const name = q.title ?? derivedName(q.stem);
    const written = q.type === "group" ? groupGift(q) : [questionGift(q, name)].filter((b): b is string => b !== null);
    if (!written.length) {
      left.push({ index, type: q.type });
      return;
    }
    const refs = mediaRefs(JSON.stringify(q));
    const pictures = refs.filter((r) => r.kind === "image").length;
    if (refs.length) media.push({ index, name, pictures, clips: refs.length - pictures });
    const path = q.category.map((c) => c.replace(/\//g, "//")).join("/");
    if (path !== category) {
      blocks.push(`$CATEGORY: ${path}`);
      category = path;
    }
    blocks.push(...written);
  });
  return { text: blocks.length ? `${blocks.join("\n\n")}\n` : "", left, media };
}

/**
 * The GIFT download: the questions as GIFT after a comment header that says what the file does
 * not carry — the questions left out (by type) and, question by question, the pictures and clips
 * whose files are not in it (Moodle XML carries them).
 */
export function giftDownload(questions: readonly Question[], t: Translate): string {
  const { text, left, media } = exportGift(questions);
  const head: string[] = [];
  if (left.length) {
    const types = [...new Set(left.map((l) => t(`quizAdmin.types.${l.type}`)))].join(t("quizAdmin.sep"));
    head.push(t("quizAdmin.bank.giftLeft", { count: left.length, types }));
  }
  if (media.length) {
    head.push(t("quizAdmin.bank.giftMediaHead", { count: media.length }));
    for (const m of media) head.push(`  ${t("quizAdmin.bank.giftMediaLine", { name: m.name.replace(/\s+/g, " "), pictures: m.pictures, clips: m.clips })}`);
  }
  return head.length ? `${head.map((l) => `// ${l}`).join("\n")}\n\n${text}` : text;
}
