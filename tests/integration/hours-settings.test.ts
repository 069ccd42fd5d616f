import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/client";
import type { Principal } from "@/lib/auth/permissions";
import { memberHours, minimums } from "@/lib/hours/ledger";
import { HIGH_HAZARD_MINIMUMS } from "@/lib/hours/rules";
import { setMinimums } from "@/lib/hours/settings";
import { createTestDb, drivers } from "../helpers/db";

const good = { newWorkerInitial: "80", workerAnnual: "24.5", managerInitial: "48", managerAnnual: "16", counted: ["skills", "safety"] };

describe.each(drivers())("学时 minimums form on %s", (driver) => {
  let h: DbHandle;
  let member = 0;
  const admin: Principal = { userId: 0, memberId: -1, roles: [{ role: "admin", scopePath: null }] };
  const scopedAdmin: Principal = { userId: 0, memberId: -1, roles: [{ role: "admin", scopePath: "/1/" }] };
  const manager: Principal = { userId: 0, memberId: -1, roles: [{ role: "manager", scopePath: null }] };
  const one = async <T>(q: ReturnType<typeof sql>): Promise<T> => rowsOf<T>(await h.db.execute(q))[0] as T;

  beforeAll(async () => {
    h = await createTestDb(driver);
    const u = await one<{ id: number }>(sql`INSERT INTO org_units (kind, name, code) VALUES ('area', '作业区', 'GA') RETURNING id`);
    await h.db.execute(sql`UPDATE org_units SET path = ${`/${u.id}/`} WHERE id = ${u.id}`);
    member = Number(
      (
        await one<{ id: number }>(
          sql`INSERT INTO members (employee_no, name, org_unit_id, specialty, hired_on) VALUES ('100001', '员工', ${u.id}, 'gathering', '2015-01-01') RETURNING id`,
        )
      ).id,
    );
    await h.db.execute(sql`INSERT INTO external_hours (member_id, day, hours, category, title) VALUES (${member}, '2026-03-01', 6, 'skills', '技能')`);
  });
  afterAll(async () => h?.close());

  it("refuses bad values and anyone but a whole-area admin, changing nothing", async () => {
    const cases: [unknown, string][] = [
      [{ ...good, counted: [] }, "hours.rules.noneCounted"],
      [{ ...good, counted: ["safety", "fun"] }, "hours.errors.badCategory"],
      [{ ...good, workerAnnual: "abc" }, "hours.errors.badHours"],
      [{ ...good, workerAnnual: "1.234" }, "hours.errors.badHours"],
      [{ ...good, managerAnnual: "300", managerInitial: "300" }, "hours.errors.setHours"],
      [{ ...good, newWorkerInitial: "-1" }, "hours.errors.setHours"],
      [{ ...good, newWorkerInitial: "10" }, "hours.rules.initialBelowAnnual"],
    ];
    for (const [input, code] of cases) expect(await setMinimums(h.db, admin, input), code).toMatchObject({ ok: false, code });
    expect(await setMinimums(h.db, scopedAdmin, good)).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await setMinimums(h.db, manager, good)).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await minimums(h.db)).toEqual(HIGH_HAZARD_MINIMUMS);
    expect(Number((await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'hours.rules'`)).n)).toBe(0);
  });

  it("saves the minimums with an audit entry, and the ledger counts by them at once", async () => {
    const before = await memberHours(h.db, admin, member, 2026, "Asia/Shanghai");
    expect(before).toMatchObject({ ok: true, value: { counted: 0, minimum: { hours: 20 }, shortfall: 20 } });
    const r = await setMinimums(h.db, admin, good);
    expect(r).toEqual({
      ok: true,
      value: { newWorkerInitial: 80, workerAnnual: 24.5, managerInitial: 48, managerAnnual: 16, counted: ["safety", "skills"] },
    });
    const after = await memberHours(h.db, admin, member, 2026, "Asia/Shanghai");
    expect(after).toMatchObject({ ok: true, value: { counted: 6, minimum: { hours: 24.5 }, shortfall: 18.5 } });
    const log = await one<{ before: { workerAnnual: number }; after: { workerAnnual: number } }>(
      sql`SELECT before, after FROM audit_log WHERE action = 'hours.rules'`,
    );
    expect([log.before.workerAnnual, log.after.workerAnnual]).toEqual([20, 24.5]);
  });
});
