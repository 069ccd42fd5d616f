import { describe, expect, it } from "vitest";
import { targetOf } from "@/lib/practice/openings";

describe("what a practice opening opens", () => {
  it("is exactly one of a category, a specialty and a job", () => {
    expect(targetOf({ categoryId: 3 })).toEqual({ kind: "category", categoryId: 3 });
    expect(targetOf({ specialty: "gathering" })).toEqual({ kind: "specialty", specialty: "gathering" });
    expect(targetOf({ jobId: 7 })).toEqual({ kind: "job", jobId: 7 });
    expect(targetOf({})).toBeNull();
    expect(targetOf({ categoryId: 3, jobId: 7 })).toBeNull();
    expect(targetOf({ specialty: "gathering", jobId: 7 })).toBeNull();
    expect(targetOf({ categoryId: 3, specialty: "gathering" })).toBeNull();
  });
});
