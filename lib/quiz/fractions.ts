/**
 * Per-answer grade fractions as Moodle keeps them: a fraction of the question's points, from
 * −1 to 1, stored with seven decimals (Moodle's question_answers.fraction is NUMBER(12,7)).
 *
 * Only the values Moodle's editor offers are valid (question_bank::fraction_options_full for
 * multiple choice, fraction_options — no negatives — for short answer), and a file whose grades
 * are not among them is refused the way Moodle's importer refuses it (match_grade_options with
 * matchgrades = "error": a value within 0.00001 of an option is that option, anything else is an
 * error).
 *
 * Arithmetic is done in whole units of 10⁻⁷ so that sums are exact: 3 × 0.3333333 is 9,999,999
 * units, which Moodle's question_state::graded_state_for_fraction calls right (> 0.999999).
 */

/** p/q for q ≤ 6, p/10, 1/q for q ≤ 10, 1/20: Moodle's list (question/engine/bank.php). */
const POSITIVE = [
  1, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2, 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05,
] as const;

/** Moodle's fraction_options(): 0 to 1, for short answers. */
export const FRACTION_OPTIONS: readonly number[] = [...POSITIVE, 0];
/** Moodle's fraction_options_full(): −1 to 1, for multiple choice. */
export const FRACTION_OPTIONS_FULL: readonly number[] = [...POSITIVE, 0, ...[...POSITIVE].reverse().map((f) => -f)];

/** One whole, in units of 10⁻⁷. */
export const FRACTION_UNIT = 10_000_000;

export function toUnits(fraction: number): number {
  return Math.round(fraction * FRACTION_UNIT);
}

/** The option a fraction stands for (within 0.00001, as Moodle matches), else null. */
export function matchFraction(fraction: number, options: readonly number[] = FRACTION_OPTIONS_FULL): number | null {
  if (!Number.isFinite(fraction)) return null;
  for (const o of options) if (Math.abs(fraction - o) < 0.00001) return o;
  return null;
}

/** A fraction as a percentage for messages and the editor: 0.3333333 → "33.33333". */
export function fractionPercent(fraction: number): string {
  return String(Number((fraction * 100).toFixed(5)));
}

/**
 * Moodle's question_state::graded_state_for_fraction on `num / den`: below 0.000001 is wrong,
 * above 0.999999 right, partial between.
 */
export function stateOfFraction(num: number, den: number): "right" | "partial" | "wrong" {
  if (num * 1_000_000 < den) return "wrong";
  if (num * 1_000_000 > den * 999_999) return "right";
  return "partial";
}

/** Whether grades on a multiple answer are JobReady's own ±1/C rule (so need not be stored). */
export function isPlusMinusOneOverC(fractions: readonly number[]): boolean {
  const c = fractions.filter((f) => f > 0).length;
  if (c === 0) return false;
  const share = toUnits(1 / c);
  return fractions.every((f) => Math.abs(Math.abs(toUnits(f)) - share) <= 1);
}
