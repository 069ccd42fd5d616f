import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import ExcelJS from "exceljs";
import { sql } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/client";
import type { Principal } from "@/lib/auth/permissions";
import { createCertificateType, importCertificates } from "@/lib/certificates";
import { recordReview } from "@/lib/certificates/review";
import { createTestDb, drivers } from "../helpers/db";
import { addUnit } from "../helpers/org";

const TODAY = "2028-01-10";
const HEAD = ["工号", "证书类型", "证书编号", "发证日期", "有效期至", "上次复审日期", "复审学时", "复审考试合格", "复审依据"];

async function xlsx(rows: (string | number | null)[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("证书");
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** 复审 through the certificate import: a later review date records a review exactly as recording it by hand does. */
describe.each(drivers())("a review imported with a certificate (%s)", (driver) => {
  let h: DbHandle;
  let admin: Principal;
  const one = async <T>(q: ReturnType<typeof sql>): Promise<T> => rowsOf<T>(await h.db.execute(q))[0] as T;
  const count = async (table: string) => Number((await one<{ n: number }>(sql.raw(`SELECT count(*)::int AS n FROM ${table}`))).n);
  const reviewRow = (no: string) =>
    one<
      Record<string, unknown>
    >(sql`SELECT r.reviewed_on::text AS reviewed_on, r.hours::float8 AS hours, r.hours_source, r.evidence, r.test_passed, r.recorded_by,
        c.last_reviewed_on::text AS last_reviewed_on
      FROM certificate_reviews r JOIN member_certificates c ON c.id = r.member_certificate_id WHERE c.number = ${no} ORDER BY r.id DESC LIMIT 1`);

  beforeAll(async () => {
    h = await createTestDb(driver);
    const area = await addUnit(h.db, "area", "作业区", null);
    const team = await addUnit(h.db, "team", "一队", area.id);
    await h.db.execute(
      sql`INSERT INTO members (employee_no, name, org_unit_id, specialty, hired_on) VALUES ('100001', '持证人', ${team.id}, 'gathering', '2015-03-01')`,
    );
    const m = await one<{ id: number }>(
      sql`INSERT INTO members (employee_no, name, org_unit_id, specialty) VALUES ('000001', '管理员', ${area.id}, 'gathering') RETURNING id`,
    );
    const u = await one<{ id: number }>(sql`INSERT INTO users (member_id, password_hash) VALUES (${m.id}, 'x') RETURNING id`);
    await h.db.execute(sql`INSERT INTO user_roles (user_id, role, scope_org_unit_id) VALUES (${u.id}, 'admin', NULL)`);
    admin = { userId: Number(u.id), memberId: Number(m.id), roles: [{ role: "admin", scopePath: null }] };
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
  });
  afterAll(async () => h?.close());
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(`${TODAY}T04:00:00Z`));
  });
  afterEach(() => vi.useRealTimers());

  it("refuses a review short of hours or without the test passed, naming the row, and writes nothing", async () => {
    const before = [await count("member_certificates"), await count("certificate_reviews"), await count("audit_log")];
    const bad = await importCertificates(
      h.db,
      admin,
      await xlsx([
        HEAD,
        ["100001", "TZ-ELEC", "IMP-1", "2024-01-05", "", "2027-01-05", 4, "是", "复审培训记录"],
        ["100001", "TZ-ELEC", "IMP-2", "2024-01-05", "", "2027-01-05", 8, "否", "复审培训记录"],
        ["100001", "TZ-ELEC", "IMP-3", "2024-01-05", "", "2027-01-05", 8, "是", ""],
      ]),
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect((bad.problems ?? []).map((p) => `${p.row}|${p.column}|${p.code}`)).toEqual([
        "2|上次复审日期|certificates.review.errors.hours",
        "3|上次复审日期|certificates.review.errors.test",
        "4|上次复审日期|certificates.review.errors.evidence",
      ]);
    expect([await count("member_certificates"), await count("certificate_reviews"), await count("audit_log")]).toEqual(before);
  });

  it("records the review as recording it by hand does: the same certificate_reviews row, date and audit entry", async () => {
    const good = await importCertificates(
      h.db,
      admin,
      await xlsx([
        HEAD,
        ["100001", "TZ-ELEC", "IMP-1", "2024-01-05", "", "2027-01-05", 8, "是", "复审培训记录 2027-01"],
        ["100001", "TZ-ELEC", "IMP-2", "2024-01-05", "", "", "", "", ""],
      ]),
    );
    expect(good).toEqual({ ok: true, value: { created: 2, updated: 0 } });
    const imported = await reviewRow("IMP-1");
    // The same review of the other certificate, recorded by hand.
    const c2 = await one<{ id: number }>(sql`SELECT id FROM member_certificates WHERE number = 'IMP-2'`);
    const byHand = await recordReview(
      h.db,
      admin,
      { certificateId: Number(c2.id), reviewedOn: "2027-01-05", hours: 8, evidence: "复审培训记录 2027-01", testPassed: true },
      TODAY,
    );
    expect(byHand).toMatchObject({ ok: true, value: { hours: 8, nextDue: "2030-01-05" } });
    expect(imported).toEqual(await reviewRow("IMP-2"));
    expect(imported).toEqual({
      reviewed_on: "2027-01-05",
      hours: 8,
      hours_source: "entered",
      evidence: "复审培训记录 2027-01",
      test_passed: true,
      recorded_by: admin.userId,
      last_reviewed_on: "2027-01-05",
    });
    const audits = rowsOf<{ after: Record<string, unknown> }>(
      await h.db.execute(sql`SELECT after FROM audit_log WHERE action = 'certificate.review' ORDER BY id`),
    ).map((a) => {
      const { id: _, ...rest } = a.after;
      return rest;
    });
    expect(audits).toHaveLength(2);
    expect(audits[0]).toEqual(audits[1]);

    // The same file again: the date is already recorded — no second review.
    const again = await importCertificates(
      h.db,
      admin,
      await xlsx([HEAD, ["100001", "TZ-ELEC", "IMP-1", "2024-01-05", "", "2027-01-05", 8, "是", "复审培训记录 2027-01"]]),
    );
    expect(again).toEqual({ ok: true, value: { created: 0, updated: 1 } });
    expect(await count("certificate_reviews")).toBe(2);
  });
});
