import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rng } from "@/lib/core/rng";
import { grade } from "@/lib/quiz/grading";
import { DEMO_QUESTIONS } from "@/scripts/demo/quiz";
import { planAnswers } from "@/scripts/demo/history-attempts";

/** The demo quiz as the history's attempts take it: 11 questions of 5 points and an essay of 10. */
const QUIZ = DEMO_QUESTIONS.map((question) => ({ question, points: question.points }));
const MAX = QUIZ.reduce((s, q) => s + q.points, 0);

describe("the demo history's answers (planAnswers)", () => {
  it("add up to every score from 0 to the maximum, each automatic answer fully right or worth nothing", () => {
    expect(MAX).toBe(65);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX }), fc.integer(), (score, seed) => {
        const a = planAnswers(score, QUIZ, rng(seed));
        expect(a.total).toBe(score);
        a.responses.forEach((r, i) => {
          const { question, points } = QUIZ[i]!;
          if (question.type === "essay") {
            expect(r?.type).toBe("essay");
            expect(a.manualScores[i]!).toBeGreaterThanOrEqual(0);
            expect(a.manualScores[i]!).toBeLessThanOrEqual(points);
            return;
          }
          const g = grade(question, r);
          expect([0, points]).toContain(g.score);
          expect(a.autoScores[i]).toBe(g.score);
        });
      }),
      { numRuns: 300 },
    );
  });

  it("answers the easy questions right more often than the hard ones", () => {
    const easy = { ...DEMO_QUESTIONS[0]!, difficulty: 1 as const };
    const hard = { ...DEMO_QUESTIONS[5]!, difficulty: 5 as const };
    const quiz = [easy, hard, ...DEMO_QUESTIONS.slice(1, 5)].map((question) => ({ question, points: 5 }));
    const rand = rng(7);
    let easyRight = 0;
    let hardRight = 0;
    for (let i = 0; i < 400; i++) {
      const a = planAnswers(15, quiz, rand);
      easyRight += a.autoScores[0] === 5 ? 1 : 0;
      hardRight += a.autoScores[1] === 5 ? 1 : 0;
    }
    expect(easyRight).toBeGreaterThan(hardRight * 2);
  });

  it("gives the nearest score below when the questions cannot make it", () => {
    // Only 5-point questions, no essay: 13 is made as 10.
    const quiz = DEMO_QUESTIONS.filter((q) => q.type !== "essay").map((question) => ({ question, points: 5 }));
    expect(planAnswers(13, quiz, rng(1)).total).toBe(10);
  });
});
