import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/client";
import type { Principal } from "@/lib/auth/permissions";
import { fileDigest, type ImportPreview } from "@/lib/core/import-preview";
import { hoursTemplate, importHours, previewHoursImport } from "@/lib/hours/import";
import { memberHours } from "@/lib/hours/ledger";
import { makeTranslator } from "@/lib/i18n";
import { createTestDb, drivers } from "../helpers/db";

const TODAY = "2026-11-20";
const HEADER = ["工号", "姓名", "培训日期", "学时", "类别", "培训内容", "培训机构", "证书编号"];

async function xlsx(rows: (string | number | Date)[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("学时");
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe.each(drivers())("学时 import on %s", (driver) => {
  let h: DbHandle;
  let manager: Principal;
  let worker: Principal;
  const id = { a1: 0, a2: 0, b1: 0, boss: 0 };
  const one = async <T>(q: ReturnType<typeof sql>): Promise<T> => rowsOf<T>(await h.db.execute(q))[0] as T;
  const ins = async (q: ReturnType<typeof sql>) => Number((await one<{ id: number }>(q)).id);
  const count = async () => Number((await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM external_hours`)).n);

  beforeAll(async () => {
    h = await createTestDb(driver);
    const unit = async (name: string, parent: number | null, parentPath: string) => {
      const u = await ins(sql`INSERT INTO org_units (kind, name, code, parent_id) VALUES ('team', ${name}, ${name}, ${parent}) RETURNING id`);
      await h.db.execute(sql`UPDATE org_units SET path = ${`${parentPath}${u}/`} WHERE id = ${u}`);
      return { id: u, path: `${parentPath}${u}/` };
    };
    const area = await unit("作业区", null, "/");
    const a = await unit("一队", area.id, area.path);
    const b = await unit("二队", area.id, area.path);
    const member = (no: string, name: string, org: number) =>
      ins(
        sql`INSERT INTO members (employee_no, name, org_unit_id, specialty, hired_on) VALUES (${no}, ${name}, ${org}, 'gathering', '2015-03-01') RETURNING id`,
      );
    id.a1 = await member("100001", "一队甲", a.id);
    id.a2 = await member("100002", "一队乙", a.id);
    id.b1 = await member("200001", "二队甲", b.id);
    id.boss = await member("100009", "队长", a.id);
    const u = await ins(sql`INSERT INTO users (member_id, password_hash) VALUES (${id.boss}, 'x') RETURNING id`);
    await h.db.execute(sql`INSERT INTO user_roles (user_id, role, scope_org_unit_id) VALUES (${u}, 'manager', ${a.id})`);
    manager = { userId: u, memberId: id.boss, roles: [{ role: "manager", scopePath: a.path }] };
    worker = { userId: 0, memberId: id.a1, roles: [{ role: "worker", scopePath: null }] };
  });
  afterAll(async () => h?.close());

  const preview = async (who: Principal, bytes: Uint8Array) => {
    const r = await previewHoursImport(h.db, who, bytes, TODAY);
    if (!r.ok) throw new Error(r.code);
    return r.value;
  };
  const byRow = (rows: ImportPreview["rows"]) =>
    Object.fromEntries(rows.map((r) => [r.row, r.action === "refused" ? `refused:${r.reasons.map((x) => x.code).join(",")}` : r.action]));

  it("previews each row with its reason and writes nothing", async () => {
    const before = await count();
    const file = await xlsx([
      HEADER,
      ["示例：100001", "张三", "2026-03-15", 8, "安全", "井控培训", "", ""],
      ["100001", "一队甲", new Date(Date.UTC(2026, 4, 10)), 8, "安全", "井控培训", "油田培训中心", "JK-1"],
      ["100002", "一队乙", "2026/6/1", "2.5", "技能", "电工复训", "", ""],
      ["999999", "无此人", "2026-06-01", 2, "安全", "培训", "", ""],
      ["200001", "二队甲", "2026-06-01", 2, "安全", "培训", "", ""],
      ["100009", "队长", "2026-06-01", 2, "安全", "培训", "", ""],
      ["100001", "一队甲", "2026-06-01", 25, "安全", "培训", "", ""],
      ["100001", "一队甲", "2026-06-01", "1.234", "安全", "培训", "", ""],
      ["100001", "一队甲", "2026-02-30", 2, "安全", "培训", "", ""],
      ["100001", "一队甲", "2026-12-01", 2, "安全", "培训", "", ""],
      ["100001", "一队甲", "2026-06-01", 2, "安全生产", "培训", "", ""],
      ["100001", "一队甲", "2026-06-01", 2, "safety", "", "", ""],
    ]);
    const p = await preview(manager, file);
    expect(byRow(p.rows)).toEqual({
      2: "example",
      3: "create",
      4: "create",
      5: "refused:hours.import.reasons.unknownNo",
      6: "refused:hours.import.reasons.outOfScope",
      7: "refused:hours.import.reasons.own",
      8: "refused:hours.import.reasons.badHours",
      9: "refused:hours.import.reasons.badHours",
      10: "refused:hours.import.reasons.badDate",
      11: "refused:hours.import.reasons.futureDate",
      12: "refused:hours.import.reasons.badCategory",
      13: "refused:hours.import.reasons.noTitle",
    });
    expect(p.counts).toEqual({ create: 2, update: 0, refused: 9, example: 1, unchanged: 0 });
    // The preview shows the file's own cells (nothing from the database: an out-of-scope member's name stays unknown).
    expect(p.columns).toEqual(HEADER);
    expect(p.rows.find((r) => r.row === 4)?.cells.slice(0, 6)).toEqual(["100002", "一队乙", "2026/6/1", "2.5", "技能", "电工复训"]);
    expect(p.rows.find((r) => r.row === 6)?.cells[1]).toBe("二队甲");
    expect(p.digest).toBe(fileDigest(file));
    expect(await count()).toBe(before);
  });

  it("refuses a worker, a file that is no spreadsheet and one without the columns", async () => {
    const file = await xlsx([HEADER, ["100002", "", "2026-06-01", 2, "安全", "培训"]]);
    expect(await previewHoursImport(h.db, worker, file, TODAY)).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await previewHoursImport(h.db, manager, new TextEncoder().encode("%PDF-1.4 nothing"), TODAY)).toMatchObject({
      ok: false,
      code: "import.errors.notSpreadsheet",
    });
    expect(
      await previewHoursImport(
        h.db,
        manager,
        await xlsx([
          ["工号", "姓名"],
          ["100002", "一队乙"],
        ]),
        TODAY,
      ),
    ).toMatchObject({
      ok: false,
      code: "hours.import.missingColumns",
    });
  });

  it("gives a template with Chinese headers whose example row is skipped", async () => {
    const t = makeTranslator("zh-CN");
    const bytes = await hoursTemplate(t);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as never);
    const first = wb.worksheets[0]?.getRow(1).values as unknown[];
    expect(first.slice(1)).toEqual(HEADER);
    const p = await preview(manager, bytes);
    expect(p.counts).toEqual({ create: 0, update: 0, refused: 0, example: 1, unchanged: 0 });
    expect(await importHours(h.db, manager, bytes, {}, TODAY)).toMatchObject({ ok: false, code: "importPreview.nothing" });
  });

  it("records the confirmed file with audit entries: all or none, or the rest when refused rows are skipped; another file than the previewed one is refused", async () => {
    const before = await count();
    const good = ["100002", "一队乙", "2026-06-02", 3.5, "安全", "消防演练", "消防支队", "XF-9"];
    const file = await xlsx([HEADER, good, ["200001", "二队甲", "2026-06-02", 2, "安全", "越权", "", ""]]);
    const p = await preview(manager, file);
    expect(p.counts).toMatchObject({ create: 1, refused: 1 });
    // Without skipping, the refused row stops the whole import.
    expect(await importHours(h.db, manager, file, { digest: p.digest }, TODAY)).toMatchObject({
      ok: false,
      code: "hours.import.refused",
      problems: [{ row: 3, code: "hours.import.reasons.outOfScope" }],
    });
    // Altered between preview and confirm: refused, nothing written.
    const other = await xlsx([HEADER, good, ["100001", "一队甲", "2026-06-02", 20, "安全", "改过", "", ""]]);
    expect(await importHours(h.db, manager, other, { digest: p.digest, skipRefused: true }, TODAY)).toMatchObject({ ok: false, code: "importPreview.changed" });
    expect(await importHours(h.db, worker, file, { digest: p.digest, skipRefused: true }, TODAY)).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await count()).toBe(before);
    const done = await importHours(h.db, manager, file, { digest: p.digest, skipRefused: true }, TODAY);
    expect(done).toEqual({ ok: true, value: { created: 1, members: 1, skipped: 1 } });
    expect(await count()).toBe(before + 1);
    const audit = await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'hours.import' AND entity_id = ${String(id.a2)}`);
    expect(Number(audit.n)).toBe(1);
    const ledger = await memberHours(h.db, manager, id.a2, 2026, "Asia/Shanghai");
    if (!ledger.ok) throw new Error(ledger.code);
    expect(ledger.value.entries).toEqual([
      expect.objectContaining({ source: "external", day: "2026-06-02", hours: 3.5, category: "safety", title: "消防演练" }),
    ]);
    expect(ledger.value.counted).toBe(3.5);
  });
});
