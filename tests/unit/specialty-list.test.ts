import { describe, expect, it } from "vitest";
import { courseInput } from "@/lib/video/course-edit";
import { lessonInput } from "@/lib/video/lessons";
import { SPECIALTIES } from "@/lib/org/constants";

describe("专业: lessons and courses choose from the one list", () => {
  it.each([
    ["lesson", lessonInput],
    ["course", courseInput],
  ] as const)("a %s takes a specialty of the list or none, and refuses free text with a message", (_, schema) => {
    for (const s of SPECIALTIES) expect(schema.safeParse({ title: "x", specialty: s }).success).toBe(true);
    expect(schema.parse({ title: "x", specialty: "" }).specialty).toBe("");
    expect(schema.parse({ title: "x" }).specialty).toBe("");
    const free = schema.safeParse({ title: "x", specialty: "采油" });
    expect(free.success).toBe(false);
    expect(free.error?.issues[0]?.message).toBe("errors.specialty");
  });
});
