import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/client";
import { seedDemo } from "@/scripts/demo";
import type { Principal } from "@/lib/auth/permissions";
import { fileDigest, type ImportPreview } from "@/lib/core/import-preview";
import type { Result } from "@/lib/core/result";
import { listSpecialties } from "@/lib/org/specialties";
import { buildTemplate, importMembers, previewMembers } from "@/lib/members/import";
import { createCertificateType, importCertificates, previewCertificates } from "@/lib/certificates";
import { createContest, resultsTemplate } from "@/lib/contests";
import { importResults, previewResults } from "@/lib/contests/results";
import { createTestDb, drivers } from "../helpers/db";
import { first } from "../helpers/rows";
import { csvOf } from "../fixtures/import/build";

/** Everything an import could write: a preview must leave all of it as it was. */
async function fingerprint(h: DbHandle) {
  return first(
    rowsOf<Record<string, number>>(
      await h.db.execute(sql`SELECT (SELECT count(*)::int FROM members) AS members, (SELECT count(*)::int FROM users) AS users,
        (SELECT count(*)::int FROM member_certificates) AS certs, (SELECT count(*)::int FROM contest_results) AS results,
        (SELECT count(*)::int FROM audit_log) AS audits, (SELECT max(updated_at)::text FROM members) AS touched`),
    ),
  );
}

function value(r: Result<ImportPreview>): ImportPreview {
  if (!r.ok) throw new Error(`preview refused: ${r.code}`);
  return r.value;
}
const actions = (p: ImportPreview) => Object.fromEntries(p.rows.map((r) => [r.row, r.action]));

