import { describe, expect, it } from "vitest";
import { courseInput } from "@/lib/video/course-edit";
import { lessonInput } from "@/lib/video/lessons";
import { mergeInput, specialtyInput, specialtyName } from "@/lib/org/specialties";
import { describeRequirement } from "@/lib/eligibility/describe";
import { makeTranslator } from "@/lib/i18n";
import { SEEDED_SPECIALTIES } from "../helpers/specialties";

describe("专业: one list, kept by the admin", () => {
  it.each([
    ["lesson", lessonInput],
    ["course", courseInput],
  ] as const)("a %s sends a code or none (whether the code is in the list is the save's check)", (_, schema) => {
    expect(schema.parse({ title: "x", specialty: " gathering " }).specialty).toBe("gathering");
    expect(schema.parse({ title: "x", specialty: "" }).specialty).toBe("");
    expect(schema.parse({ title: "x" }).specialty).toBe("");
    const long = schema.safeParse({ title: "x", specialty: "x".repeat(41) });
    expect(long.error?.issues[0]?.message).toBe("errors.specialty");
  });

  it("a new code is lower-case letters, digits and _; a merge needs two different ones", () => {
    expect(specialtyInput.safeParse({ code: "drilling_2", nameZh: "钻井", nameEn: "Drilling" }).success).toBe(true);
    for (const code of ["Drilling", "2x", "x", "钻井", "a-b"])
      expect(specialtyInput.safeParse({ code, nameZh: "钻井", nameEn: "Drilling" }).error?.issues[0]?.message).toBe("specialtyAdmin.errors.badCode");
    expect(mergeInput.safeParse({ from: "boiler", into: "boiler" }).error?.issues[0]?.message).toBe("specialtyAdmin.errors.sameMerge");
  });

  it("names a code in the user's language, and an unknown one as itself", () => {
    expect(specialtyName(SEEDED_SPECIALTIES, "zh-CN", "gathering")).toBe("集输");
    expect(specialtyName(SEEDED_SPECIALTIES, "en", "gathering")).toBe("Gathering");
    expect(specialtyName(SEEDED_SPECIALTIES, "en", "legacy_x")).toBe("legacy_x");
    expect(specialtyName(SEEDED_SPECIALTIES, "en", null)).toBe("");
  });

  it("a job requirement names its specialty as the list does now (a rename shows at once)", () => {
    const r = {
      id: 1,
      jobId: 1,
      kind: "quiz" as const,
      refId: null,
      series: "专业考试",
      specialty: "drilling",
      contestLevel: null,
      minScore: 60,
      minCount: null,
      maxRank: null,
      withinMonths: null,
      withinQuarters: null,
      refTitle: null,
      note: "",
      specialtyNames: { zh: "钻修井", en: "Drilling and workover" },
    };
    expect(describeRequirement(makeTranslator("zh-CN"), r)).toContain("钻修井 · 专业考试");
    expect(describeRequirement(makeTranslator("en"), r)).toContain("Drilling and workover · 专业考试");
    expect(describeRequirement(makeTranslator("en"), { ...r, specialtyNames: null })).toContain("drilling · 专业考试");
  });
});
