import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, type DbHandle } from "@/db/client";
import { auditLog, members, orgUnits, unitFileExports } from "@/db/schema";
import type { Principal } from "@/lib/auth/permissions";
import * as clock from "@/lib/core/clock";
import { updateMember } from "@/lib/members/members";
import { getUnitExport, requestUnitFiles, runUnitExports, unitExportDownload } from "@/lib/person-file/exports";
import { getStorage } from "@/lib/storage";
import { seedDemo } from "@/scripts/demo";
import { createTestDb, drivers } from "../helpers/db";
import { principalOf } from "../helpers/quiz";

let mediaDir: string;
beforeAll(async () => {
  mediaDir = await mkdtemp(path.join(os.tmpdir(), "jr-unit-files-"));
  process.env.MEDIA_DIR = mediaDir;
});
afterAll(async () => {
  await rm(mediaDir, { recursive: true, force: true });
});

const DAY = 86_400_000;

/** 一人一档 of a whole unit: one .zip of one PDF per member, built by the unit-files job. */
describe.each(drivers())("a unit's files as one zip on %s", (driver) => {
  let h: DbHandle;
  let t09: { id: number; path: string };
  let mgr09: Principal;
  let mgr10: Principal;
  let admin: Principal;
  const asked = new Date("2026-11-20T02:00:00Z");

  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { members: 40 });
    const [u] = await h.db.select({ id: orgUnits.id, path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.code, "T09"));
    if (!u) throw new Error("no T09");
    t09 = u;
    mgr09 = await principalOf(h.db, "900002", [{ role: "manager", scope: "T09" }]);
    mgr10 = await principalOf(h.db, "900003", [{ role: "manager", scope: "T10" }]);
    admin = await principalOf(h.db, "900001", [{ role: "admin", scope: null }]);
  });
  afterAll(async () => h?.close());

  const activeIn = async (unitPath: string) =>
    rowsOf<{ employee_no: string; name: string }>(
      await h.db.execute(sql`SELECT m.employee_no, m.name FROM members m JOIN org_units u ON u.id = m.org_unit_id
        WHERE u.path LIKE ${`${unitPath}%`} AND m.status = 'active' ORDER BY m.employee_no`),
    );

  it("refuses another unit's manager and bad input, recording no export", async () => {
    expect(await requestUnitFiles(h.db, mgr10, { unitId: t09.id }, "zh-CN", asked)).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await requestUnitFiles(h.db, mgr09, { unitId: "x" }, "zh-CN", asked)).toMatchObject({ ok: false, kind: "badRequest" });
    expect(await requestUnitFiles(h.db, mgr09, { unitId: 999_999 }, "zh-CN", asked)).toMatchObject({ ok: false, kind: "notFound" });
    expect(await h.db.select().from(unitFileExports)).toEqual([]);
  });

  it("builds one PDF per member named 工号_姓名, shows progress, lets only the requester or an admin download", async () => {
    const expected = await activeIn(t09.path);
    expect(expected.length).toBeGreaterThan(2);
    const req = await requestUnitFiles(h.db, mgr09, { unitId: t09.id }, "zh-CN", asked);
    if (!req.ok) throw new Error(req.code);
    const queued = await getUnitExport(h.db, mgr09, req.value.id, asked);
    expect(queued).toMatchObject({ ok: true, value: { state: "queued", total: expected.length, done: 0 } });
    // Another manager does not see it; the audit log has the request.
    expect(await getUnitExport(h.db, mgr10, req.value.id, asked)).toMatchObject({ ok: false, kind: "notFound" });
    expect(await h.db.select().from(auditLog).where(eq(auditLog.action, "unit_files.request"))).toHaveLength(1);

    // The job runs while the page polls: what it reads only grows, and ends at N of N. It prints
    // on two threads here (the next test in the job's own thread): each PDF lands under its name.
    const seen: { state: string; done: number }[] = [];
    let finished = false;
    process.env.PDF_THREADS = "2";
    const run = runUnitExports(h.db, asked).finally(() => {
      finished = true;
      delete process.env.PDF_THREADS;
    });
    while (!finished) {
      const p = await getUnitExport(h.db, mgr09, req.value.id, asked);
      if (p.ok) seen.push({ state: p.value.state, done: p.value.done });
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await run).toEqual({ built: 1, failed: 0, expired: 0 });
    const end = await getUnitExport(h.db, mgr09, req.value.id, asked);
    expect(end).toMatchObject({ ok: true, value: { state: "done", total: expected.length, done: expected.length } });
    expect(seen.some((s) => s.state === "running")).toBe(true);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.done).toBeGreaterThanOrEqual(seen[i - 1]!.done);

    expect(await unitExportDownload(h.db, mgr10, req.value.id, asked)).toMatchObject({ ok: false, kind: "notFound" });
    expect((await unitExportDownload(h.db, admin, req.value.id, asked)).ok).toBe(true);
    const dl = await unitExportDownload(h.db, mgr09, req.value.id, asked);
    if (!dl.ok) throw new Error(dl.code);
    expect(dl.value.filename).toMatch(/^一人一档-.+-2026-11-20\.zip$/);
    const downloads = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "unit_files.download"), eq(auditLog.entityId, String(req.value.id))));
    expect(downloads).toHaveLength(2);

    const chunks: Buffer[] = [];
    for await (const c of await getStorage().read(dl.value.key)) chunks.push(c as Buffer);
    const zip = await JSZip.loadAsync(Buffer.concat(chunks));
    const names = Object.keys(zip.files).sort();
    expect(names).toEqual(expected.map((m) => `${m.employee_no}_${m.name}.pdf`).sort());
    const { extractText, getDocumentProxy } = await import("unpdf");
    for (const m of [expected[0]!, expected[1]!, expected.at(-1)!]) {
      const pdf = await zip.file(`${m.employee_no}_${m.name}.pdf`)!.async("uint8array");
      const { text } = await extractText(await getDocumentProxy(pdf), { mergePages: true });
      for (const s of ["职工培训档案（一人一档）", m.name, m.employee_no]) expect(text).toContain(s);
    }
  });

  it("expires after 7 days: the stored zip is deleted and no longer downloadable", async () => {
    const [row] = await h.db.select().from(unitFileExports).where(eq(unitFileExports.state, "done"));
    if (!row?.storageKey) throw new Error("no finished export");
    const later = new Date(asked.getTime() + 7 * DAY + 1000);
    expect(await getUnitExport(h.db, mgr09, row.id, new Date(asked.getTime() + 6 * DAY))).toMatchObject({ ok: true, value: { state: "done" } });
    expect(await getUnitExport(h.db, mgr09, row.id, later)).toMatchObject({ ok: true, value: { state: "expired" } });
    expect(await unitExportDownload(h.db, mgr09, row.id, later)).toMatchObject({ ok: false, kind: "notFound" });
    expect(await runUnitExports(h.db, later)).toEqual({ built: 0, failed: 0, expired: 1 });
    expect(await getStorage().stat(row.storageKey)).toBeNull();
    const [after] = await h.db.select().from(unitFileExports).where(eq(unitFileExports.id, row.id));
    expect(after).toMatchObject({ state: "expired", storageKey: null });
  });

  it("puts those who left the unit lately in a folder of their own, with their last unit and the day they left", async () => {
    const [t10] = await h.db
      .select({ id: orgUnits.id, name: orgUnits.name })
      .from(orgUnits)
      .where(sql`${orgUnits.kind} = 'station' AND ${orgUnits.path} LIKE (SELECT path FROM org_units WHERE code = 'T10') || '%'`)
      .limit(1);
    if (!t10) throw new Error("no station in T10");
    const rows = await h.db
      .select({ m: members, unit: orgUnits.name })
      .from(members)
      .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
      .where(sql`${orgUnits.path} LIKE ${`${t09.path}%`} AND ${members.status} = 'active' AND ${members.employeeNo} NOT LIKE '9000%'`)
      .orderBy(members.employeeNo);
    const [leaver, retiredLongAgo, mover, onLeave] = rows;
    if (!onLeave || !leaver || !retiredLongAgo || !mover) throw new Error("too few members in T09");
    const edit = async (r: (typeof rows)[number], change: Partial<typeof r.m>) => {
      const { employeeNo, name, orgUnitId, specialty, jobId, techTitle, partyMember, hiredOn, status, phone } = { ...r.m, ...change };
      const input = { employeeNo, name, orgUnitId, specialty, jobId, techTitle, partyMember, hiredOn, status, phone } as Parameters<typeof updateMember>[3];
      const res = await updateMember(h.db, admin, r.m.id, input);
      if (!res.ok) throw new Error(res.code);
    };
    await edit(leaver, { status: "left" });
    await edit(mover, { orgUnitId: t10.id });
    await edit(onLeave, { status: "leave" });
    // Retired in 2019: beyond the years printed.
    await h.db.update(members).set({ status: "retired", awaySince: "2019-06-30" }).where(eq(members.id, retiredLongAgo.m.id));
    const today = clock.today();

    const zipOf = async (who: Principal) => {
      const req = await requestUnitFiles(h.db, who, { unitId: t09.id }, "zh-CN", asked);
      if (!req.ok) throw new Error(req.code);
      expect(await runUnitExports(h.db, asked)).toMatchObject({ built: 1, failed: 0 });
      const dl = await unitExportDownload(h.db, who, req.value.id, asked);
      if (!dl.ok) throw new Error(dl.code);
      const chunks: Buffer[] = [];
      for await (const c of await getStorage().read(dl.value.key)) chunks.push(c as Buffer);
      const zip = await JSZip.loadAsync(Buffer.concat(chunks));
      const names = Object.keys(zip.files).filter((n) => n.endsWith(".pdf"));
      expect(await getUnitExport(h.db, who, req.value.id, asked)).toMatchObject({
        ok: true,
        value: { state: "done", done: names.length, total: names.length },
      });
      return { zip, names };
    };
    const file = (r: (typeof rows)[number]) => `${r.m.employeeNo}_${r.m.name}`;

    // An admin: the one who left and the one who moved out (last unit there, the day), the one on leave among those at work.
    const { zip, names } = await zipOf(admin);
    expect(names).toContain(`已离开本单位/${file(leaver)}_${leaver.unit}_${today}.pdf`);
    expect(names).toContain(`已离开本单位/${file(mover)}_${mover.unit}_${today}.pdf`);
    expect(names).toContain(`${file(onLeave)}.pdf`);
    expect(names.filter((n) => n.includes(file(retiredLongAgo)))).toEqual([]);
    expect(names.filter((n) => n.startsWith("已离开本单位/"))).toHaveLength(2);
    const pdf = await zip.file(`已离开本单位/${file(mover)}_${mover.unit}_${today}.pdf`)!.async("uint8array");
    const { extractText, getDocumentProxy } = await import("unpdf");
    const { text } = await extractText(await getDocumentProxy(pdf), { mergePages: true });
    for (const s of [mover.m.name, mover.m.employeeNo, t10.name]) expect(text).toContain(s);

    // The team's manager: the one who moved to another team is no longer theirs to read.
    const mine = await zipOf(mgr09);
    expect(mine.names).toContain(`已离开本单位/${file(leaver)}_${leaver.unit}_${today}.pdf`);
    expect(mine.names.filter((n) => n.includes(file(mover)))).toEqual([]);
  });

  it("prints nothing for a requester who has lost the unit since asking", async () => {
    const req = await requestUnitFiles(h.db, mgr09, { unitId: t09.id }, "en", asked);
    if (!req.ok) throw new Error(req.code);
    // The grant is gone when the job runs: the requester's rights are read again from the account.
    await h.db.execute(sql`DELETE FROM user_roles WHERE user_id = ${mgr09.userId}`);
    expect(await runUnitExports(h.db, asked)).toMatchObject({ built: 0, failed: 1 });
    expect(await getUnitExport(h.db, mgr09, req.value.id, asked)).toMatchObject({ ok: true, value: { state: "failed", done: 0 } });
  });
});