describe.each(drivers())("import preview on %s", (driver) => {
  let h: DbHandle;
  let admin: Principal;
  let m: { no: string; name: string }[];

  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { members: 40 });
    const rows = rowsOf<{ id: number; employee_no: string; name: string }>(
      await h.db.execute(sql`SELECT id, employee_no, name FROM members WHERE employee_no NOT LIKE '9000%' ORDER BY employee_no LIMIT 3`),
    );
    m = rows.map((r) => ({ no: r.employee_no, name: r.name }));
    const a = first(
      rowsOf<{ id: number; user_id: number }>(
        await h.db.execute(sql`SELECT m.id, u.id AS user_id FROM members m JOIN users u ON u.member_id = m.id WHERE m.employee_no = '900001'`),
      ),
    );
    admin = { userId: Number(a.user_id), memberId: Number(a.id), roles: [{ role: "admin", scopePath: null }] };
  });
  afterAll(async () => h?.close());

  it("members: the template unchanged is its example row, skipped; nothing to import", async () => {
    const before = await fingerprint(h);
    const file = new Uint8Array(await buildTemplate(await listSpecialties(h.db)));
    const p = value(await previewMembers(h.db, admin, file, "职工.xlsx"));
    expect(p.counts).toEqual({ create: 0, update: 0, refused: 0, example: 1, unchanged: 0 });
    expect(p.rows[0]?.cells.slice(0, 2)).toEqual(["800001", "王小明"]);
    const w = await importMembers(h.db, admin, file, "职工.xlsx", { digest: p.digest });
    expect(w.ok ? "written" : w.code).toBe("importPreview.nothing");
    expect(await fingerprint(h)).toEqual(before);
  });

  it("members: create, update, refused with its reasons and the example — previewed without writing, then written on confirm", async () => {
    const rows = [
      ["工号", "姓名", "单位", "专业"],
      ["800001", "王小明", "韦2中转站", "集输"],
      ["770001", "预览新人", "韦4站", "采油"],
      [m[0]!.no, m[0]!.name, "韦4站", "采油"],
      ["770002", "", "不存在的站", "采油"],
    ];
    const before = await fingerprint(h);
    const bad = new Uint8Array(csvOf(rows));
    const p = value(await previewMembers(h.db, admin, bad, "m.csv"));
    expect(actions(p)).toEqual({ 2: "example", 3: "create", 4: "update", 5: "refused" });
    expect(p.rows[0]?.row).toBe(5); // refused rows first
    expect(p.rows[0]?.reasons.map((x) => x.code).sort()).toEqual(["import.errors.required", "import.errors.unknownUnit"]);
    expect(await fingerprint(h)).toEqual(before);

    const good = new Uint8Array(csvOf(rows.slice(0, 4)));
    const q = value(await previewMembers(h.db, admin, good, "m.csv"));
    expect(q.counts).toEqual({ create: 1, update: 1, refused: 0, example: 1, unchanged: 0 });
    expect(await fingerprint(h)).toEqual(before);
    // Another file than the one previewed is refused; the previewed one is written, without its example row.
    const changed = await importMembers(h.db, admin, bad, "m.csv", { digest: q.digest });
    expect(changed.ok ? "written" : changed.code).toBe("importPreview.changed");
    const w = await importMembers(h.db, admin, good, "m.csv", { digest: q.digest });
    expect(w.ok && w.value).toMatchObject({ created: 1, updated: 1 });
    const names = rowsOf<{ employee_no: string }>(await h.db.execute(sql`SELECT employee_no FROM members WHERE employee_no IN ('800001', '770001')`));
    expect(names.map((r) => r.employee_no)).toEqual(["770001"]);
  });

  it("certificates: example skipped, a new one created, a known number updated, an unknown type refused", async () => {
    const rows = [
      ["工号", "证书类型", "证书编号", "发证日期", "有效期至"],
      ["800001", "H2S", "T-2026-0001", "2026-01-15", ""],
      [m[1]!.no, "PV", "PV-0001", "2026-02-01", ""],
    ];
    const ty = await createCertificateType(h.db, admin, { code: "PV", name: "预览证", validityMonths: 12, renewWindowDays: 30 });
    expect(ty.ok).toBe(true);
    const first1 = new Uint8Array(csvOf(rows));
    const p = value(await previewCertificates(h.db, admin, first1));
    expect(p.rows.flatMap((r) => r.reasons)).toEqual([]);
    expect(actions(p)).toEqual({ 2: "example", 3: "create" });
    const w = await importCertificates(h.db, admin, first1, { digest: p.digest });
    expect(w.ok && w.value).toEqual({ created: 1, updated: 0 });

    const before = await fingerprint(h);
    const again = new Uint8Array(
      csvOf([...rows, [m[1]!.no, "NOPE", "PV-0002", "2026-02-01", ""]].map((r, i) => (i === 2 ? [r[0]!, r[1]!, r[2]!, "2026-03-01", ""] : r))),
    );
    const q = value(await previewCertificates(h.db, admin, again));
    expect(actions(q)).toEqual({ 2: "example", 3: "create", 4: "refused" });
    expect(q.rows[0]?.reasons[0]?.code).toBe("certificates.errors.noTypeNamed");
    const fixed = new Uint8Array(csvOf(rows.map((r, i) => (i === 2 ? [r[0]!, r[1]!, r[2]!, "2026-03-01", ""] : r))));
    expect(actions(value(await previewCertificates(h.db, admin, fixed)))).toEqual({ 2: "example", 3: "update" });
    expect(await fingerprint(h)).toEqual(before);
  });

  it("contest results: the template's example skipped, an entered member updated, a stranger refused; nothing written before confirm", async () => {
    const c = await createContest(h.db, admin, { title: "预览竞赛", level: "plant", specialty: "oil_production", heldOn: "2026-11-10" });
    if (!c.ok) throw new Error(c.code);
    const tpl = await resultsTemplate();
    const t = value(await previewResults(h.db, admin, c.value.id, tpl));
    expect(t.counts).toEqual({ create: 0, update: 0, refused: 0, example: 1, unchanged: 0 });

    const rows = [
      ["工号", "姓名", "名次", "成绩", "奖项"],
      ["900004", "林晓雨", "1", "95.5", "一等奖"], // the old template's example
      [m[2]!.no, m[2]!.name, "2", "90", "二等奖"],
    ];
    const file = new Uint8Array(csvOf(rows));
    const before = await fingerprint(h);
    const p = value(await previewResults(h.db, admin, c.value.id, file));
    expect(actions(p)).toEqual({ 2: "example", 3: "create" });
    expect(await fingerprint(h)).toEqual(before);
    const w = await importResults(h.db, admin, c.value.id, file, { digest: p.digest });
    expect(w.ok && w.value).toEqual({ count: 1 });

    const more = new Uint8Array(csvOf([...rows, ["999999", "无此人", "3", "80", ""]]));
    const q = value(await previewResults(h.db, admin, c.value.id, more));
    expect(actions(q)).toEqual({ 2: "example", 3: "update", 4: "refused" });
    expect(q.rows[0]?.reasons[0]?.code).toBe("methods.import.unknownMember");
    expect(fileDigest(more)).toBe(q.digest);
  });
});
