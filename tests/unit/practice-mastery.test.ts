import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nextBookState, OUT, type BookState } from "@/lib/practice/mastery";

/** Runs a sequence of answers (true: right) through the rule from outside the book. */
function run(answers: readonly boolean[], needed: number): BookState {
  return answers.reduce((s, right) => nextBookState(s, right, needed), OUT);
}

describe("the wrong-answer book's mastery rule", () => {
  it("a wrong answer puts a question in; N right in a row take it out (N = 2)", () => {
    expect(run([false], 2)).toEqual({ inBook: true, streak: 0 });
    expect(run([false, true], 2)).toEqual({ inBook: true, streak: 1 });
    expect(run([false, true, true], 2)).toEqual(OUT);
    expect(run([false, true, false, true], 2)).toEqual({ inBook: true, streak: 1 });
    expect(run([true, true], 2)).toEqual(OUT);
  });

  it("in the book exactly when a wrong answer came with fewer than N right after it", () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 40 }), fc.integer({ min: 1, max: 6 }), (answers, needed) => {
        const s = run(answers, needed);
        const lastWrong = answers.lastIndexOf(false);
        // Right answers after the last wrong one (all of them right).
        const after = answers.length - 1 - lastWrong;
        // Leaving resets: once out, right answers keep it out; so it is in iff the last wrong is
        // followed by fewer than `needed` right answers.
        const expected = lastWrong !== -1 && after < needed;
        expect(s.inBook).toBe(expected);
        expect(s.streak).toBe(expected ? after : 0);
        expect(s.streak).toBeLessThan(needed);
      }),
    );
  });

  it("a wrong answer always leaves the question in the book with a streak of 0", () => {
    fc.assert(
      fc.property(fc.boolean(), fc.nat(10), fc.integer({ min: 1, max: 6 }), (inBook, streak, needed) => {
        expect(nextBookState({ inBook, streak: inBook ? Math.min(streak, needed - 1) : 0 }, false, needed)).toEqual({ inBook: true, streak: 0 });
      }),
    );
  });
});
