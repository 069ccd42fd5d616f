import { describe, expect, it } from "vitest";
import { answeredAtOf, batch, emptyQueue, enqueue, gradeOnPhone, nextIndex, parseQueue, settle } from "@/lib/practice/offline-rules";
import { grade, marksOf } from "@/lib/quiz/grading";
import { parseResponse } from "@/lib/quiz/response";
import { caseGroup, sampleOf } from "../helpers/quiz";

const a = (n: number) => ({ clientId: `c${n}`, questionId: n, response: { type: "truefalse", value: true } });

describe("offline practice on the phone", () => {
  it("grades with the server's rules: only a fully right answer is right; an answer the question cannot take is refused", () => {
    const tf = sampleOf("truefalse");
    expect(gradeOnPhone(tf, { type: "truefalse", value: tf.key.correct })).toEqual({ ok: true, right: true, partial: false });
    expect(gradeOnPhone(tf, { type: "truefalse", value: !tf.key.correct })).toEqual({ ok: true, right: false, partial: false });
    expect(gradeOnPhone(tf, { type: "single", optionId: "a" })).toEqual({ ok: false, code: "quiz.response.wrongType" });
    expect(gradeOnPhone(tf, null).ok).toBe(false);
    // A partly right multiple choice is wrong, as on the server.
    const multi = sampleOf("multiple");
    const some = { type: "multiple", optionIds: [multi.options.find((o) => (multi.key.fractions?.[o.id] ?? 0) > 0)?.id ?? multi.options[0]!.id] };
    const parsed = parseResponse(multi, some);
    if (!parsed.ok) throw new Error(parsed.code);
    const g = grade(multi, parsed.response).correct;
    expect(gradeOnPhone(multi, some)).toEqual({ ok: true, right: g === "right", partial: g === "partial" });
  });

  it("marks a 案例分析 group part by part, as online feedback does: 部分正确 when some parts are right, never right until all are", () => {
    const group = caseGroup("注水井压力突降", ["练习"]);
    const answer = (parts: Record<string, unknown>) => gradeOnPhone(group, { type: "group", parts });
    const p1 = { type: "single", optionId: "a" };
    const p2 = { type: "fill", blanks: ["酸化"] };
    const p3 = { type: "truefalse", value: false };
    expect(answer({ p1, p2, p3 })).toEqual({ ok: true, right: true, partial: false, parts: ["right", "right", "right"] });
    // A part wrong, a part left out: partly right, marked per part in the parts' order.
    expect(answer({ p1, p3: { type: "truefalse", value: true } })).toEqual({ ok: true, right: false, partial: true, parts: ["right", "wrong", "wrong"] });
    expect(answer({ p2 })).toEqual({ ok: true, right: false, partial: true, parts: ["wrong", "right", "wrong"] });
    expect(answer({ p1: { type: "single", optionId: "b" } })).toEqual({ ok: true, right: false, partial: false, parts: ["wrong", "wrong", "wrong"] });
    // The same marks the server's feedback shows (the engine's marksOf).
    const parsed = parseResponse(group, { type: "group", parts: { p1, p3 } });
    if (!parsed.ok) throw new Error(parsed.code);
    expect(marksOf(group, parsed.response)).toEqual({ mark: "partial", parts: ["right", "wrong", "right"] });
    // A part of the wrong shape is refused, not queued.
    expect(answer({ p1: { type: "truefalse", value: true } }).ok).toBe(false);
  });

  it("queues answers, sends them oldest first in batches, and a reply settles only what it names", () => {
    let q = emptyQueue();
    for (const n of [1, 2, 3]) q = enqueue(q, a(n));
    expect(enqueue(q, a(2)).answers.map((x) => x.clientId)).toEqual(["c1", "c3", "c2"]);
    expect(batch(q, 2).map((x) => x.clientId)).toEqual(["c1", "c2"]);
    const s = settle(q, [
      { clientId: "c1", outcome: "kept", right: true },
      { clientId: "c2", outcome: "refused", code: "practice.errors.questionNotFound" },
    ]);
    expect(s.queue.answers.map((x) => x.clientId)).toEqual(["c3"]);
    expect(s).toMatchObject({ kept: 1, refused: 1, reason: "practice.errors.questionNotFound" });
    expect(settle(q, [{ clientId: "c1", outcome: "already" }])).toMatchObject({ kept: 0, refused: 0, reason: null });
  });

  it("reads a stored queue defensively and walks the pack round", () => {
    expect(parseQueue(null)).toEqual(emptyQueue());
    expect(parseQueue({ v: 2, answers: [] })).toEqual(emptyQueue());
    expect(parseQueue({ v: 1, answers: [a(1), { clientId: 3 }, null] }).answers).toEqual([a(1)]);
    expect(nextIndex(0, 3)).toBe(1);
    expect(nextIndex(2, 3)).toBe(0);
    expect(nextIndex(0, 0)).toBe(0);
  });

  it("an offline answer keeps the phone's time only when plausible: not after the server's now, at most 30 days before", () => {
    const now = new Date("2026-11-20T02:00:00Z");
    const day = 24 * 3600_000;
    expect(answeredAtOf(now.getTime() - 3600_000, now)).toEqual(new Date(now.getTime() - 3600_000));
    expect(answeredAtOf(now.getTime(), now)).toEqual(now);
    expect(answeredAtOf(now.getTime() - 30 * day, now)).toEqual(new Date(now.getTime() - 30 * day));
    expect(answeredAtOf(now.getTime() - 30 * day - 1, now)).toEqual(now);
    expect(answeredAtOf(now.getTime() + 1, now)).toEqual(now);
    expect(answeredAtOf(undefined, now)).toEqual(now);
    expect(answeredAtOf(Number.NaN, now)).toEqual(now);
  });
});
