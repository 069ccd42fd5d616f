import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/client";
import { classEnrolments } from "@/db/schema";
import { seedDemo } from "@/scripts/demo";
import { addSession, cancelEnrolment, createClass, enrol, setClassStatus } from "@/lib/classes";
import type { Principal } from "@/lib/auth/permissions";
import { createTestDb } from "../helpers/db";
import { firstN, type Tuple } from "../helpers/rows";

/**
 * Races for places on PostgreSQL, where transactions really run side by side (PGlite runs one
 * query at a time, so it cannot show a race). Skipped without TEST_DATABASE_URL.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)("racing for the last place on postgres", () => {
  let h: DbHandle;
  let ids: Tuple<number, 50>;
  const trainer: Principal = { userId: 0, memberId: 0, roles: [{ role: "trainer", scopePath: null }] };
  /** Each worker enrols and cancels for themselves. */
  const self = (memberId: number): Principal => ({ userId: 0, memberId, roles: [{ role: "worker", scopePath: null }] });

  beforeAll(async () => {
    h = await createTestDb("postgres", { max: 20 });
    await seedDemo(h.db, { members: 60 });
    ids = firstN(
      rowsOf<{ id: number }>(await h.db.execute(sql`SELECT id FROM members WHERE status = 'active' ORDER BY id LIMIT 50`)).map((r) => Number(r.id)),
      50,
      "member",
    );
  });
  afterAll(async () => h?.close());

  async function newClass(capacity: number) {
    const c = await createClass(h.db, trainer, {
      title: "抢最后一个名额",
      series: "classroom",
      description: "",
      specialty: null,
      instructorEmployeeNo: "900003",
      placeOrgUnitId: null,
      room: "",
      onlineUrl: "",
      capacity,
    });
    if (!c.ok) throw new Error(c.code);
    const start = new Date(Date.now() + 3 * 24 * 3600_000);
    await addSession(h.db, trainer, c.value.id, {
      startsAt: start,
      endsAt: new Date(start.getTime() + 3600_000),
      placeOrgUnitId: null,
      room: "",
      onlineUrl: "",
    });
    await setClassStatus(h.db, trainer, c.value.id, "published");
    return c.value.id;
  }

  const count = async (classId: number, status: "enrolled" | "waitlisted") =>
    (await h.db.select().from(classEnrolments).where(eq(classEnrolments.classId, classId))).filter((r) => r.status === status).length;

  it("two workers at once for the last place: exactly one gets it, the other is wait-listed (20 rounds)", async () => {
    for (let round = 0; round < 20; round++) {
      const classId = await newClass(2);
      expect(await enrol(h.db, self(ids[0]), { classId })).toMatchObject({ ok: true, value: { status: "enrolled" } });
      const [a, b] = await Promise.all([enrol(h.db, self(ids[1]), { classId }), enrol(h.db, self(ids[2]), { classId })]);
      const got = [a, b].map((r) => (r.ok ? r.value.status : r.code)).sort();
      expect(got).toEqual(["enrolled", "waitlisted"]);
      expect(await count(classId, "enrolled")).toBe(2);
      expect(await count(classId, "waitlisted")).toBe(1);
    }
  });

  it("forty at once for five places, with cancellations racing in: never over capacity, the wait-list fills every freed place", async () => {
    const classId = await newClass(5);
    const results = await Promise.all(ids.slice(0, 40).map((memberId) => enrol(h.db, self(memberId), { classId })));
    expect(results.filter((r) => r.ok && r.value.status === "enrolled")).toHaveLength(5);
    expect(results.filter((r) => r.ok && r.value.status === "waitlisted")).toHaveLength(35);
    const enrolled = results.flatMap((r, i) => (r.ok && r.value.status === "enrolled" ? [ids[i]!] : []));
    const late = ids.slice(40, 50);
    await Promise.all([
      ...enrolled.slice(0, 3).map((memberId) => cancelEnrolment(h.db, self(memberId), { classId })),
      ...late.map((memberId) => enrol(h.db, self(memberId), { classId })),
    ]);
    expect(await count(classId, "enrolled")).toBe(5);
    expect(await count(classId, "waitlisted")).toBe(35 - 3 + 10);
    // The three who moved up were the first three on the wait-list.
    const firstWaiting = results.flatMap((r, i) =>
      r.ok && r.value.status === "waitlisted" && r.value.position !== null && r.value.position <= 3 ? [ids[i]!] : [],
    );
    const now = await h.db.select().from(classEnrolments).where(eq(classEnrolments.classId, classId));
    for (const m of firstWaiting) expect(now.find((r) => r.memberId === m)?.status).toBe("enrolled");
  });
});
