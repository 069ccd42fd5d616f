import { describe, expect, it } from "vitest";
import { ageOf } from "@/lib/eligibility/cache";
import { makeTranslator, type Locale } from "@/lib/i18n";

/** What the roster, coverage and the manager's home say about the cache's age ("名单更新于 … 前"). */
function said(locale: Locale, at: Date | null, now: Date): string {
  const t = makeTranslator(locale);
  const age = ageOf(at, now);
  return age ? t("eligibility.freshness.updated", { ago: t(`eligibility.freshness.ago.${age.unit}`, { n: age.n }) }) : t("eligibility.freshness.never");
}

const NOW = new Date("2026-11-24T04:00:00Z");
const ago = (s: number) => new Date(NOW.getTime() - s * 1000);

describe("the roster's age", () => {
  it("is the largest whole unit, never negative", () => {
    expect(ageOf(null, NOW)).toBeNull();
    expect(ageOf(ago(0), NOW)).toEqual({ unit: "seconds", n: 0 });
    expect(ageOf(ago(59), NOW)).toEqual({ unit: "seconds", n: 59 });
    expect(ageOf(ago(60), NOW)).toEqual({ unit: "minutes", n: 1 });
    expect(ageOf(ago(3599), NOW)).toEqual({ unit: "minutes", n: 59 });
    expect(ageOf(ago(3600), NOW)).toEqual({ unit: "hours", n: 1 });
    expect(ageOf(ago(86_399), NOW)).toEqual({ unit: "hours", n: 23 });
    expect(ageOf(ago(86_400 * 3 + 5), NOW)).toEqual({ unit: "days", n: 3 });
    // A clock a little behind the one that wrote it: "0 seconds", not a negative age.
    expect(ageOf(new Date(NOW.getTime() + 2000), NOW)).toEqual({ unit: "seconds", n: 0 });
  });

  it("reads in Chinese and English", () => {
    expect(said("zh-CN", ago(180), NOW)).toBe("名单更新于 3 分钟前");
    expect(said("zh-CN", ago(7200), NOW)).toBe("名单更新于 2 小时前");
    expect(said("zh-CN", null, NOW)).toBe("名单尚未计算");
    expect(said("en", ago(60), NOW)).toBe("Roster updated 1 minute ago");
    expect(said("en", ago(86_400 * 2), NOW)).toBe("Roster updated 2 days ago");
    expect(said("en", ago(30), NOW)).toBe("Roster updated 30 seconds ago");
    expect(said("en", null, NOW)).toBe("Roster not computed yet");
  });
});
