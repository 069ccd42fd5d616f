import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/client";
import { seedDemo } from "@/scripts/demo";
import type { Principal } from "@/lib/auth/permissions";
import { createPair, setCapacity } from "@/lib/mentors";
import { createTestDb } from "../helpers/db";
import { first, firstN } from "../helpers/rows";

/** Two pairings at once for a mentor's last place: the mentor's row lock lets exactly one in. */
describe.skipIf(!process.env.TEST_DATABASE_URL)("a mentor's last place on postgres", () => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await createTestDb("postgres", { max: 10 });
    await seedDemo(h.db, { members: 30 });
  });
  afterAll(async () => h?.close());

  // A trainer over the whole organisation, who is none of the members paired.
  const trainer: Principal = { userId: 0, memberId: 0, roles: [{ role: "trainer", scopePath: null }] };

  it("goes to exactly one of two apprentices asking at once", async () => {
    const nos = firstN(
      rowsOf<{ employee_no: string }>(
        await h.db.execute(sql`SELECT employee_no FROM members WHERE employee_no NOT LIKE '9000%' ORDER BY employee_no LIMIT 10`),
      ).map((r) => r.employee_no),
      10,
      "member",
    );
    for (let round = 0; round < 4; round++) {
      const mentor = nos[round * 2 + 2]!;
      await setCapacity(h.db, trainer, mentor, 1);
      const [a, b] = await Promise.all([
        createPair(h.db, trainer, { mentorNo: mentor, apprenticeNo: nos[0], startsOn: `202${round}-01-01`, endsOn: `202${round}-12-31`, note: "" }),
        createPair(h.db, trainer, { mentorNo: mentor, apprenticeNo: nos[1], startsOn: `202${round}-01-01`, endsOn: `202${round}-12-31`, note: "" }),
      ]);
      expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
      expect(a.ok ? b : a).toMatchObject({ ok: false, code: "methods.errors.overCapacity" });
    }
    const { n } = first(rowsOf<{ n: number }>(await h.db.execute(sql`SELECT count(*)::int AS n FROM mentorships`)));
    expect(Number(n)).toBe(4);
  });
});
