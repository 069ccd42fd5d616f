import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/client";
import { auditLog, issuedCertificates } from "@/db/schema";
import { seedDemo } from "@/scripts/demo";
import type { Principal } from "@/lib/auth/permissions";
import { createContest } from "@/lib/contests";
import { setResult } from "@/lib/contests/results";
import { submitAttempt } from "@/lib/quiz/attempts";
import { createCourse, setCourseItems, setCourseStatus } from "@/lib/video/course-edit";
import { syncCourseCompletions } from "@/lib/video/completions";
import { issueDue, issueForInduction, issuedForPrint, listIssued, revokeIssued, verifyCertificate, VERIFY_RULE } from "@/lib/issued";
import { certificatePdf } from "@/lib/issued/pdf";
import { makeTranslator } from "@/lib/i18n";
import { createTestDb, drivers } from "../helpers/db";
import { attemptAnsweringA, memberIdOf, principalOf, publishedQuiz, sampleQuestions } from "../helpers/quiz";
import { first } from "../helpers/rows";

/**
 * Certificates JobReady issues: once per course completion and contest award, whoever runs the
 * issuing and how often; revoked by an admin or a trainer over the holder's unit with a reason;
 * verified by anyone with only what the certificate states.
 */
describe.each(drivers())("issued certificates on %s", (driver) => {
  let h: DbHandle;
  let worker: number;
  let areaTrainer: Principal;
  let admin: Principal;
  const mine = async (kind: "course" | "contest" | "induction") =>
    h.db
      .select()
      .from(issuedCertificates)
      .where(and(eq(issuedCertificates.memberId, worker), eq(issuedCertificates.kind, kind)));

  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { members: 20 });
    worker = await memberIdOf(h.db, "900004");
    areaTrainer = await principalOf(h.db, "900003", [{ role: "trainer", scope: null }]);
    admin = await principalOf(h.db, "900001", [{ role: "admin", scope: null }]);
    // The demo's own completions and awards are issued first, so the tests below see only theirs.
    await issueDue(h.db);
    await h.db.delete(issuedCertificates).where(eq(issuedCertificates.memberId, worker));
  });
  afterAll(async () => h?.close());

  it("issues one certificate when a course completes, however often completion and issuing run", async () => {
    const { quizId } = await publishedQuiz(h.db, { unitCode: "HJ", questions: [first(sampleQuestions())] });
    const made = await createCourse(h.db, areaTrainer, { title: "硫化氢防护", specialty: "", description: "" });
    if (!made.ok) throw new Error(made.code);
    await setCourseItems(h.db, areaTrainer, made.value, [{ kind: "quiz", refId: quizId, required: true }]);
    await setCourseStatus(h.db, areaTrainer, made.value, "published");
    const attemptId = await attemptAnsweringA(h.db, quizId, worker);
    expect(await mine("course")).toHaveLength(0);
    expect(await submitAttempt(h.db, { attemptId, memberId: worker })).toMatchObject({ ok: true });
    const issued = await mine("course");
    expect(issued).toHaveLength(1);
    expect(first(issued)).toMatchObject({ sourceId: made.value, title: "硫化氢防护", holderName: "林晓雨", revokedAt: null, validUntil: null });
    await syncCourseCompletions(h.db, worker);
    // Two sweeps at once (two instances) still give one.
    await Promise.all([issueDue(h.db), issueDue(h.db, { memberIds: [worker] })]);
    expect(await mine("course")).toEqual(issued);
  });

  it("issues one certificate for a contest award, none for taking part", async () => {
    const c = await createContest(h.db, areaTrainer, { title: "2026年采油工技能竞赛", level: "plant", specialty: "oil_production", heldOn: "2026-11-10" });
    if (!c.ok) throw new Error(c.code);
    expect(await setResult(h.db, areaTrainer, c.value.id, { employeeNo: "900004", rank: 7, score: 71, award: "" })).toMatchObject({ ok: true });
    expect(await mine("contest")).toHaveLength(0);
    expect(await setResult(h.db, areaTrainer, c.value.id, { employeeNo: "900004", rank: 1, score: 98, award: "一等奖" })).toMatchObject({ ok: true });
    expect(await setResult(h.db, areaTrainer, c.value.id, { employeeNo: "900004", rank: 1, score: 98.5, award: "一等奖" })).toMatchObject({ ok: true });
    await issueDue(h.db);
    const issued = await mine("contest");
    expect(issued).toHaveLength(1);
    expect(first(issued)).toMatchObject({ title: "2026年采油工技能竞赛", detail: "一等奖" });
  });

  it("issues an induction's certificate once", async () => {
    expect(await issueForInduction(h.db, { id: 41, memberId: worker, title: "三级安全教育（厂、队、站）" })).toBe(true);
    expect(await issueForInduction(h.db, { id: 41, memberId: worker, title: "三级安全教育（厂、队、站）" })).toBe(false);
    expect(await mine("induction")).toHaveLength(1);
  });

  it("lists the holder's certificates to the holder and readers in scope, revocable only by an admin or a trainer over the unit", async () => {
    const self = await principalOf(h.db, "900004", [{ role: "worker", scope: null }]);
    const outsider = await principalOf(h.db, "900002", [{ role: "trainer", scope: "T10" }]);
    const mgr = await principalOf(h.db, "900002", [{ role: "manager", scope: "T09" }]);
    const own = await listIssued(h.db, self, worker);
    expect(own.ok && own.value.length).toBe(3);
    expect(own.ok && own.value.every((r) => r.validity.state === "valid" && !r.mayRevoke)).toBe(true);
    expect(await listIssued(h.db, outsider, worker)).toMatchObject({ ok: false, kind: "forbidden" });
    const byMgr = await listIssued(h.db, mgr, worker);
    expect(byMgr.ok && byMgr.value.some((r) => r.mayRevoke)).toBe(false);
    const byTrainer = await listIssued(h.db, areaTrainer, worker);
    expect(byTrainer.ok && byTrainer.value.every((r) => r.mayRevoke)).toBe(true);
  });

  it("revokes with a reason, audited; refuses the holder, a manager and a trainer out of scope", async () => {
    const cert = first(await mine("course"));
    const self = await principalOf(h.db, "900004", [{ role: "trainer", scope: null }]);
    const outsider = await principalOf(h.db, "900002", [{ role: "trainer", scope: "T10" }]);
    const mgr = await principalOf(h.db, "900002", [{ role: "manager", scope: "T09" }]);
    const input = { id: cert.id, reason: "考试作弊，成绩作废" };
    expect(await revokeIssued(h.db, self, input)).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await revokeIssued(h.db, outsider, input)).toMatchObject({ ok: false, kind: "notFound" });
    expect(await revokeIssued(h.db, mgr, input)).toMatchObject({ ok: false, kind: "forbidden" });
    expect(first(await mine("course")).revokedAt).toBeNull();
    const at = new Date("2026-11-20T03:00:00Z");
    expect(await revokeIssued(h.db, admin, input, at)).toEqual({ ok: true, value: undefined });
    expect(await revokeIssued(h.db, areaTrainer, input)).toMatchObject({ ok: false, code: "issued.errors.alreadyRevoked" });
    expect(first(await mine("course"))).toMatchObject({ revokedAt: at, revokedBy: admin.userId, revokeReason: "考试作弊，成绩作废" });
    const trail = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "issued_certificate.revoke"), eq(auditLog.entityId, String(cert.id))));
    expect(trail).toHaveLength(1);
    expect(first(trail)).toMatchObject({ actorUserId: admin.userId, after: { reason: "考试作弊，成绩作废" } });
  });

  it("verifies by number with only what the certificate states; unknown numbers say nothing and are throttled", async () => {
    const contest = first(await mine("contest"));
    const at = new Date("2026-11-21T00:00:00Z");
    const v = await verifyCertificate(h.db, contest.number.toLowerCase().replace(/-/g, " "), "203.0.113.5", at);
    expect(v.found).toBe(true);
    if (!v.found) return;
    expect(Object.keys(v.certificate).sort()).toEqual(["detail", "holderName", "issuedAt", "kind", "number", "title", "validUntil", "validity"]);
    expect(v.certificate).toMatchObject({ holderName: "林晓雨", title: "2026年采油工技能竞赛", detail: "一等奖", validity: { state: "valid" } });
    const json = JSON.stringify(v);
    expect(json).not.toContain("900004");
    const revoked = await verifyCertificate(h.db, first(await mine("course")).number, "203.0.113.5", at);
    expect(revoked.found && revoked.certificate.validity).toEqual({ state: "revoked", at: new Date("2026-11-20T03:00:00Z") });

    expect(await verifyCertificate(h.db, "0000-0000-0000-0000-0000-0000-0000", "203.0.113.6", at)).toEqual({ found: false });
    expect(await verifyCertificate(h.db, "not a number", "203.0.113.6", at)).toEqual({ found: false });
    for (let i = 2; i < VERIFY_RULE.max; i++) await verifyCertificate(h.db, `guess-${i}`, "203.0.113.6", at);
    // Locked: even a real number is not looked up from that address, while another address still is.
    expect(await verifyCertificate(h.db, contest.number, "203.0.113.6", at)).toMatchObject({ found: false, lockedUntil: expect.any(Date) });
    expect((await verifyCertificate(h.db, contest.number, "203.0.113.7", at)).found).toBe(true);
    const rows = rowsOf<{ n: number }>(await h.db.execute(sql`SELECT count(*)::int AS n FROM login_throttle WHERE key LIKE 'verify:%'`));
    expect(Number(first(rows).n)).toBe(1);
  });

  it("prints the certificate as an A4 PDF for its holder, not for a reader out of scope", async () => {
    const self = await principalOf(h.db, "900004", [{ role: "worker", scope: null }]);
    const outsider = await principalOf(h.db, "900002", [{ role: "trainer", scope: "T10" }]);
    const contest = first(await mine("contest"));
    expect(await issuedForPrint(h.db, outsider, contest.id)).toMatchObject({ ok: false, kind: "notFound" });
    const p = await issuedForPrint(h.db, self, contest.id);
    if (!p.ok) throw new Error(p.code);
    const pdf = await certificatePdf(makeTranslator("zh-CN"), p.value, "https://train.example.com/");
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe("%PDF-");
    const { extractText, getDocumentProxy } = await import("unpdf");
    const doc = await getDocumentProxy(pdf);
    const page = await doc.getPage(1);
    expect(page.view.map(Math.round)).toEqual([0, 0, 595, 842]);
    const { text } = await extractText(doc, { mergePages: true });
    expect(text).toContain("林晓雨");
    expect(text.replace(/ /g, "")).toContain("荣誉证书");
    expect(text).toContain(contest.number);
    expect(text).toContain(`https://train.example.com/verify/${contest.number}`);
    // A subset of the font, not the whole 20 MB collection.
    expect(pdf.length).toBeLessThan(300_000);
  });
});
