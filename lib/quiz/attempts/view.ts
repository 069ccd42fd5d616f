import { asc, eq, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { attemptAnswers, attemptQuestions, attempts, members, questionVersions, quizzes, type ReviewPolicy } from "@/db/schema";
import { grade, gradeParts, manualOf, type Correctness } from "../grading";
import { parseResponse, type Response } from "../response";
import { divRound, fromCenti, passed, percent, sumScores, toCenti } from "../score";
import { fromStored } from "../store";
import { PRACTISED_TYPES, publicView, type PublicQuestion, type Question } from "../types";
import { conflict, notFound, ok, type Result } from "@/lib/core/result";
import { limits } from "./common";
import { finishIfOverdue } from "./finish";
import { bookQuizWrongs } from "./wrong-book";
import * as clock from "@/lib/core/clock";

/** Whether a graded question goes into the 错题本: a type practice takes, not fully right. */
function bookable(type: string, correct: Correctness): boolean {
  // A group waiting for its essay part's grade is booked (or not) once graded.
  return PRACTISED_TYPES.has(type) && correct !== "right" && correct !== "pending";
}

export interface AttemptView {
  attemptId: number;
  quizId: number;
  quizTitle: string;
  layout: "one_per_page" | "all_on_one";
  state: "in_progress" | "submitted" | "abandoned";
  preview: boolean;
  /** The worker's name and employee number to draw over the questions, when the quiz asks for it. */
  watermark: string | null;
  deadline: string;
  saveUntil: string;
  serverNow: string;
  questions: { position: number; question: PublicQuestion }[];
  answers: { position: number; response: Response | null; flagged: boolean; seq: number }[];
}

export async function load(db: Db, attemptId: number) {
  const [row] = await db
    .select({ a: attempts, q: quizzes })
    .from(attempts)
    .innerJoin(quizzes, eq(quizzes.id, attempts.quizId))
    .where(eq(attempts.id, attemptId));
  if (!row) return null;
  const qs = await db
    .select({ aq: attemptQuestions, v: questionVersions })
    .from(attemptQuestions)
    .innerJoin(questionVersions, eq(questionVersions.id, attemptQuestions.questionVersionId))
    .where(eq(attemptQuestions.attemptId, attemptId))
    .orderBy(asc(attemptQuestions.position));
  const answers = await db.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, attemptId));
  return { ...row, qs, answers };
}

function withPoints(q: Question, points: number): Question {
  return { ...q, points } as Question;
}

/**
 * The attempt as its worker may see it while taking it: questions in their fixed order with the
 * options in the order fixed at start, never a key or an explanation; the saved answers; the
 * server's clock. An attempt whose time is up is finished first.
 */
export async function getAttemptView(db: Db, attemptId: number, memberId: number, now = clock.now()): Promise<Result<AttemptView>> {
  await finishIfOverdue(db, attemptId, now);
  const data = await load(db, attemptId);
  if (!data || data.a.memberId !== memberId) return notFound("quizTake.errors.attemptNotFound");
  const [me] = data.q.watermark ? await db.select({ name: members.name, no: members.employeeNo }).from(members).where(eq(members.id, memberId)) : [];
  return ok(
    viewOf({
      attemptId,
      quiz: data.q,
      state: data.a.state,
      preview: data.a.preview,
      watermark: me ? `${me.name} ${me.no}` : null,
      deadline: data.a.deadlineAt,
      now,
      questions: data.qs.map(({ aq, v }) => ({ position: aq.position, question: fromStored(v), points: Number(aq.points), optionOrder: aq.optionOrder })),
      answers: data.answers
        .filter((a) => a.seq > 0)
        .map((a) => ({ position: a.position, response: (a.response ?? null) as Response | null, flagged: a.flagged, seq: a.seq })),
    }),
  );
}

/**
 * The view of an attempt from what is known of it: read back by `getAttemptView`, or held in
 * memory by the start that has just drawn it (lib/quiz/attempts/start.ts), which then reads
 * nothing back.
 */
