import { describe, expect, it } from "vitest";
import { makeTranslator, messagesFor, translateCode } from "@/lib/i18n";
import { formatMessage, messageArguments } from "@/lib/i18n/format";

function leaves(o: unknown, prefix = ""): string[] {
  if (typeof o === "string") return [prefix];
  return Object.entries(o as Record<string, unknown>).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

describe("translations", () => {
  it("has every zh-CN string in English too, none empty, each a valid ICU message with the same arguments", () => {
    const zh = messagesFor("zh-CN");
    const en = messagesFor("en");
    expect(leaves(en).sort()).toEqual(leaves(zh).sort());
    const raw = (o: unknown, key: string) => key.split(".").reduce<unknown>((n, k) => (n as Record<string, unknown>)[k], o) as string;
    for (const key of leaves(zh)) {
      const a = raw(zh, key);
      const b = raw(en, key);
      expect(a.trim(), key).not.toBe("");
      expect(b.trim(), key).not.toBe("");
      // Compiling throws on a malformed message (an unquoted literal brace, a broken plural).
      expect(messageArguments(b, "en"), key).toEqual(messageArguments(a, "zh-CN"));
    }
  });

  it("counts in the reader's language: plurals in English, none in Chinese", () => {
    expect(formatMessage("{count, plural, one {# question is} other {# questions are}} not answered.", { count: 1 }, "en")).toBe("1 question is not answered.");
    expect(formatMessage("{count, plural, one {# question is} other {# questions are}} not answered.", { count: 3 }, "en")).toBe(
      "3 questions are not answered.",
    );
    expect(formatMessage("{count, plural, other {# 道题}}未作答。", { count: 1 }, "zh-CN")).toBe("1 道题未作答。");
    const te = makeTranslator("en");
    expect(te("quizTake.attempt.unansweredCount", { count: 1 })).toBe("1 question is not answered.");
    expect(te("quizTake.attempt.unansweredCount", { count: 2 })).toBe("2 questions are not answered.");
    expect(te("certificates.months", { n: 1 })).toBe("1 month");
    // A literal brace is quoted in the catalogue and shown as it is.
    expect(te("quiz.import.gift.noAnswerBlock")).toBe("The question has no answer part ({…}).");
  });

  it("interpolates and falls back to a generic message for unknown codes", () => {
    const t = makeTranslator("zh-CN");
    expect(t("members.errors.employeeNoTaken", { employeeNo: "100001" })).toBe("工号 100001 已存在。");
    expect(translateCode(t, "no.such.key")).toBe(t("errors.generic"));
    expect(translateCode(makeTranslator("en"), "org.errors.cycle")).toMatch(/cannot move under itself/);
  });
});
