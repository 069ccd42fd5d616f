import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/client";
import { seedDemo } from "@/scripts/demo";
import type { Principal } from "@/lib/auth/permissions";
import { setCourseAudience, assignCourse } from "@/lib/video/audience";
import { createCourse, setCourseItems, setCourseStatus } from "@/lib/video/course-edit";
import { createLesson } from "@/lib/video/lessons";
import { courseImpact, lessonImpact } from "@/lib/video/impact";
import { createTestDb, drivers } from "../helpers/db";
import { first } from "../helpers/rows";

/** What publishing reaches, as the confirmation says it: counted here independently of lib/video/impact. */
describe.each(drivers())("publish confirmations' reach on %s", (driver) => {
  let h: DbHandle;
  let admin: Principal;
  const n = async (q: ReturnType<typeof sql>) => Number(first(rowsOf<{ n: number }>(await h.db.execute(q))).n);
  const must = <T>(r: { ok: true; value: T } | { ok: false; code: string }): T => {
    if (!r.ok) throw new Error(r.code);
    return r.value;
  };

  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { members: 40 });
    const a = first(
      rowsOf<{ id: number; user_id: number }>(
        await h.db.execute(sql`SELECT m.id, u.id AS user_id FROM members m JOIN users u ON u.member_id = m.id WHERE m.employee_no = '900001'`),
      ),
    );
    admin = { userId: Number(a.user_id), memberId: Number(a.id), roles: [{ role: "admin", scopePath: null }] };
  });
  afterAll(async () => h?.close());

  it("a course reaches its audience's active members and those assigned; a lesson the learners of the courses (not archived) listing it", async () => {
    const t09 = first(rowsOf<{ id: number; path: string }>(await h.db.execute(sql`SELECT id, path FROM org_units WHERE code = 'T09'`)));
    const course = must(await createCourse(h.db, admin, { title: "发布范围", specialty: "", description: "" }));
    expect(must(await courseImpact(h.db, admin, course)).reach).toBe(0);
    must(await setCourseAudience(h.db, admin, course, { orgUnitIds: [Number(t09.id)], jobIds: [] }));
    const inT09 = await n(
      sql`SELECT count(*)::int AS n FROM members m JOIN org_units ou ON ou.id = m.org_unit_id WHERE m.status = 'active' AND ou.path LIKE ${`${t09.path}%`}`,
    );
    expect(inT09).toBeGreaterThan(0);
    expect(must(await courseImpact(h.db, admin, course)).reach).toBe(inT09);
    // One member from elsewhere, assigned by hand, is reached too.
    const outsider = first(
      rowsOf<{ id: number }>(
        await h.db.execute(
          sql`SELECT m.id FROM members m JOIN org_units ou ON ou.id = m.org_unit_id WHERE m.status = 'active' AND ou.path NOT LIKE ${`${t09.path}%`} LIMIT 1`,
        ),
      ),
    );
    must(await assignCourse(h.db, admin, { courseId: course, memberIds: [Number(outsider.id)] }));
    expect(must(await courseImpact(h.db, admin, course)).reach).toBe(inT09 + 1);

    const lesson = must(await createLesson(h.db, admin, { title: "范围课时", description: "", specialty: "", requiredPercent: 90 }));
    expect(must(await lessonImpact(h.db, admin, lesson))).toMatchObject({ courses: 0, reach: 0 });
    must(await setCourseItems(h.db, admin, course, [{ kind: "lesson", refId: lesson, required: true }]));
    expect(must(await lessonImpact(h.db, admin, lesson))).toMatchObject({ courses: 1, reach: inT09 + 1 });
    // An archived course reaches nobody.
    must(await setCourseStatus(h.db, admin, course, "archived"));
    expect(must(await lessonImpact(h.db, admin, lesson))).toMatchObject({ courses: 0, reach: 0 });
  });
});
