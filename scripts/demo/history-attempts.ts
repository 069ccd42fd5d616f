/**
 * The answers behind the demo history's quiz results (issue 18): each past result gets the one
 * submitted attempt a worker would have made — the quiz's questions in a shuffled order, an answer
 * to every one, the essay graded by the demo trainer — whose score is the result's score. So the
 * past quizzes' item statistics, the reviews and the needs analysis have something to show.
 *
 * `planAnswers` is pure: the same score, questions and generator give the same answers. Every
 * automatic answer is fully right or earns nothing (checked with the engine's own `grade`), and
 * the essay takes the rest (as near the score's share of the essay as it can); easy questions are
 * answered right more often than hard ones, so the statistics tell them apart, and the better
 * workers answer each question right more often (positive discrimination, given the scores' spread).
 */
import { inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { attemptAnswers, attemptQuestions, attempts, questionVersions } from "@/db/schema";
import { rng } from "@/lib/core/rng";
import { deriveSeed, shuffle } from "@/lib/quiz/shuffle";
import { drawQuestions, optionOrderFor } from "@/lib/quiz/attempts/start";
import { grade } from "@/lib/quiz/grading";
import type { Response } from "@/lib/quiz/response";
import { fromStored } from "@/lib/quiz/store";
import type { Question } from "@/lib/quiz/types";

/** The answers of one attempt, position by position (1-based positions are the array's order). */
export interface PlannedAnswers {
  responses: (Response | null)[];
  /** Each automatic answer's score; null for an essay. */
  autoScores: (number | null)[];
  /** The trainer's score for each essay; null for the others. */
  manualScores: (number | null)[];
  /** What the answers add up to. */
  total: number;
}

/** Wrong words a worker might type into a blank. */
const WRONG_WORDS = ["油", "压力", "温度", "不知道", "阀门"];
/** Essay answers from thin to full, picked by the share of the points given. */
const ESSAYS = [
  "报告班长。",
  "立即报告，关闭来油阀门。",
  "立即报告值班干部，切断泄漏来源，设置警戒区，禁止明火。",
  "发现泄漏先报告，切断来源，设置警戒并防火，用吸油毡回收落地原油，处置后记录并上报。",
];

const right = (q: Question): Response | null => {
  switch (q.type) {
    case "single":
      return { type: "single", optionId: q.key.correct };
    case "multiple":
      return { type: "multiple", optionIds: [...q.key.correct] };
    case "truefalse":
      return { type: "truefalse", value: q.key.correct };
    case "fill":
      return { type: "fill", blanks: q.key.blanks.map((b) => b[0] ?? "") };
    case "numeric":
      return { type: "numeric", value: String(q.key.value) };
    default:
      return null;
  }
};

const wrong = (q: Question, rand: () => number): Response | null => {
  const pick = <T>(xs: readonly T[]): T | undefined => xs[Math.floor(rand() * xs.length)];
  switch (q.type) {
    case "single": {
      const other = pick(q.options.filter((o) => o.id !== q.key.correct));
      return other ? { type: "single", optionId: other.id } : null;
    }
    case "multiple": {
      const outside = q.options.filter((o) => !q.key.correct.includes(o.id));
      // A wrong option alone, or one of the right ones alone (a half answer, which a partial rule may credit: checked below).
      const one = pick(outside.length ? outside : q.options);
      return one ? { type: "multiple", optionIds: [one.id] } : null;
    }
    case "truefalse":
      return { type: "truefalse", value: !q.key.correct };
    case "fill":
      return { type: "fill", blanks: q.key.blanks.map((accepted) => WRONG_WORDS.find((w) => !accepted.includes(w)) ?? "") };
    case "numeric":
      return { type: "numeric", value: String(Math.round((q.key.value * 1.5 + 1) * 100) / 100) };
    default:
      return null;
  }
};

/**
 * Answers that add up to `score` where the questions allow it: the automatic questions right in an
 * order drawn by ease (`ease`, else a weight that grows as the difficulty falls), as many as fit with the
 * essays taking the rest. Without an exact fit, the nearest below.
 */
export function planAnswers(score: number, questions: readonly { question: Question; points: number; ease?: number }[], rand: () => number): PlannedAnswers {
  const n = questions.length;
  const isEssay = questions.map((q) => q.question.type === "essay");
  const essayMax = questions.reduce((s, q, i) => s + (isEssay[i] ? q.points : 0), 0);
  // Efraimidis–Spirakis: a weighted order without replacement.
  const order = questions
    .map((q, i) => ({ i, key: rand() ** (1 / (q.ease ?? 6 - q.question.difficulty)) }))
    .filter((x) => !isEssay[x.i] && right(questions[x.i]!.question) !== null)
    .sort((a, b) => b.key - a.key)
    .map((x) => x.i);
  // Every prefix that leaves the essays a share they can give; one of them at random.
  const fits: number[] = [];
  let sum = 0;
  for (let k = 0; k <= order.length; k++) {
    if (k > 0) sum += questions[order[k - 1]!]!.points;
    const rest = score - sum;
    if (rest >= 0 && rest <= essayMax) fits.push(k);
  }
  // Of those, the one whose essay share is nearest the score's share: a worker who does well on
  // the rest writes a better essay too (a random pick would trade essay points for right answers,
  // and every question would seem to favour the weaker workers).
  const max = questions.reduce((s, q) => s + q.points, 0);
  const prefix = (k: number) => order.slice(0, k).reduce((s, i) => s + questions[i]!.points, 0);
  const wantEssay = max > 0 ? (score / max) * essayMax : 0;
  let k = fits.length ? fits.reduce((best, f) => (Math.abs(score - prefix(f) - wantEssay) < Math.abs(score - prefix(best) - wantEssay) ? f : best)) : 0;
  if (!fits.length) {
    for (sum = 0, k = 0; k < order.length && sum + questions[order[k]!]!.points <= score; k++) sum += questions[order[k]!]!.points;
  }
  const rightSet = new Set(order.slice(0, k));
  let essayLeft = Math.max(0, Math.min(essayMax, score - order.slice(0, k).reduce((s, i) => s + questions[i]!.points, 0)));

  const responses: (Response | null)[] = [];
  const autoScores: (number | null)[] = [];
  const manualScores: (number | null)[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) {
    const { question, points } = questions[i]!;
    if (isEssay[i]) {
      const given = Math.min(points, essayLeft);
      essayLeft -= given;
      const band = points === 0 ? 0 : Math.min(ESSAYS.length - 1, Math.floor((given / points) * ESSAYS.length));
      responses.push({ type: "essay", text: ESSAYS[band]! });
      autoScores.push(null);
      manualScores.push(given);
      total += given;
      continue;
    }
    let response = rightSet.has(i) ? right(question) : wrong(question, rand);
    // Only fully right or nothing: a wrong answer a partial rule credits is left unanswered instead.
    let got = response ? grade(question, response).score : 0;
    if (!rightSet.has(i) && got > 0) {
      response = null;
      got = 0;
    }
    const scaled = question.points === 0 ? 0 : Math.round(((got * points) / question.points) * 100) / 100;
    responses.push(response);
    autoScores.push(scaled);
    manualScores.push(null);
    total += scaled;
  }
  return { responses, autoScores, manualScores, total: Math.round(total * 100) / 100 };
}

export interface HistoryAttempt {
  quizId: number;
  memberId: number;
  score: number;
  maxScore: number;
  /** When it was submitted (the result's time). */
  at: Date;
  /** Draws the order and the answers: the same key, the same attempt. */
  key: string;
}

/**
 * Writes one submitted attempt per result: the quiz's questions drawn as a start draws them (from
 * a seed made of the key), the answers of `planAnswers`, the essay graded by `graderUserId` a day
 * later. One statement per table per 500 attempts.
 */
export async function writeHistoryAttempts(db: Db, list: readonly HistoryAttempt[], graderUserId: number | null, seed: number): Promise<void> {
  const rand = rng(seed);
  const drawnByQuiz = new Map<number, Awaited<ReturnType<typeof drawQuestions>>>();
  const questionsByVersion = new Map<number, Question>();
  // The demo bank's questions all say difficulty 3: each gets an ease of its own (0.5 to 8), the same in every quarter.
  const ease = new Map<number, number>();
  const easeOf = (versionId: number) => {
    if (!ease.has(versionId)) ease.set(versionId, 0.5 * 16 ** rng(seed * 31 + versionId)());
    return ease.get(versionId)!;
  };
  for (let from = 0; from < list.length; from += 500) {
    const chunk = list.slice(from, from + 500);
    const planned: {
      a: HistoryAttempt;
      seedText: string;
      items: { versionId: number; points: number; optionOrder: string[] | null }[];
      answers: PlannedAnswers;
      startedAt: Date;
    }[] = [];
    for (const a of chunk) {
      const seedText = deriveSeed("demo-history", a.key);
      let drawn = drawnByQuiz.get(a.quizId);
      if (!drawn) {
        drawn = await drawQuestions(db, a.quizId, seedText);
        drawnByQuiz.set(a.quizId, drawn);
        if (drawn.ok) {
          const missing = drawn.value.map((d) => d.versionId).filter((v) => !questionsByVersion.has(v));
          if (missing.length)
            for (const v of await db.select().from(questionVersions).where(inArray(questionVersions.id, missing))) questionsByVersion.set(v.id, fromStored(v));
        }
      }
      if (!drawn.ok || drawn.value.length === 0) continue;
      // Fixed slots: the same questions for everyone; each attempt its own order (as a start shuffles).
      const items = shuffle(drawn.value, deriveSeed(seedText, "questions")).map((d) => ({
        versionId: d.versionId,
        points: d.points,
        optionOrder: optionOrderFor(questionsByVersion.get(d.versionId)!, seedText, d.questionId),
      }));
      const answers = planAnswers(
        a.score,
        items.map((d) => ({ question: questionsByVersion.get(d.versionId)!, points: d.points, ease: easeOf(d.versionId) })),
        rand,
      );
      const startedAt = new Date(a.at.getTime() - (8 + Math.floor(rand() * 18)) * 60_000);
      planned.push({ a, seedText, items, answers, startedAt });
    }
    if (planned.length === 0) continue;
    const made = await db
      .insert(attempts)
      .values(
        planned.map(({ a, seedText, startedAt, answers }) => ({
          quizId: a.quizId,
          memberId: a.memberId,
          attemptNo: 1,
          state: "submitted" as const,
          seed: seedText,
          startedAt,
          deadlineAt: new Date(startedAt.getTime() + 30 * 60_000),
          submittedAt: a.at,
          score: answers.total,
          maxScore: a.maxScore,
          needsGrading: false,
        })),
      )
      .returning({ id: attempts.id });
    await db
      .insert(attemptQuestions)
      .values(
        planned.flatMap((p, j) =>
          p.items.map((d, i) => ({ attemptId: made[j]!.id, position: i + 1, questionVersionId: d.versionId, optionOrder: d.optionOrder, points: d.points })),
        ),
      );
    await db.insert(attemptAnswers).values(
      planned.flatMap((p, j) => {
        const span = p.a.at.getTime() - p.startedAt.getTime();
        return p.items.map((_, i) => ({
          attemptId: made[j]!.id,
          position: i + 1,
          response: p.answers.responses[i] ?? null,
          seq: 1,
          savedAt: new Date(p.startedAt.getTime() + Math.round((span * (i + 1)) / (p.items.length + 1))),
          autoScore: p.answers.autoScores[i] ?? null,
          manualScore: p.answers.manualScores[i] ?? null,
          gradedBy: p.answers.manualScores[i] === null ? null : graderUserId,
          gradedAt: p.answers.manualScores[i] === null ? null : new Date(p.a.at.getTime() + 86_400_000),
        }));
      }),
    );
  }
}