export function viewOf(a: {
  attemptId: number;
  quiz: { id: number; title: string; layout: AttemptView["layout"]; overduePolicy: "autosubmit" | "grace" | "discard"; graceS: number };
  state: AttemptView["state"];
  preview: boolean;
  watermark: string | null;
  deadline: Date;
  now: Date;
  /** In position order (both callers have them so). */
  questions: { position: number; question: Question; points: number; optionOrder: string[] | null }[];
  answers: AttemptView["answers"];
}): AttemptView {
  const { saveUntil } = limits(a.deadline, a.quiz);
  return {
    attemptId: a.attemptId,
    quizId: a.quiz.id,
    quizTitle: a.quiz.title,
    layout: a.quiz.layout,
    state: a.state,
    preview: a.preview,
    watermark: a.watermark,
    deadline: a.deadline.toISOString(),
    saveUntil: saveUntil.toISOString(),
    serverNow: a.now.toISOString(),
    questions: a.questions.map((q) => ({ position: q.position, question: publicView(withPoints(q.question, q.points), q.optionOrder ?? undefined) })),
    answers: a.answers,
  };
}

/**
 * The questions of a finished attempt that go into the 错题本: graded as the review grades them
 * (the saved answer, a grader's score), the types practice takes, not fully right.
 */
export function wrongQuestions(data: NonNullable<Awaited<ReturnType<typeof load>>>): number[] {
  const byPos = new Map(data.answers.map((a) => [a.position, a]));
  return data.qs.flatMap(({ aq, v }) => {
    const q = withPoints(fromStored(v), Number(aq.points));
    const a = byPos.get(aq.position);
    const parsed = a?.response == null ? null : parseResponse(q, a.response);
    const graded = grade(q, parsed?.ok ? parsed.response : null, manualOf(a));
    return bookable(v.type, graded.correct) ? [v.questionId] : [];
  });
}

export interface ReviewItem {
  position: number;
  question: PublicQuestion;
  response: Response | null;
  score?: number | null;
  correct?: Correctness;
  /** The key, only when the policy shows the correct answer. */
  key?: unknown;
  explanation?: string;
  /** A grader's comment on an essay answer, shown with right or wrong. */
  feedback?: string;
  /** A 案例分析 group: right, partial, wrong or pending per part, in the parts' order (with `correct`). */
  parts?: Correctness[];
  /** A group, with scores shown: each part's score on its own points (null while its essay part waits). */
  partScores?: (number | null)[];
}

/**
 * The worker's receipt of a submitted attempt (交卷成功): when, which attempt, how many answers
 * were saved, and — when the policy shows scores — the score of the automatically graded part,
 * with how many answers still wait for a grader.
 */
export interface AttemptReceipt {
  submittedAt: string | null;
  attemptNo: number;
  answered: number;
  questions: number;
  /** Answers a grader has still to mark (essays). */
  pending: number;
  /** The automatically graded part (only when the policy shows scores). */
  autoScore?: number;
  autoMax?: number;
}

export interface AttemptReview {
  attemptId: number;
  receipt: AttemptReceipt;
  quizTitle: string;
  state: "submitted" | "abandoned";
  policy: ReviewPolicy;
  score?: number | null;
  max?: number | null;
  pendingGrading: boolean;
  percent?: number | null;
  passed?: boolean | null;
  items: ReviewItem[];
}

/**
 * Whether the review after closing applies: the quiz is closed (or past its closing time) and no
 * attempt at it, anyone's, can still be saved or submitted (grace included). That review may show
 * the key and explanations; a colleague still answering must not be able to use them. Checked
 * against the attempts themselves rather than the closing time, so a deadline set before the
 * closing time was moved earlier cannot open a gap.
 */
async function reviewAfterClose(db: Db, q: { id: number; status: string; closesAt: Date }, now: Date): Promise<boolean> {
  if (q.status !== "closed" && now < q.closesAt) return false;
  const open = rowsOf(
    await db.execute(sql`SELECT 1 FROM attempts a JOIN quizzes q ON q.id = a.quiz_id
      WHERE a.quiz_id = ${q.id} AND a.state = 'in_progress' AND NOT a.preview
        AND a.deadline_at + make_interval(secs => q.grace_s) >= ${now.toISOString()}::timestamptz
      LIMIT 1`),
  );
  return open.length === 0;
}

/**
 * The review policy a finished attempt at the quiz is shown under now: the one after closing once
 * it applies (reviewAfterClose above), else the one after submitting. The review page and the
 * picture route (lib/quiz/media.ts) both ask this, so a picture in an explanation is served
 * exactly when the review shows that explanation.
 */
export async function reviewPolicyNow(
  db: Db,
  q: { id: number; status: string; closesAt: Date; reviewAfterClose: ReviewPolicy; reviewAfterSubmit: ReviewPolicy },
  now: Date = clock.now(),
): Promise<ReviewPolicy> {
  return (await reviewAfterClose(db, q, now)) ? q.reviewAfterClose : q.reviewAfterSubmit;
}

