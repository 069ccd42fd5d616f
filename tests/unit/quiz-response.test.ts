import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeTranslator } from "@/lib/i18n";
import quizMessages from "@/lib/i18n/messages/quiz";
import {
  essayResponseSchema,
  fillResponseSchema,
  multipleResponseSchema,
  numericResponseSchema,
  parseResponse,
  responseSchema,
  responseSchemaFor,
  singleResponseSchema,
  truefalseResponseSchema,
} from "@/lib/quiz/response";
import { sampleQuestions } from "@/lib/quiz/samples";
import { publicView, type PublicQuestion, type Question } from "@/lib/quiz/types";
import { first, firstN } from "../helpers/rows";
import { messageArguments } from "@/lib/i18n/format";

function counter(prefix = "o") {
  let n = 0;
  return () => `${prefix}${++n}`;
}

const bank = sampleQuestions(counter());
const byType = <T extends Question["type"]>(t: T) => bank.find((q) => q.type === t) as Extract<Question, { type: T }>;

describe("response schemas", () => {
  it("accept a well-formed answer of each type", () => {
    const single = byType("single");
    const multiple = byType("multiple");
    const ok: [Question, unknown][] = [
      [single, { type: "single", optionId: single.options[1]!.id }],
      [multiple, { type: "multiple", optionIds: [multiple.options[0]!.id, multiple.options[3]!.id] }],
      [multiple, { type: "multiple", optionIds: [] }],
      [byType("truefalse"), { type: "truefalse", value: true }],
      [byType("fill"), { type: "fill", blanks: ["不伤害他人", ""] }],
      [byType("numeric"), { type: "numeric", value: "3.3 MPa" }],
      [byType("essay"), { type: "essay", text: "巡检：看、听、摸、闻、测。\n第二行" }],
    ];
    for (const [q, r] of ok) expect(parseResponse(q, r), q.type).toEqual({ ok: true, response: r });
  });

  it("reject an answer of another type", () => {
    expect(parseResponse(byType("single"), { type: "multiple", optionIds: [] })).toEqual({ ok: false, code: "quiz.response.wrongType" });
    expect(parseResponse(byType("essay"), { type: "numeric", value: "1" })).toEqual({ ok: false, code: "quiz.response.wrongType" });
    expect(singleResponseSchema.safeParse({ type: "multiple", optionIds: [] }).success).toBe(false);
    expect(truefalseResponseSchema.safeParse({ type: "truefalse", value: "true" }).success).toBe(false);
    expect(numericResponseSchema.safeParse({ type: "numeric", value: 3.3 }).success).toBe(false);
  });

  it("reject option ids the question does not have, and repeats", () => {
    const q = byType("multiple");
    expect(parseResponse(byType("single"), { type: "single", optionId: "x" })).toEqual({ ok: false, code: "quiz.response.unknownOption" });
    const a = first(q.options, "option").id;
    expect(parseResponse(q, { type: "multiple", optionIds: [a, "zzz"] })).toMatchObject({ ok: false, code: "quiz.response.unknownOption" });
    expect(parseResponse(q, { type: "multiple", optionIds: [a, a] })).toMatchObject({
      ok: false,
      code: "quiz.response.duplicateOption",
    });
    expect(multipleResponseSchema.safeParse({ type: "multiple", optionIds: Array.from({ length: 9 }, (_, i) => `x${i}`) }).success).toBe(false);
  });

  it("reject oversized text, counting characters as people do", () => {
    const essay = byType("essay");
    expect(parseResponse(essay, { type: "essay", text: "字".repeat(10_000) }).ok).toBe(true);
    expect(parseResponse(essay, { type: "essay", text: "😀".repeat(10_000) }).ok).toBe(true); // 20,000 UTF-16 units
    expect(parseResponse(essay, { type: "essay", text: "字".repeat(10_001) })).toEqual({ ok: false, code: "quiz.response.tooLong", params: { max: 10_000 } });
    expect(parseResponse(essay, { type: "essay", text: "x".repeat(5_000_000) })).toMatchObject({ code: "quiz.response.tooLong" });
    expect(parseResponse(byType("fill"), { type: "fill", blanks: ["a".repeat(201), ""] })).toEqual({
      ok: false,
      code: "quiz.response.tooLong",
      params: { max: 200 },
    });
    expect(parseResponse(byType("numeric"), { type: "numeric", value: "1".repeat(65) })).toMatchObject({ code: "quiz.response.tooLong" });
    expect(fillResponseSchema.safeParse({ type: "fill", blanks: Array(21).fill("") }).success).toBe(false);
  });

  it("reject the wrong number of blanks, control characters and stray fields", () => {
    expect(parseResponse(byType("fill"), { type: "fill", blanks: ["a"] })).toEqual({ ok: false, code: "quiz.response.blankCount", params: { expected: 2 } });
    expect(parseResponse(byType("essay"), { type: "essay", text: "a\u0000b" })).toEqual({ ok: false, code: "quiz.response.badCharacters" });
    // A lone surrogate cannot be stored (jsonb refuses its escape); a pair (an emoji) can.
    for (const text of ["a\uD800b", "a\uDC00", "\uD83D"])
      expect(parseResponse(byType("essay"), { type: "essay", text })).toEqual({ ok: false, code: "quiz.response.badCharacters" });
    expect(parseResponse(byType("fill"), { type: "fill", blanks: ["\uD800", "x"] })).toEqual({ ok: false, code: "quiz.response.badCharacters" });
    expect(parseResponse(byType("essay"), { type: "essay", text: "泵 \uD83D\uDE00" }).ok).toBe(true);
    expect(parseResponse(byType("essay"), { type: "essay", text: "a", score: 10 })).toEqual({ ok: false, code: "quiz.response.invalid" });
    expect(parseResponse(byType("essay"), "text")).toEqual({ ok: false, code: "quiz.response.invalid" });
    expect(parseResponse(byType("essay"), null)).toEqual({ ok: false, code: "quiz.response.invalid" });
    expect(parseResponse(byType("essay"), { type: "poem" })).toEqual({ ok: false, code: "quiz.response.invalid" });
    expect(essayResponseSchema.safeParse({ type: "essay", text: ["a"] }).success).toBe(false);
  });

  it("check against the public view as well as the full question", () => {
    const q = byType("fill");
    const schema = responseSchemaFor(publicView(q));
    expect(schema.safeParse({ type: "fill", blanks: ["a", "b"] }).success).toBe(true);
    expect(schema.safeParse({ type: "fill", blanks: ["a"] }).success).toBe(false);
    expect(responseSchema.safeParse({ type: "truefalse", value: false }).success).toBe(true);
  });
});

