/**
 * 线下考试 A/B 卷: two orders of one draw, fixed by the sitting's seed (shuffle.ts), so a paper
 * printed again is the same paper and a score typed against "B 卷第 3 题" finds its question.
 * Both versions hold the same questions; B differs from A in order whenever there are two or more.
 */
import { deriveSeed, optionOrder, shuffle } from "./shuffle";
import type { ChoiceOption } from "./types";

export const PAPER_VERSIONS = ["A", "B"] as const;
export type PaperVersion = (typeof PAPER_VERSIONS)[number];

export interface PaperItem {
  /** The question's id (the option orders' seeds are per question, as for an attempt). */
  questionId: number;
  /** Options (or matching choices, ordering items) whose order may change; null when none. */
  options: readonly ChoiceOption[] | null;
  /** Matching and ordering are always shuffled, whatever the quiz says about options. */
  alwaysShuffled: boolean;
}

export interface PaperLayout {
  /** For each drawn item (in the draw's order), its 1-based number on this version. */
  numbers: number[];
  /** For each drawn item, its option order on this version; null keeps the author's order. */
  options: (string[] | null)[];
}

/** The draw's items laid out as versions A and B. */
export function paperVersions(items: readonly PaperItem[], seed: string, o: { shuffleOptions: boolean }): Record<PaperVersion, PaperLayout> {
  const idx = items.map((_, i) => i);
  const orderA = shuffle(idx, deriveSeed(seed, "paper", "A"));
  let orderB = shuffle(idx, deriveSeed(seed, "paper", "B"));
  // Two versions in one order would let neighbours copy: B then starts one question later.
  if (idx.length > 1 && orderB.every((v, i) => v === orderA[i])) orderB = [...orderB.slice(1), ...orderB.slice(0, 1)];
  const layout = (order: number[], v: PaperVersion): PaperLayout => {
    const numbers = new Array<number>(items.length);
    order.forEach((item, i) => {
      numbers[item] = i + 1;
    });
    return {
      numbers,
      options: items.map((it) =>
        it.options && (o.shuffleOptions || it.alwaysShuffled) ? optionOrder(it.options, deriveSeed(seed, "paper", v, "options", it.questionId)) : null,
      ),
    };
  };
  return { A: layout(orderA, "A"), B: layout(orderB, "B") };
}
