/**
 * Score arithmetic in whole hundredths. Points carry at most two decimals, so a score is an
 * integer number of hundredths; adding, averaging and comparing those integers never shows
 * 0.1 + 0.2 = 0.30000000000000004. Results go back out as numbers with two decimals at most.
 *
 * Rounding is half up (scores are never negative): 2/3 of 1 point is 0.67.
 */

export type GradingMethod = "highest" | "last" | "first" | "average";

/** A score in hundredths. Inputs with more than two decimals are rounded to two. */
export function toCenti(x: number): number {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite score: ${x}`);
  // 1.15 * 100 is 114.99999999999999: round away the binary noise before anything else.
  return Math.round(x * 100);
}

export function fromCenti(c: number): number {
  return c / 100;
}

/** round(a / b) for integers, half up; b > 0. */
export function divRound(a: number, b: number): number {
  if (b <= 0) throw new RangeError("divisor must be positive");
  const q = Math.floor(a / b);
  const r = a - q * b;
  return 2 * r >= b ? q + 1 : q;
}

/** Whether a number has at most two decimals (as written in decimal, not in binary). */
export function hasTwoDecimalsAtMost(x: number): boolean {
  return Number.isFinite(x) && Math.abs(x * 100 - Math.round(x * 100)) < 1e-6;
}

/** The exact sum of scores, e.g. for an attempt's total. */
export function sumScores(scores: readonly number[]): number {
  let c = 0;
  for (const s of scores) c += toCenti(s);
  return fromCenti(c);
}

/**
 * The score of record from a member's attempts at one quiz, given in the order they were
 * started (oldest first); null when there are none. `average` rounds half up to hundredths.
 * Attempts still waiting for an essay grade are the caller's to leave out or to count.
 */
export function aggregate(attemptScores: readonly number[], method: GradingMethod): number | null {
  const c = attemptScores.map(toCenti);
  const first = c[0];
  const last = c.at(-1);
  if (first === undefined || last === undefined) return null;
  switch (method) {
    case "highest":
      return fromCenti(Math.max(...c));
    case "first":
      return fromCenti(first);
    case "last":
      return fromCenti(last);
    case "average":
      return fromCenti(
        divRound(
          c.reduce((a, b) => a + b, 0),
          c.length,
        ),
      );
  }
}

/** score / max as a percentage with two decimals, half up; 0 when there is nothing to score. */
export function percent(score: number, max: number): number {
  const m = toCenti(max);
  if (m <= 0) return 0;
  // In hundredths of a percent: score/max × 100 × 100.
  return fromCenti(divRound(toCenti(score) * 10_000, m));
}

/**
 * Whether the score reaches the pass mark. Decided on the same two-decimal percentage the
 * worker is shown, so a result displayed as 60.00% never fails a 60% pass mark.
 */
export function passed(score: number, max: number, passPercent: number): boolean {
  return toCenti(percent(score, max)) >= toCenti(passPercent);
}
