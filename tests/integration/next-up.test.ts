import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { DbHandle } from "@/db/client";
import { members, orgUnits } from "@/db/schema";
import { seedDemo } from "@/scripts/demo";
import { nextUpFor } from "@/lib/learner/next-up";
import { startAttempt } from "@/lib/quiz/attempts";
import { createTestDb, drivers } from "../helpers/db";
import { first } from "../helpers/rows";

/** The home page's "next up": open quizzes, courses to continue, class sessions to attend. */
describe.each(drivers())("what a member has to do next on %s", (driver) => {
  let h: DbHandle;
  let worker: { memberId: number; orgPath: string; jobId: number | null };

  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { members: 20, quiz: true });
    worker = first(
      await h.db
        .select({ memberId: members.id, orgPath: orgUnits.path, jobId: members.jobId })
        .from(members)
        .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
        .where(eq(members.employeeNo, "900004")),
    );
  });
  afterAll(async () => h?.close());

  it("lists the demo quiz until it is started, then offers to continue it", async () => {
    const now = new Date();
    const before = await nextUpFor(h.db, worker, now);
    expect(before.quizzes).toHaveLength(1);
    expect(before.quizzes[0]).toMatchObject({ inProgress: false });
    const s = await startAttempt(h.db, { quizId: before.quizzes[0]!.id, memberId: worker.memberId, now });
    expect(s.ok).toBe(true);
    const after = await nextUpFor(h.db, worker, now);
    expect(after.quizzes[0]).toMatchObject({ id: before.quizzes[0]!.id, inProgress: true });
  });

  it("points a course not yet complete at its next lesson", async () => {
    const { courses } = await nextUpFor(h.db, worker);
    expect(courses.length).toBeGreaterThan(0);
    for (const c of courses) {
      expect(c.lessonId).toBeGreaterThan(0);
      expect(c.done).toBeLessThan(c.required);
    }
  });

  it("lists nothing for a quiz outside the window", async () => {
    const later = new Date(Date.now() + 400 * 24 * 3600_000);
    expect((await nextUpFor(h.db, worker, later)).quizzes).toEqual([]);
  });
});