describe("publicView", () => {
  it("shows the options in the attempt's order, lettered by position", () => {
    const q = byType("single");
    const [o0, o1, o2, o3] = firstN(q.options, 4, "option");
    const order = [o2.id, o0.id, o3.id, o1.id];
    const v = publicView(q, order);
    if (v.type !== "single") throw new Error("type");
    expect(v.options.map((o) => [o.label, o.id])).toEqual(order.map((id, i) => ["ABCD"[i], id]));
    expect(v.options[0]?.text).toBe(o2.text);
    expect(() => publicView(q, order.slice(1))).toThrow();
    expect(() => publicView(q, [...order.slice(1), o0.id])).toThrow();
    expect(() => publicView(q, [...order.slice(1), "other"])).toThrow();
  });

  it("gives what a worker needs and nothing of the key", () => {
    const views = bank.map((q) => publicView(q));
    expect(views.map((v) => Object.keys(v).sort())).toEqual([
      ["options", "points", "stem", "type"],
      ["options", "points", "scoring", "stem", "type"],
      ["options", "points", "scoring", "stem", "type"],
      ["points", "stem", "type"],
      ["blanks", "points", "stem", "type"],
      ["blanks", "points", "stem", "type"],
      ["points", "stem", "type", "unit"],
      ["points", "stem", "type", "unit"],
      ["points", "stem", "type"],
    ]);
  });

  it("never serialises the key, the explanation or bank metadata", () => {
    for (const q of bank) {
      const json = JSON.stringify(publicView(q));
      for (const field of ["key", "explanation", "correct", "reference", "tolerance", "value", "category", "tags", "difficulty", "title"]) {
        expect(json, `${q.type} ${field}`).not.toContain(`"${field}"`);
      }
      if (q.explanation) expect(json).not.toContain(q.explanation);
      if (q.type === "fill") for (const a of q.key.blanks.flat()) expect(json).not.toContain(a);
      if (q.type === "essay") expect(json).not.toContain(q.key.reference.slice(0, 10));
    }
  });

  it("never leaks secret strings, whatever the question holds (property)", () => {
    const secret = fc.string({ minLength: 1, maxLength: 8 }).map((s) => `SECRET-${s}-${Math.random().toString(36).slice(2)}`);
    fc.assert(
      fc.property(fc.constantFrom(...bank), secret, secret, (q, explanation, answer) => {
        const withSecret = { ...q, explanation, title: answer } as Question;
        const keyed: Question =
          withSecret.type === "fill"
            ? { ...withSecret, key: { blanks: [[answer]] } }
            : withSecret.type === "essay"
              ? { ...withSecret, key: { reference: answer } }
              : withSecret;
        const json = JSON.stringify(publicView(keyed));
        expect(json).not.toContain(explanation);
        expect(json).not.toContain(answer);
      }),
    );
  });

  it("is a type that a full question cannot pass for", () => {
    const send = (v: PublicQuestion) => v.stem;
    // @ts-expect-error a Question carries its key and explanation
    send(bank[0]);
    // @ts-expect-error the brand comes only from publicView
    send({ type: "truefalse", stem: "x", points: 1 });
    const sample = first(bank, "sample question");
    expect(send(publicView(sample))).toBe(sample.stem);
  });
});

describe("messages", () => {
  it("has every code in both languages with the same arguments", () => {
    const leaves = (o: unknown, p = ""): [string, string][] =>
      typeof o === "string" ? [[p, o]] : Object.entries(o as object).flatMap(([k, v]) => leaves(v, p ? `${p}.${k}` : k));
    const zh = leaves(quizMessages["zh-CN"]);
    const en = new Map(leaves(quizMessages.en));
    expect([...en.keys()].sort()).toEqual(zh.map(([k]) => k).sort());
    for (const [k, v] of zh) expect(messageArguments(en.get(k)!, "en"), k).toEqual(messageArguments(v, "zh-CN"));
    expect(makeTranslator("zh-CN")("quiz.slot.notEnoughQuestions", { needed: 5, available: 3 })).toBe("符合抽题条件的试题只有 3 道，不足 5 道。");
    expect(makeTranslator("en")("quiz.import.gift.noAnswerBlock")).toContain("{…}");
  });
});
