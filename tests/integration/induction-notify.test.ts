import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/client";
import { makeTranslator, type MessageKey } from "@/lib/i18n";
import { sweepInductions } from "@/lib/notifications/sweep";
import { createTestDb, drivers } from "../helpers/db";
import { addUnit } from "../helpers/org";

/**
 * Issue 16's "induction step waiting" (issue 15's three-level induction): the notify sweep tells a
 * member and the managers responsible at the level waiting — the lowest open one — once per level.
 */
const noon = (day: string) => new Date(`${day}T04:00:00Z`);

describe.each(drivers())("induction waiting notices on %s", (driver) => {
  let h: DbHandle;
  const id = {} as Record<"area" | "team" | "station" | "newbie" | "leaver" | "areaBoss" | "teamBoss" | "otherBoss" | "otherTeam", number>;
  const one = async <T>(q: ReturnType<typeof sql>): Promise<T> => rowsOf<T>(await h.db.execute(q))[0] as T;
  const ins = async (q: ReturnType<typeof sql>) => Number((await one<{ id: number }>(q)).id);
  const notices = async () =>
    rowsOf<{ member_id: number; href: string; kind: string; params: Record<string, string | number> }>(
      await h.db.execute(sql`SELECT member_id, href, kind, params FROM notifications WHERE event = 'induction_waiting' ORDER BY id`),
    ).map((r) => ({ ...r, member_id: Number(r.member_id), params: typeof r.params === "string" ? JSON.parse(r.params) : r.params }));

  beforeAll(async () => {
    h = await createTestDb(driver);
    const unit = async (kind: string, name: string, parent: number | null) => (await addUnit(h.db, kind, name, parent)).id;
    id.area = await unit("area", "作业区", null);
    id.team = await unit("team", "采油九队", id.area);
    id.otherTeam = await unit("team", "采油十队", id.area);
    id.station = await unit("station", "韦2站", id.team);
    const member = (no: string, name: string, org: number, status = "active") =>
      ins(sql`INSERT INTO members (employee_no, name, org_unit_id, specialty, hired_on, status)
        VALUES (${no}, ${name}, ${org}, 'gathering', '2026-12-01', ${status}) RETURNING id`);
    id.newbie = await member("300001", "新员工", id.station);
    id.leaver = await member("300002", "已离职", id.station, "left");
    const manager = async (no: string, name: string, scope: number) => {
      const m = await member(no, name, scope);
      const u = await ins(sql`INSERT INTO users (member_id, password_hash) VALUES (${m}, 'x') RETURNING id`);
      await h.db.execute(sql`INSERT INTO user_roles (user_id, role, scope_org_unit_id) VALUES (${u}, 'manager', ${scope})`);
      return m;
    };
    id.areaBoss = await manager("100001", "作业区经理", id.area);
    id.teamBoss = await manager("100002", "九队队长", id.team);
    id.otherBoss = await manager("100003", "十队队长", id.otherTeam);
    for (const m of [id.newbie, id.leaver])
      for (const [level, unitId] of [
        [1, id.area],
        [2, id.team],
        [3, id.station],
      ] as const)
        await h.db.execute(sql`INSERT INTO induction_records (member_id, level, org_unit_id, reason, opened_on, required_hours)
          VALUES (${m}, ${level}, ${unitId}, 'new_hire', '2026-12-01', 24)`);
  }, 120_000);
  afterAll(async () => h?.close());

  it("tells the member and the managers at the level waiting, once; the next level after the one below is signed", async () => {
    expect(await sweepInductions(h.db, noon("2026-12-02"))).toBe(2);
    // Level 1 (厂级) belongs to the area: the member and the area's manager (not the team's, not the other team's, not the leaver).
    expect((await notices()).map((n) => [n.member_id, n.params.level, n.params.for])).toEqual([
      [id.newbie, 1, "self"],
      [id.areaBoss, 1, "team"],
    ]);
    expect(await sweepInductions(h.db, noon("2026-12-03"))).toBe(0);

    await h.db.execute(sql`UPDATE induction_records SET signed_off_on = '2026-12-03' WHERE member_id = ${id.newbie} AND level = 1`);
    expect(await sweepInductions(h.db, noon("2026-12-04"))).toBe(2);
    const [self, boss] = (await notices()).slice(2);
    expect([self!.member_id, boss!.member_id]).toEqual([id.newbie, id.teamBoss]);
    expect(self!.href).toBe(`/members/${id.newbie}`);
    expect(boss!.href).toBe("/manage/induction");

    // What the bell says, in both languages.
    const zh = makeTranslator("zh-CN");
    const en = makeTranslator("en");
    expect(zh(self!.kind as MessageKey, self!.params)).toBe("您的三级安全教育（车间级，采油九队，24 学时）尚未完成，完成签认前不能上岗。");
    expect(zh(boss!.kind as MessageKey, boss!.params)).toBe("新员工的三级安全教育（车间级，采油九队，24 学时）等待培训和签认。");
    expect(en(boss!.kind as MessageKey, boss!.params)).toBe(
      "新员工's safety induction (workshop level, 采油九队, 24 h) is waiting for its training and sign-off.",
    );

    // All signed: nothing more.
    await h.db.execute(sql`UPDATE induction_records SET signed_off_on = '2026-12-04' WHERE member_id = ${id.newbie}`);
    expect(await sweepInductions(h.db, noon("2026-12-05"))).toBe(0);
  });
});
