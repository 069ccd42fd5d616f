import { describe, expect, it } from "vitest";
import { makeTranslator, messagesFor, translateCode } from "@/lib/i18n";

function leaves(o: unknown, prefix = ""): string[] {
  if (typeof o === "string") return [prefix];
  return Object.entries(o as Record<string, unknown>).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

describe("translations", () => {
  it("has every zh-CN string in English too, none empty, with the same placeholders", () => {
    const zh = messagesFor("zh-CN");
    const en = messagesFor("en");
    expect(leaves(en).sort()).toEqual(leaves(zh).sort());
    const tz = makeTranslator("zh-CN");
    const te = makeTranslator("en");
    for (const key of leaves(zh)) {
      const a = tz(key as never);
      const b = te(key as never);
      expect(a.trim(), key).not.toBe("");
      expect(b.trim(), key).not.toBe("");
      const ph = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect(ph(b), key).toEqual(ph(a));
    }
  });

  it("interpolates and falls back to a generic message for unknown codes", () => {
    const t = makeTranslator("zh-CN");
    expect(t("members.errors.employeeNoTaken", { employeeNo: "100001" })).toBe("工号 100001 已存在。");
    expect(translateCode(t, "no.such.key")).toBe(t("errors.generic"));
    expect(translateCode(makeTranslator("en"), "org.errors.cycle")).toMatch(/cannot move under itself/);
  });
});
