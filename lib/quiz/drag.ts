/**
 * Moodle's drag and drop into text (qtype_ddwtos, see DragBoxes in types.ts): which gaps a box
 * fills. A finite box fills one gap at most — dropping it into a gap takes it out of the gap it
 * was in, as Moodle's drag does — and an infinite one any number of gaps.
 */
import type { DragBoxes } from "./types";

const isFiniteBox = (drag: DragBoxes, id: string) => id !== "" && !drag.infinite.includes(id);

/** The gap other than `except` that holds box `id`, or -1. */
export function gapHolding(gaps: readonly string[], id: string, except = -1): number {
  return gaps.findIndex((v, i) => i !== except && v === id);
}

/** The gaps after box `id` ("" empties the gap) is put in gap `i`. */
export function placeBox(gaps: readonly string[], drag: DragBoxes, i: number, id: string): string[] {
  const next = [...gaps];
  if (isFiniteBox(drag, id)) {
    const other = gapHolding(next, id, i);
    if (other !== -1) next[other] = "";
  }
  next[i] = id;
  return next;
}

/** True when no finite box fills more than one gap. */
export function boxesOnceEach(gaps: readonly string[], drag: DragBoxes): boolean {
  const seen = new Set<string>();
  for (const id of gaps) {
    if (!isFiniteBox(drag, id)) continue;
    if (seen.has(id)) return false;
    seen.add(id);
  }
  return true;
}

/**
 * What the bank editor says of a cloze that is a Moodle drag and drop into text (the editor's
 * payload has `drag`, see QuestionPayload): the boxes usable more than once, by their words, so
 * the trainer knows saving keeps it drag and drop. Null for any other question.
 */
export function dragNotice(p: { readonly type: string; readonly drag?: { readonly infinite: readonly string[] } }): { reusable: string[] } | null {
  return p.type === "cloze" && p.drag ? { reusable: [...p.drag.infinite] } : null;
}