/**
 * What a worker may see of a finished attempt: the review policy after submitting, or the one
 * after the quiz closes once it has. Each part (score, right or wrong, correct answer,
 * explanation) is only put in the answer when the policy shows it.
 */
export async function getAttemptReview(db: Db, attemptId: number, memberId: number, now = clock.now()): Promise<Result<AttemptReview>> {
  await finishIfOverdue(db, attemptId, now);
  const data = await load(db, attemptId);
  if (!data || data.a.memberId !== memberId) return notFound("quizTake.errors.attemptNotFound");
  if (data.a.state === "in_progress") return conflict("quizTake.errors.badRequest");
  const policy = await reviewPolicyNow(db, data.q, now);
  const byPos = new Map(data.answers.map((a) => [a.position, a]));
  const receipt: AttemptReceipt = {
    submittedAt: data.a.submittedAt?.toISOString() ?? null,
    attemptNo: data.a.attemptNo,
    answered: 0,
    questions: data.qs.length,
    pending: 0,
  };
  const autoScores: number[] = [];
  const autoMaxes: number[] = [];
  /** Questions not fully right (essays aside): the 错题本 takes them once the review shows answers. */
  const wrong: number[] = [];
  const items: ReviewItem[] = data.qs.map(({ aq, v }) => {
    const q = withPoints(fromStored(v), Number(aq.points));
    const a = byPos.get(aq.position);
    const parsed = a?.response == null ? null : parseResponse(q, a.response);
    const response = parsed?.ok ? parsed.response : null;
    if (response !== null && (a?.seq ?? 0) > 0) receipt.answered += 1;
    const graded = grade(q, response, manualOf(a));
    const parts = q.type === "group" ? gradeParts(q, response?.type === "group" ? response : null, manualOf(a)) : null;
    if (graded.correct === "pending") {
      receipt.pending += 1;
      // A group waiting for its essay part: its other parts are graded already, scaled to the slot as the group is.
      if (parts) {
        const whole = sumScores(parts.map((p) => p.grade.max));
        const done = sumScores(parts.filter((p) => p.grade.correct !== "pending").map((p) => p.grade.max));
        autoScores.push(graded.score);
        autoMaxes.push(whole === 0 ? 0 : fromCenti(divRound(toCenti(done) * toCenti(q.points), toCenti(whole))));
      }
    } else {
      autoScores.push(graded.score);
      autoMaxes.push(q.points);
    }
    // Only the types practice takes go into the book (PRACTISED_TYPES).
    if (bookable(v.type, graded.correct)) wrong.push(v.questionId);
    const item: ReviewItem = { position: aq.position, question: publicView(q, aq.optionOrder ?? undefined), response };
    if (policy.correctness) {
      item.correct = graded.correct;
      item.score = graded.correct === "pending" ? null : graded.score;
      if (a?.feedback) item.feedback = a.feedback;
      if (parts) {
        item.parts = parts.map((p) => p.grade.correct);
        if (policy.score) item.partScores = parts.map((p) => (p.grade.correct === "pending" ? null : p.grade.score));
      }
    }
    if (policy.answer) item.key = q.key;
    if (policy.explanation) item.explanation = q.explanation;
    return item;
  });
  const counted = data.a.state === "submitted";
  // Once the review shows the answers, the questions got wrong go into the worker's 错题本.
  // A paper attempt holds the scores a trainer entered, not the answers: nothing to book or regrade here.
  const paper = data.a.source === "paper";
  if (policy.answer && counted && !data.a.preview && !paper) await bookQuizWrongs(db, { id: attemptId, memberId: data.a.memberId }, wrong, now);
  if (policy.score && data.a.state === "submitted")
    Object.assign(
      receipt,
      paper
        ? { autoScore: Number(data.a.score ?? 0), autoMax: Number(data.a.maxScore ?? 0) }
        : { autoScore: sumScores(autoScores), autoMax: sumScores(autoMaxes) },
    );
  const review: AttemptReview = { attemptId, receipt, quizTitle: data.q.title, state: data.a.state, policy, pendingGrading: data.a.needsGrading, items };
  if (policy.score && counted) {
    review.score = data.a.needsGrading ? null : data.a.score;
    review.max = data.a.maxScore;
    const [score, max] = [Number(data.a.score ?? 0), Number(data.a.maxScore ?? 0)];
    review.percent = data.a.needsGrading ? null : percent(score, max);
    review.passed = data.a.needsGrading ? null : passed(score, max, Number(data.q.passPercent));
  }
  return ok(review);
}
