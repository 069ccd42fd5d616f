import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { auditLog, courseCompletions, issuedCertificates } from "@/db/schema";
import type { Principal } from "@/lib/auth/permissions";
import { createContest } from "@/lib/contests";
import { importResults, removeResult, setResult } from "@/lib/contests/results";
import { issueDue, revokeIssued, revokeWithdrawn, verifyCertificate } from "@/lib/issued";
import { jobDefinitions } from "@/lib/jobs/definitions";
import { createCourse } from "@/lib/video/course-edit";
import { seedDemo } from "@/scripts/demo";
import { createTestDb, drivers } from "../helpers/db";
import { memberIdOf, principalOf } from "../helpers/quiz";

/**
 * A certificate JobReady issued is taken back with what it certifies: a contest award removed,
 * cleared or changed, a course completion undone. Revoked (已撤销) with the reason, audited; a new
 * award issues a new certificate with a new number; one a person revoked stays revoked.
 */
describe.each(drivers())("withdrawn awards revoke their certificates on %s", (driver) => {
  let h: DbHandle;
  let worker: number;
  let trainer: Principal;
  let contestId: number;
  const certs = async () =>
    h.db
      .select()
      .from(issuedCertificates)
      .where(and(eq(issuedCertificates.memberId, worker), eq(issuedCertificates.kind, "contest"), eq(issuedCertificates.sourceId, contestId)))
      .orderBy(issuedCertificates.id);
  const revocations = async (id: number) =>
    h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "issued_certificate.revoke"), eq(auditLog.entityId, String(id))));
  const award = (award: string) => setResult(h.db, trainer, contestId, { employeeNo: "900004", rank: 1, score: 95, award });

  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { members: 20 });
    worker = await memberIdOf(h.db, "900004");
    trainer = await principalOf(h.db, "900003", [{ role: "trainer", scope: null }]);
    const c = await createContest(h.db, trainer, { title: "2026年采油工技能竞赛", level: "plant", specialty: "oil_production", heldOn: "2026-10-12" });
    if (!c.ok) throw new Error(c.code);
    contestId = c.value.id;
  });
  afterAll(async () => h?.close());

  it("revokes the certificate when the result is removed, and issues a new one when awarded again", async () => {
    expect((await award("一等奖")).ok).toBe(true);
    const [a] = await certs();
    expect(a).toMatchObject({ detail: "一等奖", revokedAt: null, withdrawn: false });
    expect((await removeResult(h.db, trainer, contestId, worker)).ok).toBe(true);
    const [gone] = await certs();
    expect(gone).toMatchObject({ id: a!.id, revokeReason: "奖项已撤回", withdrawn: true, revokedBy: trainer.userId });
    expect(gone!.revokedAt).toBeInstanceOf(Date);
    expect(await revocations(a!.id)).toMatchObject([{ actorUserId: trainer.userId, after: { reason: "奖项已撤回", withdrawn: true } }]);
    const v = await verifyCertificate(h.db, a!.number, "203.0.113.9");
    expect(v.found && v.certificate.validity.state).toBe("revoked");

    // Awarded again: a new certificate, a new number; the old one stays revoked.
    expect((await award("一等奖")).ok).toBe(true);
    const [old, fresh] = await certs();
    expect(old).toMatchObject({ id: a!.id, withdrawn: true });
    expect(fresh).toMatchObject({ detail: "一等奖", revokedAt: null, withdrawn: false });
    expect(fresh!.number).not.toBe(a!.number);
    // Running the issuing and the sweep again changes nothing.
    expect(await issueDue(h.db)).toBe(0);
    expect(await revokeWithdrawn(h.db)).toBe(0);
    expect(await certs()).toHaveLength(2);
  });

  it("a changed award replaces the certificate; a cleared award (by import too) revokes it", async () => {
    expect((await award("二等奖")).ok).toBe(true);
    let all = await certs();
    expect(all.map((c) => [c.detail, c.revokeReason])).toEqual([
      ["一等奖", "奖项已撤回"],
      ["一等奖", "奖项已变更"],
      ["二等奖", null],
    ]);
    const file = await resultsFile([["900004", "林晓雨", "3", "80", ""]]);
    const imported = await importResults(h.db, trainer, contestId, file);
    expect(imported.ok).toBe(true);
    all = await certs();
    expect(all.at(-1)).toMatchObject({ detail: "二等奖", revokeReason: "奖项已撤回", withdrawn: true });
    expect(all.filter((c) => c.revokedAt === null)).toEqual([]);
  });

  it("a certificate a person revoked is not issued again while the award stands", async () => {
    expect((await award("三等奖")).ok).toBe(true);
    const live = (await certs()).find((c) => c.revokedAt === null)!;
    const admin = await principalOf(h.db, "900001", [{ role: "admin", scope: null }]);
    expect((await revokeIssued(h.db, admin, { id: live.id, reason: "成绩作废" })).ok).toBe(true);
    expect((await award("三等奖")).ok).toBe(true);
    expect(await issueDue(h.db)).toBe(0);
    const after = await certs();
    expect(after.filter((c) => c.revokedAt === null)).toEqual([]);
    expect(after.find((c) => c.id === live.id)).toMatchObject({ revokeReason: "成绩作废", withdrawn: false });
  });

  it("a course completion undone revokes its certificate in the points-refresh job", async () => {
    const made = await createCourse(h.db, trainer, { title: "硫化氢防护", specialty: "", description: "" });
    if (!made.ok) throw new Error(made.code);
    const course = { id: made.value };
    await h.db.insert(courseCompletions).values({ memberId: worker, courseId: course.id }).onConflictDoNothing();
    await issueDue(h.db, { memberIds: [worker] });
    const where = and(eq(issuedCertificates.memberId, worker), eq(issuedCertificates.kind, "course"), eq(issuedCertificates.sourceId, course.id));
    const [cert] = await h.db.select().from(issuedCertificates).where(where);
    expect(cert).toMatchObject({ revokedAt: null });
    await h.db.delete(courseCompletions).where(and(eq(courseCompletions.memberId, worker), eq(courseCompletions.courseId, course.id)));
    const job = jobDefinitions({ SWEEP_INTERVAL_S: 60, POINTS_SWEEP_S: 600, NOTIFY_SEND_S: 15 }).find((j) => j.name === "points-refresh")!;
    await job.run(h.db);
    const [gone] = await h.db.select().from(issuedCertificates).where(where);
    expect(gone).toMatchObject({ id: cert!.id, revokeReason: "课程完成记录已撤销", withdrawn: true, revokedBy: null });
    expect(await revocations(cert!.id)).toMatchObject([{ actorUserId: null, after: { reason: "课程完成记录已撤销" } }]);
  });
});

/** A results workbook as the template lays it out: 工号, 姓名, 名次, 成绩, 奖项. */
async function resultsFile(rows: string[][]): Promise<Uint8Array> {
  const ExcelJS = (await import("exceljs")).default;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("成绩");
  ws.addRow(["工号", "姓名", "名次", "成绩", "奖项"]);
  for (const r of rows) ws.addRow(r);
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}
