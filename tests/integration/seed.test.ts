import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/client";
import { seedDemo, DEMO_ACCOUNTS } from "@/scripts/demo";
import { verifySignIn } from "@/lib/auth/accounts";
import { practiceOverview } from "@/lib/practice/practice";
import { drivers, createTestDb } from "../helpers/db";
import { only } from "../helpers/rows";

describe.each(drivers())("demo seed on %s", (driver) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await createTestDb(driver);
  });
  afterAll(async () => h?.close());

  const counts = async () =>
    only(
      rowsOf<{ units: number; members: number; users: number; roles: number; jobs: number }>(
        await h.db.execute(sql`SELECT (SELECT count(*)::int FROM org_units) AS units, (SELECT count(*)::int FROM members) AS members,
        (SELECT count(*)::int FROM users) AS users, (SELECT count(*)::int FROM user_roles) AS roles, (SELECT count(*)::int FROM jobs) AS jobs`),
      ),
    );

  it("loads the operations area, and a second load changes nothing", async () => {
    await seedDemo(h.db);
    const once = await counts();
    expect(once.units).toBe(1 + 5 + 15);
    expect(once.members).toBe(304);
    expect(once.users).toBe(4);
    await seedDemo(h.db);
    expect(await counts()).toEqual(once);
    const names = rowsOf<{ name: string }>(await h.db.execute(sql`SELECT name FROM org_units WHERE kind = 'team' ORDER BY code`)).map((r) => r.name);
    expect(names).toEqual(["采油八队", "采油九队", "采油十队", "采油十一队", "综合队"]);
    const paths = rowsOf<{ bad: number }>(
      await h.db.execute(sql`SELECT count(*)::int AS bad FROM org_units c JOIN org_units p ON p.id = c.parent_id WHERE c.path <> p.path || c.id || '/'`),
    );
    expect(only(paths).bad).toBe(0);
  });

  it("loads the demo bank and quiz once (and the four closed quizzes of its history)", async () => {
    await seedDemo(h.db, { quiz: true });
    await seedDemo(h.db, { quiz: true });
    const [c] = rowsOf<{ published: number; closed: number; questions: number }>(
      await h.db.execute(
        sql`SELECT (SELECT count(*)::int FROM quizzes WHERE status = 'published') AS published, (SELECT count(*)::int FROM quizzes WHERE status = 'closed') AS closed,
          (SELECT count(*)::int FROM questions) AS questions`,
      ),
    );
    expect(c).toEqual({ published: 1, closed: 4, questions: 15 });
  });

  it("opens one practice category to everyone, of questions in no quiz, so 练习 is not empty", async () => {
    const w = only(
      rowsOf<{ member_id: number; user_id: number }>(
        await h.db.execute(sql`SELECT m.id AS member_id, u.id AS user_id FROM members m JOIN users u ON u.member_id = m.id WHERE m.employee_no = '900004'`),
      ),
    );
    const worker = { userId: Number(w.user_id), memberId: Number(w.member_id), roles: [{ role: "worker" as const, scopePath: null }] };
    const o = await practiceOverview(h.db, worker);
    expect(o.categories.map((c) => ({ names: c.names, total: c.total }))).toEqual([{ names: ["安全", "日常检查"], total: 3 }]);
  });

  it("lets every demo account sign in with the README password", async () => {
    for (const a of DEMO_ACCOUNTS) {
      const r = await verifySignIn(h.db, { employeeNo: a.employeeNo, password: "Demo@2026", address: "127.0.0.1" });
      expect(r.ok, a.employeeNo).toBe(true);
    }
  });
});
