import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, type DbHandle } from "@/db/client";
import { seedDemo } from "@/scripts/demo";
import type { Principal } from "@/lib/auth/permissions";
import { teamComparison } from "@/lib/comparison";
import { memberRanking, teamRanking } from "@/lib/points";
import { createTestDb, drivers } from "../helpers/db";
import { first } from "../helpers/rows";

/**
 * Issue 18, 比学赶帮超: the team-level figures of every team are open to every manager and worker;
 * members' names stay inside `member.read` scope. The day is pinned (2026-11-20, in 2026-Q4).
 */
const DAY = "2026-11-20";
const QUARTERS = ["2026-Q2", "2026-Q3", "2026-Q4", "2027-Q1"];

describe.each(drivers())("team comparison: aggregates open, names scoped, on %s", (driver) => {
  let h: DbHandle;
  let manager09: Principal;
  let worker09: Principal;
  let t09Path: string;
  let teamIds: number[];
  let everyone: { id: number; name: string; path: string }[];

  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { members: 60 });
    const t09 = first(rowsOf<{ path: string }>(await h.db.execute(sql`SELECT path FROM org_units WHERE code = 'T09'`)));
    t09Path = t09.path;
    teamIds = rowsOf<{ id: number }>(await h.db.execute(sql`SELECT id FROM org_units WHERE kind = 'team' AND active`)).map((r) => Number(r.id));
    everyone = rowsOf<{ id: number; name: string; path: string }>(
      await h.db.execute(sql`SELECT m.id, m.name, u.path FROM members m JOIN org_units u ON u.id = m.org_unit_id`),
    ).map((r) => ({ ...r, id: Number(r.id) }));
    const byNo = async (no: string) => Number(first(rowsOf<{ id: number }>(await h.db.execute(sql`SELECT id FROM members WHERE employee_no = ${no}`))).id);
    manager09 = { userId: 0, memberId: await byNo("900002"), roles: [{ role: "manager", scopePath: t09Path }] };
    worker09 = { userId: 0, memberId: await byNo("900004"), roles: [{ role: "worker", scopePath: null }] };
    // Points this quarter for members of every team (one entry each), the worker included.
    await h.db.execute(sql`DELETE FROM points_ledger`);
    await h.db.execute(sql`INSERT INTO points_ledger (member_id, kind, source_key, points, earned_at)
      SELECT m.id, 'signoff', 'task:test-' || m.id, 1 + (m.id % 7), '2026-11-02T04:00:00Z'::timestamptz FROM members m WHERE m.status = 'active'`);
  });
  afterAll(async () => h?.close());

  for (const who of ["manager09", "worker09"] as const) {
    it(`gives the ${who === "manager09" ? "manager of 采油九队" : "worker of 采油九队"} the figures of every team, and no member's name`, async () => {
      const viewer = who === "manager09" ? manager09 : worker09;
      const r = await teamComparison(h.db, viewer, QUARTERS, DAY);
      if (!r.ok) throw new Error(r.code);
      expect(r.value.teams.map((t) => t.id).sort()).toEqual([...teamIds].sort());
      expect(r.value.teams.length).toBe(5);
      // Their own team first and marked; the others not.
      expect(r.value.teams[0]).toMatchObject({ name: "采油九队", own: true });
      expect(r.value.teams.filter((t) => t.own)).toHaveLength(1);
      // A figure per team and quarter, the current quarter's points per member filled for every team.
      expect(r.value.figures).toHaveLength(teamIds.length * QUARTERS.length);
      const q4 = r.value.figures.filter((f) => f.quarter === "2026-Q4");
      expect(q4.every((f) => f.members > 0 && f.points !== null && f.points > 0)).toBe(true);
      // A quarter that has not begun shows nothing, not 0 %.
      expect(r.value.figures.filter((f) => f.quarter === "2027-Q1").every((f) => f.participation === null && f.points === null)).toBe(true);
      expect(r.value.figures.filter((f) => f.quarter === "2026-Q3").every((f) => f.participation === 0)).toBe(true);
      // Not one member's name (or id) anywhere in what is handed to the page.
      const text = JSON.stringify(r.value);
      const named = everyone.filter((m) => text.includes(m.name));
      expect(named.map((m) => m.name)).toEqual([]);
      expect(Object.keys(first(r.value.figures)).sort()).toEqual([
        "attendance",
        "completion",
        "members",
        "participation",
        "points",
        "quarter",
        "quizAverage",
        "unitId",
      ]);
    });
  }

  it("names in the member ranking only the viewer and the members inside the viewer's scope, ranked over the whole area", async () => {
    const mine = await memberRanking(h.db, manager09, { quarter: "2026-Q4", limit: 500 });
    expect(mine.length).toBeGreaterThan(1);
    const paths = new Map(everyone.map((m) => [m.id, m.path]));
    expect(mine.filter((r) => r.memberId !== manager09.memberId && !paths.get(r.memberId)?.startsWith(t09Path))).toEqual([]);
    // The ranks are the whole area's: someone outside 采油九队 holds rank 1 or the team's best is rank 1.
    const all = await memberRanking(h.db, { userId: 0, memberId: 0, roles: [{ role: "admin", scopePath: null }] }, { quarter: "2026-Q4", limit: 500 });
    for (const r of mine) expect(r.rank).toBe(all.find((a) => a.memberId === r.memberId)?.rank);

    const worker = await memberRanking(h.db, worker09, { quarter: "2026-Q4", limit: 500 });
    expect(worker.map((r) => r.memberId)).toEqual([worker09.memberId]);
    expect(worker[0]?.rank).toBe(all.find((a) => a.memberId === worker09.memberId)?.rank);
  });

  it("ranks teams on the exact points per member: a team with 2 points ranks alone above four with 0", async () => {
    await h.db.execute(sql`DELETE FROM points_ledger`);
    const m09 = first(
      rowsOf<{ id: number }>(
        await h.db.execute(
          sql`SELECT m.id FROM members m JOIN org_units u ON u.id = m.org_unit_id WHERE u.path LIKE ${`${t09Path}%`} AND m.status = 'active' LIMIT 1`,
        ),
      ),
    );
    await h.db.execute(
      sql`INSERT INTO points_ledger (member_id, kind, source_key, points, earned_at) VALUES (${m09.id}, 'signoff', 'task:x', 2, '2026-11-02T04:00:00Z')`,
    );
    const teams = await teamRanking(h.db, { quarter: "2026-Q4" });
    expect(teams.map((t) => [t.name, t.rank])).toEqual([["采油九队", 1], ...teams.slice(1).map((t) => [t.name, 2])]);
    expect(teams).toHaveLength(5);
  });

  it("shows nothing, not 0, where the current quarter has nothing yet; 0 once its quiz has closed or the quarter is over", async () => {
    // One published quiz of 2026-Q4 (the day's quarter), open past DAY, and no results in the quarter.
    await h.db.execute(sql`DELETE FROM quiz_results WHERE quiz_id IN (SELECT id FROM quizzes WHERE quarter = '2026-Q4')`);
    await h.db.execute(sql`UPDATE quizzes SET closes_at = '2027-01-15T00:00:00Z' WHERE quarter = '2026-Q4'`);
    await h.db.execute(sql`INSERT INTO quizzes (title, quarter, opens_at, closes_at, status)
      VALUES ('2026年第4季度小会考', '2026-Q4', '2026-11-01T00:00:00Z', '2027-01-15T00:00:00Z', 'published')`);
    // Points: only 采油九队 has any in 2026-Q4 (the test before left one entry), none in 2026-Q3.
    const at = async () => {
      const r = await teamComparison(h.db, worker09, QUARTERS, DAY);
      if (!r.ok) throw new Error(r.code);
      const team = (id: number) => r.value.teams.find((t) => t.id === id)?.name;
      return (q: string) =>
        r.value.figures.filter((f) => f.quarter === q).map((f) => ({ team: team(f.unitId), participation: f.participation, points: f.points }));
    };
    let q = await at();
    expect(q("2026-Q4").map((f) => f.participation)).toEqual([null, null, null, null, null]);
    expect(q("2026-Q4").filter((f) => f.points !== null)).toEqual([{ team: "采油九队", participation: null, points: expect.any(Number) }]);
    expect(q("2026-Q3").every((f) => f.points === 0)).toBe(true);
    // The quiz closed before the day: nobody took it, 0 %.
    await h.db.execute(sql`UPDATE quizzes SET closes_at = '2026-11-15T00:00:00Z' WHERE quarter = '2026-Q4'`);
    q = await at();
    expect(q("2026-Q4").map((f) => f.participation)).toEqual([0, 0, 0, 0, 0]);
  });
});
