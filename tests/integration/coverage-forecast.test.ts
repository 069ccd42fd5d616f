import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/client";
import type { Principal } from "@/lib/auth/permissions";
import { createCertificateType } from "@/lib/certificates";
import { recordReview } from "@/lib/certificates/review";
import { refreshCache } from "@/lib/eligibility/cache";
import { coverageForecast } from "@/lib/eligibility/coverage-forecast";
import { sweepCoverageForecast } from "@/lib/notifications/sweep";
import { createTestDb, drivers } from "../helpers/db";

const TZ = "Asia/Shanghai";
const TODAY = "2026-12-06";
const noon = (day: string) => new Date(`${day}T04:00:00Z`);

describe.each(drivers())("station coverage forecast on %s", (driver) => {
  let h: DbHandle;
  const id = {} as Record<
    "area" | "teamA" | "teamB" | "station" | "stationB" | "a" | "b" | "c" | "d" | "boss" | "bossB" | "type" | "certA" | "certB" | "job",
    number
  >;
  let trainer: Principal;
  let manager: Principal;
  let otherManager: Principal;

  const one = async <T>(q: ReturnType<typeof sql>): Promise<T> => rowsOf<T>(await h.db.execute(q))[0] as T;
  const ins = async (q: ReturnType<typeof sql>) => Number((await one<{ id: number }>(q)).id);
  const forecast = async (actor: Principal, unitId: number | null, day = TODAY) => {
    await refreshCache(h.db, day, TZ);
    return coverageForecast(h.db, actor, { unitId }, noon(day));
  };

  beforeAll(async () => {
    h = await createTestDb(driver);
    const unit = async (kind: string, name: string, parent: number | null) => {
      const u = await ins(sql`INSERT INTO org_units (kind, name, code, parent_id) VALUES (${kind}, ${name}, ${name}, ${parent}) RETURNING id`);
      const parentPath = parent === null ? "/" : (await one<{ path: string }>(sql`SELECT path FROM org_units WHERE id = ${parent}`)).path;
      await h.db.execute(sql`UPDATE org_units SET path = ${`${parentPath}${u}/`} WHERE id = ${u}`);
      return u;
    };
    const pathOf = async (u: number) => (await one<{ path: string }>(sql`SELECT path FROM org_units WHERE id = ${u}`)).path;
    id.area = await unit("area", "作业区", null);
    id.teamA = await unit("team", "一队", id.area);
    id.teamB = await unit("team", "二队", id.area);
    id.station = await unit("station", "韦9中转站", id.teamA);
    id.stationB = await unit("station", "二队站", id.teamB);
    const member = (no: string, name: string, org: number) =>
      ins(
        sql`INSERT INTO members (employee_no, name, org_unit_id, specialty, hired_on) VALUES (${no}, ${name}, ${org}, 'gathering', '2015-03-01') RETURNING id`,
      );
    id.a = await member("100001", "张电工", id.station);
    id.b = await member("100002", "李电工", id.station);
    id.c = await member("100003", "王学徒", id.station);
    id.d = await member("100004", "赵过期", id.station);
    id.boss = await member("100009", "一队队长", id.teamA);
    id.bossB = await member("200009", "二队队长", id.teamB);
    const user = async (memberId: number, role: string, scope: number | null) => {
      const u = await ins(sql`INSERT INTO users (member_id, password_hash) VALUES (${memberId}, 'x') RETURNING id`);
      await h.db.execute(sql`INSERT INTO user_roles (user_id, role, scope_org_unit_id) VALUES (${u}, ${role}, ${scope})`);
      return u;
    };
    const bossUser = await user(id.boss, "manager", id.teamA);
    const bossBUser = await user(id.bossB, "manager", id.teamB);
    const adminUser = await user(await member("000001", "管理员", id.area), "admin", null);
    const admin: Principal = { userId: adminUser, memberId: -1, roles: [{ role: "admin", scopePath: null }] };
    trainer = { userId: adminUser, memberId: -1, roles: [{ role: "trainer", scopePath: await pathOf(id.area) }] };
    manager = { userId: bossUser, memberId: id.boss, roles: [{ role: "manager", scopePath: await pathOf(id.teamA) }] };
    otherManager = { userId: bossBUser, memberId: id.bossB, roles: [{ role: "manager", scopePath: await pathOf(id.teamB) }] };

    const t = await createCertificateType(h.db, admin, {
      code: "TZ-ELEC",
      name: "特种作业操作证（电工）",
      validityMonths: 72,
      renewWindowDays: 60,
      reviewEveryYears: 3,
      reviewHours: 8,
      reviewTest: true,
    });
    if (!t.ok) throw new Error(t.code);
    id.type = t.value.id;
    await h.db.execute(sql`UPDATE certificate_types SET specialty = 'gathering' WHERE id = ${id.type}`);
    // 张: issued 2024-03-13, 复审 due 2027-03-13 (expires 2030-03-12); 李: expires 2027-06-30 (no review before).
    id.certA = await ins(sql`INSERT INTO member_certificates (member_id, certificate_type_id, number, issued_on, expires_on)
      VALUES (${id.a}, ${id.type}, 'TZ-A', '2024-03-13', '2030-03-12') RETURNING id`);
    id.certB = await ins(sql`INSERT INTO member_certificates (member_id, certificate_type_id, number, issued_on, expires_on)
      VALUES (${id.b}, ${id.type}, 'TZ-B', '2024-07-01', '2027-06-30') RETURNING id`);
    // 赵's certificate (reviewed 2024-01-01) ran out in October: a new one would close the gap.
    await h.db.execute(sql`INSERT INTO member_certificates (member_id, certificate_type_id, number, issued_on, expires_on, last_reviewed_on)
      VALUES (${id.d}, ${id.type}, 'TZ-D', '2020-10-01', '2026-10-01', '2024-01-01')`);
    id.job = await ins(sql`INSERT INTO jobs (code, name, specialty) VALUES ('J-ELEC', '电工', 'gathering') RETURNING id`);
    await h.db.execute(sql`INSERT INTO job_requirements (job_id, kind, ref_id) VALUES (${id.job}, 'certificate', ${id.type})`);
    await h.db.execute(sql`INSERT INTO member_job_targets (member_id, job_id) VALUES (${id.c}, ${id.job})`);
    await h.db.execute(sql`INSERT INTO station_job_minimums (org_unit_id, job_id, min_qualified) VALUES (${id.station}, ${id.job}, 2)`);
  });
  afterAll(async () => h?.close());

  it("names the first day below the minimum, the member whose 复审 causes it, and who could close the gap", async () => {
    const r = await forecast(manager, id.station);
    if (!r.ok) throw new Error(r.code);
    expect(r.value.rows).toHaveLength(1);
    const row = r.value.rows[0]!;
    expect(row).toMatchObject({ stationName: "韦9中转站", jobName: "电工", minQualified: 2 });
    expect(row.forecast).toMatchObject({ day: "2027-03-14", already: false, count: 1 });
    expect(row.forecast.lapsing).toEqual([
      { memberId: id.a, name: "张电工", items: [{ kind: "review", name: "特种作业操作证（电工）", until: "2027-03-13" }] },
    ]);
    expect(row.forecast.candidates.map((c) => [c.name, c.reason, c.item?.kind ?? null, c.item?.until ?? null])).toEqual([
      ["赵过期", "lapsed", "renewal", "2026-10-01"],
      ["王学徒", "target", null, null],
    ]);
    // The manager above the whole area sees it too (their unit by default).
    const all = await forecast(manager, null);
    expect(all.ok && all.value.rows.map((x) => x.stationId)).toEqual([id.station]);
  });

  it("another team's manager: refused as not found, and their own unit shows nothing of this station", async () => {
    expect(await forecast(otherManager, id.station)).toMatchObject({ ok: false, kind: "notFound" });
    expect(await forecast(otherManager, id.area)).toMatchObject({ ok: false, kind: "notFound" });
    const own = await forecast(otherManager, null);
    expect(own.ok && own.value.rows).toEqual([]);
  });

  it("tells the station's nearest manager once per station, job and day when it is within 60 days", async () => {
    const sent = async () =>
      rowsOf<{ member_id: number; dedupe_key: string; params: unknown }>(
        await h.db.execute(sql`SELECT member_id, dedupe_key, params FROM notifications WHERE event = 'coverage_forecast' ORDER BY id`),
      );
    // 98 days ahead on 2026-12-06: not yet.
    await refreshCache(h.db, TODAY, TZ);
    expect(await sweepCoverageForecast(h.db, noon(TODAY), TODAY)).toBe(0);
    // 2027-01-20: 53 days ahead.
    await refreshCache(h.db, "2027-01-20", TZ);
    expect(await sweepCoverageForecast(h.db, noon("2027-01-20"), "2027-01-20")).toBe(1);
    expect(await sweepCoverageForecast(h.db, noon("2027-01-21"), "2027-01-21")).toBe(0);
    const rows = await sent();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ member_id: id.boss, dedupe_key: `forecast:${id.station}:${id.job}:2027-03-14` });
    const params = typeof rows[0]!.params === "string" ? JSON.parse(rows[0]!.params) : rows[0]!.params;
    expect(params).toMatchObject({ station: "韦9中转站", job: "电工", min: 2, day: "2027-03-14", days: 53, members: "张电工" });
  });

  it("a planned class of the certificate's specialty before the due day counts as the review; recording the review moves the day", async () => {
    // 张 enrolled in a published 电工 review class on 2027-02-20: covered, the next lapse is 李's expiry.
    const cls = await ins(sql`INSERT INTO classes (title, series, specialty, instructor_member_id, capacity, status)
      VALUES ('电工复审培训班', 'classroom', 'gathering', ${id.boss}, 30, 'published') RETURNING id`);
    await h.db.execute(sql`INSERT INTO class_sessions (class_id, starts_at, ends_at, checkin_secret)
      VALUES (${cls}, '2027-02-20T01:00:00Z', '2027-02-20T05:00:00Z', 's')`);
    await h.db.execute(sql`INSERT INTO class_enrolments (class_id, member_id, status) VALUES (${cls}, ${id.a}, 'enrolled')`);
    let r = await forecast(manager, id.station);
    expect(r.ok && r.value.rows[0]!.forecast).toMatchObject({ day: "2027-07-01", lapsing: [{ memberId: id.b }] });
    await h.db.execute(sql`DELETE FROM class_enrolments WHERE class_id = ${cls}`);
    r = await forecast(manager, id.station);
    expect(r.ok && r.value.rows[0]!.forecast.day).toBe("2027-03-14");

    // The review recorded today: 张's next review is due 2029-12-06 — 李's expiry is the first lapse now.
    const rev = await recordReview(h.db, trainer, { certificateId: id.certA, reviewedOn: TODAY, hours: 8, evidence: "培训证明", testPassed: true }, TODAY);
    expect(rev).toMatchObject({ ok: true, value: { nextDue: "2029-12-06" } });
    r = await forecast(manager, id.station);
    expect(r.ok && r.value.rows[0]!.forecast).toMatchObject({
      day: "2027-07-01",
      lapsing: [{ memberId: id.b, items: [{ kind: "renewal", until: "2027-06-30" }] }],
    });
    // 李 renewed (a new certificate to 2033): nothing falls short within a year.
    await h.db.execute(sql`INSERT INTO member_certificates (member_id, certificate_type_id, number, issued_on, expires_on)
      VALUES (${id.b}, ${id.type}, 'TZ-B2', '2026-12-01', '2032-11-30')`);
    r = await forecast(manager, id.station);
    expect(r.ok && r.value.rows).toEqual([]);
  });

  it("复训: a class requirement with a window lapses when the last session attended leaves it; a planned session of the series renews it", async () => {
    const job = await ins(sql`INSERT INTO jobs (code, name, specialty) VALUES ('J-DUTY', '值班工', 'gathering') RETURNING id`);
    await h.db.execute(sql`INSERT INTO job_requirements (job_id, kind, series, min_count, within_months) VALUES (${job}, 'class', 'technician', 1, 12)`);
    await h.db.execute(sql`INSERT INTO station_job_minimums (org_unit_id, job_id, min_qualified) VALUES (${id.station}, ${job}, 1)`);
    const past = await ins(sql`INSERT INTO classes (title, series, instructor_member_id, capacity, status)
      VALUES ('技师课堂：巡检', 'technician', ${id.boss}, 30, 'published') RETURNING id`);
    const s1 = await ins(sql`INSERT INTO class_sessions (class_id, starts_at, ends_at, checkin_secret)
      VALUES (${past}, '2026-03-01T01:00:00Z', '2026-03-01T03:00:00Z', 's') RETURNING id`);
    await h.db.execute(sql`INSERT INTO attendance (session_id, member_id, method, checked_in_at) VALUES (${s1}, ${id.c}, 'manual', '2026-03-01T01:00:00Z')`);
    // 王 attended on 2026-03-01: counts up to 2027-03-01 (12 months), so the station is short from 2027-03-02.
    let r = await forecast(manager, id.station);
    const row = () => (r.ok ? r.value.rows.find((x) => x.jobId === job) : undefined);
    expect(row()?.forecast).toMatchObject({
      day: "2027-03-02",
      lapsing: [{ memberId: id.c, items: [{ kind: "retraining", name: "technician", until: "2027-03-01" }] }],
    });
    // Enrolled in a technician class on 2027-02-10: renewed before the lapse, no shortfall.
    const next = await ins(sql`INSERT INTO classes (title, series, instructor_member_id, capacity, status)
      VALUES ('技师课堂：复训', 'technician', ${id.boss}, 30, 'published') RETURNING id`);
    await h.db.execute(sql`INSERT INTO class_sessions (class_id, starts_at, ends_at, checkin_secret)
      VALUES (${next}, '2027-02-10T01:00:00Z', '2027-02-10T03:00:00Z', 's')`);
    await h.db.execute(sql`INSERT INTO class_enrolments (class_id, member_id, status) VALUES (${next}, ${id.c}, 'enrolled')`);
    r = await forecast(manager, id.station);
    expect(row()).toBeUndefined();
  });
});
