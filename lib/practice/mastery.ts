/**
 * The wrong-answer book's mastery rule (错题本), pure: a question answered wrong goes in (or stays,
 * its streak back to 0); answered right while in the book, its streak grows, and it leaves once
 * it has been answered right `needed` times in a row; answered right while out, it stays out.
 */

export interface BookState {
  inBook: boolean;
  /** Right answers in a row since it went in (0 when out). */
  streak: number;
}

export const OUT: BookState = { inBook: false, streak: 0 };

/** Partial credit is not right: only a fully right answer counts towards mastery. */
export function nextBookState(state: BookState, right: boolean, needed: number): BookState {
  if (!right) return { inBook: true, streak: 0 };
  if (!state.inBook) return OUT;
  const streak = state.streak + 1;
  return streak >= needed ? OUT : { inBook: true, streak };
}
