import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { eq, sql } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/client";
import { certificateTypes, jobs, memberCertificates, orgUnits, quizzes } from "@/db/schema";
import { seedDemo } from "@/scripts/demo";
import { importCertificates, listExpiring, setCertificateTypeActive } from "@/lib/certificates";
import { addRequirement, certificateTypeImpacts, listJobsWithRequirements, requirementInput } from "@/lib/eligibility/admin";
import { coverage } from "@/lib/eligibility/coverage";
import { memberEligibility } from "@/lib/eligibility/member";
import { getRosterView, parseRosterFilter, warmRosterCache } from "@/lib/eligibility/service";
import { assignNeeds, unitNeeds } from "@/lib/needs";
import { createTestDb, drivers } from "../helpers/db";
import type { Principal } from "@/lib/auth/permissions";
import { memberIdOf, principalOf } from "../helpers/quiz";
import { first } from "../helpers/rows";

async function xlsx(rows: (string | number | Date | null)[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("证书");
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe.each(drivers())("jobs, certificates and needs (%s)", (driver) => {
  let h: DbHandle;
  let admin: Principal;
  let trainer: Principal;
  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { quiz: true });
    admin = await principalOf(h.db, "900001", [{ role: "admin", scope: null }]);
    trainer = await principalOf(h.db, "900003", [{ role: "trainer", scope: null }]);
  }, 300_000);
  afterAll(async () => h?.close());

  const count = async (table: string) => Number(first(rowsOf<{ n: number }>(await h.db.execute(sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))).n);

  it("the demo data loads once, and the roster of 采油九队 shows every status", async () => {
    const before = await Promise.all(["certificate_types", "member_certificates", "job_requirements", "member_job_targets", "station_job_minimums"].map(count));
    await seedDemo(h.db, { quiz: true });
    expect(
      await Promise.all(["certificate_types", "member_certificates", "job_requirements", "member_job_targets", "station_job_minimums"].map(count)),
    ).toEqual(before);
    const t09 = first(await h.db.select().from(orgUnits).where(eq(orgUnits.code, "T09")));
    const f = parseRosterFilter({ unit: String(t09.id) });
    if (!f.ok) throw new Error(f.code);
    // The roster-refresh job's run (pages read the cache as it leaves it).
    await warmRosterCache(h.db);
    const r = await getRosterView(h.db, admin, f.value);
    if (!r.ok) throw new Error(r.code);
    expect(r.value.counts.eligible).toBeGreaterThan(0);
    expect(r.value.counts.expiring).toBeGreaterThan(0);
    expect(r.value.counts.missing).toBeGreaterThan(0);
    // Coverage shows a shortfall somewhere and an expiring list that is soonest first.
    const covered = await coverage(h.db, admin, { unitId: t09.id });
    if (!covered.ok) throw new Error(covered.code);
    const cov = covered.value.rows;
    expect(cov.length).toBeGreaterThan(0);
    const expiring = await listExpiring(h.db, admin, { unit: t09.id, within: 60, type: null, expired: false });
    if (!expiring.ok) throw new Error(expiring.code);
    const exp = expiring.value.rows;
    expect(exp.length).toBeGreaterThan(0);
    expect(exp.map((e) => e.expiresOn)).toEqual([...exp.map((e) => e.expiresOn)].sort());
    expect(exp.every((e) => e.daysLeft >= 0 && e.daysLeft <= 60)).toBe(true);
  });

  it("the demo worker holds 集输工 with a certificate expiring and sees what station head still needs", async () => {
    const found = await memberEligibility(h.db, admin, await memberIdOf(h.db, "900004"));
    if (!found.ok) throw new Error(found.code);
    const e = found.value;
    const held = e.jobs.find((j) => j.relation === "held")!;
    expect(held.code).toBe("J-GATH");
    expect(held.status).toBe("expiring");
    const target = e.jobs.find((j) => j.relation === "target")!;
    expect(target.code).toBe("J-STATION");
    expect(target.status).toBe("missing");
    const kinds = target.gaps.map((g) => g.kind).sort();
    expect(kinds).toEqual(expect.arrayContaining(["certificate", "class", "quiz", "signoff"]));
    const quizGap = target.requirements.find((r) => r.kind === "quiz")!;
    expect(quizGap.link.href).toBe("/quizzes");
    expect(target.requirements.find((r) => r.kind === "class")!.link.href).toContain("/classes");
  });

  it("refuses requirements that point nowhere, contradict, duplicate or can never be met; flags a deleted target", async () => {
    const job = first(await h.db.select().from(jobs).where(eq(jobs.code, "J-INST")));
    expect(await addRequirement(h.db, admin, requirementInput.parse({ jobId: job.id, kind: "quiz", refId: 999999, minScore: 60 }))).toMatchObject({
      ok: false,
      code: "eligibility.problems.refGoneQuiz",
    });
    expect(await addRequirement(h.db, admin, requirementInput.parse({ jobId: job.id, kind: "quiz", series: "季度小会考", minScore: 120 }))).toMatchObject({
      ok: false,
      code: "eligibility.problems.scoreRange",
    });
    expect(
      await addRequirement(
        h.db,
        admin,
        requirementInput.parse({ jobId: job.id, kind: "quiz", series: "季度小会考", minScore: 60, withinMonths: 6, withinQuarters: 2 }),
      ),
    ).toMatchObject({ ok: false });
    expect(await addRequirement(h.db, admin, requirementInput.parse({ jobId: job.id, kind: "quiz", series: "季度小会考", minScore: 60 }))).toMatchObject({
      ok: true,
    });
    expect(await addRequirement(h.db, admin, requirementInput.parse({ jobId: job.id, kind: "quiz", series: "季度小会考", minScore: 80 }))).toMatchObject({
      ok: false,
      code: "eligibility.problems.contradicts",
    });
    expect(await addRequirement(h.db, admin, requirementInput.parse({ jobId: job.id, kind: "quiz", series: "季度小会考", minScore: 60 }))).toMatchObject({
      ok: false,
      code: "eligibility.problems.duplicate",
    });
    // A quiz that closed two years ago cannot meet a 6-month window.
    const old = first(
      await h.db
        .insert(quizzes)
        .values({ title: "旧考试", quarter: "2024-Q1", opensAt: new Date("2024-01-01T00:00:00Z"), closesAt: new Date("2024-03-01T00:00:00Z") })
        .returning(),
    );
    expect(
      await addRequirement(h.db, admin, requirementInput.parse({ jobId: job.id, kind: "quiz", refId: old.id, minScore: 60, withinMonths: 6 })),
    ).toMatchObject({ ok: false, code: "eligibility.problems.neverInWindow" });
    expect(await addRequirement(h.db, admin, requirementInput.parse({ jobId: job.id, kind: "quiz", refId: old.id, minScore: 60 }))).toMatchObject({ ok: true });
    await h.db.delete(quizzes).where(eq(quizzes.id, old.id));
    const listed = (await listJobsWithRequirements(h.db)).find((j) => j.id === job.id)!;
    expect(listed.problems.map((p) => p.code)).toContain("eligibility.problems.refGoneQuiz");
    // Nobody meets a broken requirement: the whole team is "missing" for the job.
    const f = parseRosterFilter({ job: String(job.id) });
    if (!f.ok) throw new Error(f.code);
    await warmRosterCache(h.db);
    const r = await getRosterView(h.db, admin, f.value);
    if (!r.ok) throw new Error(r.code);
    expect(r.value.counts.eligible + r.value.counts.expiring).toBe(0);
  });

  it("the requirements view of one job agrees with the job column and names each requirement's state", async () => {
    const t09 = first(await h.db.select().from(orgUnits).where(eq(orgUnits.code, "T09")));
    const job = first(await h.db.select().from(jobs).where(eq(jobs.code, "J-STATION")));
    const f = parseRosterFilter({ unit: String(t09.id), job: String(job.id), view: "requirements" });
    if (!f.ok) throw new Error(f.code);
    const r = await getRosterView(h.db, admin, f.value);
    if (!r.ok) throw new Error(r.code);
    const m = r.value.matrix!;
    for (const row of r.value.rows) {
      const o = m.get(row.memberId)!;
      expect(o.outcomes.length).toBe(r.value.requirements.length);
      expect(o.status).toBe(row.cells[job.id]!.status);
    }
    expect(new Set([...m.values()].flatMap((o) => o.outcomes.map((x) => x.state)))).toContain("missing");
  });

  it("impossible roster filters are a message", async () => {
    expect(parseRosterFilter({ status: "missing", within: "30" })).toMatchObject({ ok: false, code: "eligibility.errors.impossibleFilter" });
    expect(parseRosterFilter({ within: "-3" })).toMatchObject({ ok: false, code: "eligibility.errors.badFilter" });
    expect(parseRosterFilter({ status: "great" })).toMatchObject({ ok: false, code: "eligibility.errors.badFilter" });
    expect(parseRosterFilter({ view: "requirements" })).toMatchObject({ ok: false, code: "eligibility.errors.requirementsViewNeedsJob" });
    expect(parseRosterFilter({ unit: "2147483648" })).toMatchObject({ ok: false, code: "eligibility.errors.badFilter" });
    const f = parseRosterFilter({ job: "999999" });
    if (!f.ok) throw new Error(f.code);
    expect(await getRosterView(h.db, admin, f.value)).toMatchObject({ ok: false, code: "eligibility.errors.jobNotFound" });
    const manager = { userId: 2, memberId: 2, roles: [{ role: "manager" as const, scopePath: "/no/such/" }] };
    const g = parseRosterFilter({});
    if (!g.ok) throw new Error(g.code);
    expect((await getRosterView(h.db, manager, g.value)).ok).toBe(false);
  });

  it("imports certificates all or nothing, with row and column", async () => {
    const before = await count("member_certificates");
    const bad = await importCertificates(
      h.db,
      admin,
      await xlsx([
        ["工号", "证书类型", "证书编号", "发证日期", "有效期至"],
        ["900004", "SAFE", "IMP-1", "2026-01-10", ""],
        ["999999", "SAFE", "IMP-2", "2026-01-10", ""],
        ["900003", "没有的证", "IMP-3", "2026/13/01", ""],
        ["900002", "SAFE", "IMP-1", "2026-01-10", "2025-01-01"],
      ]),
    );
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    const where = (bad.problems ?? []).map((p) => `${p.row}|${p.column}|${p.code}`);
    expect(where).toEqual(
      expect.arrayContaining(["3|工号|certificates.errors.noMember", "4|证书类型|certificates.errors.noTypeNamed", "4|发证日期|certificates.errors.badDate"]),
    );
    expect(await count("member_certificates")).toBe(before);
    const bad2 = await importCertificates(
      h.db,
      admin,
      await xlsx([
        ["工号", "证书类型", "证书编号", "发证日期", "有效期至"],
        ["900004", "SAFE", "IMP-1", "2026-01-10", ""],
        ["900002", "SAFE", "IMP-1", "2026-01-10", "2025-01-01"],
      ]),
    );
    expect(bad2.ok).toBe(false);
    if (!bad2.ok)
      expect((bad2.problems ?? []).map((p) => `${p.row}|${p.column}|${p.code}`)).toEqual(
        expect.arrayContaining(["3|有效期至|certificates.errors.expiresBeforeIssued", "3|证书编号|certificates.errors.duplicateInFile"]),
      );
    expect(await count("member_certificates")).toBe(before);
    const good = await importCertificates(
      h.db,
      admin,
      await xlsx([
        ["工号", "证书类型", "证书编号", "发证日期", "有效期至"],
        ["900004", "安全生产知识合格证", "IMP-1", new Date("2026-01-10T00:00:00Z"), null],
        ["900003", "SAFE", "IMP-2", "2026-01-10", "2029-01-09"],
      ]),
    );
    expect(good).toEqual({ ok: true, value: { created: 2, updated: 0 } });
    const safe = first(await h.db.select().from(certificateTypes).where(eq(certificateTypes.code, "SAFE")));
    const row = first(await h.db.select().from(memberCertificates).where(eq(memberCertificates.number, "IMP-1")));
    expect(row.certificateTypeId).toBe(safe.id);
    expect(row.expiresOn).toBe("2029-01-09"); // 36 months from the type, last valid day
    // The worker now holds SAFE: the gap for station head closes.
    const found = await memberEligibility(h.db, admin, await memberIdOf(h.db, "900004"));
    if (!found.ok) throw new Error(found.code);
    const e = found.value;
    const target = e.jobs.find((j) => j.relation === "target")!;
    expect(target.requirements.filter((r) => r.kind === "certificate").every((r) => r.state === "met" || r.state === "expiring")).toBe(true);
  });

  it("imports the last 复审 date with a certificate: checked like the others, kept when a later file leaves it out", async () => {
    const before = await count("member_certificates");
    const head = ["工号", "证书类型", "证书编号", "发证日期", "有效期至", "上次复审日期"];
    const bad = await importCertificates(
      h.db,
      admin,
      await xlsx([
        head,
        ["900004", "SAFE", "REV-1", "2024-03-01", "", "2023-12-31"],
        ["900003", "SAFE", "REV-2", "2024-03-01", "", "2999-01-01"],
        ["900002", "SAFE", "REV-3", "2024-03-01", "", "明年"],
      ]),
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect((bad.problems ?? []).map((p) => `${p.row}|${p.column}|${p.code}`)).toEqual([
        "2|上次复审日期|certificates.errors.reviewBeforeIssued",
        "3|上次复审日期|certificates.errors.reviewInFuture",
        "4|上次复审日期|certificates.errors.badDate",
      ]);
    expect(await count("member_certificates")).toBe(before);
    const good = await importCertificates(
      h.db,
      admin,
      await xlsx([head, ["900004", "SAFE", "REV-1", "2024-03-01", "", "2025/3/2"], ["900003", "SAFE", "REV-2", "2024-03-01", "", ""]]),
    );
    expect(good).toEqual({ ok: true, value: { created: 2, updated: 0 } });
    const reviewed = async (no: string) => first(await h.db.select().from(memberCertificates).where(eq(memberCertificates.number, no))).lastReviewedOn;
    expect([await reviewed("REV-1"), await reviewed("REV-2")]).toEqual(["2025-03-02", null]);
    // The old five-column file again: the dates are updated, the review date stays.
    const again = await importCertificates(h.db, admin, await xlsx([head.slice(0, 5), ["900004", "SAFE", "REV-1", "2024-03-02", ""]]));
    expect(again).toEqual({ ok: true, value: { created: 0, updated: 1 } });
    expect(await reviewed("REV-1")).toBe("2025-03-02");
  });

  it("以需带训: suggestions from gaps and weak categories become assignments in one step", async () => {
    const t09 = first(await h.db.select().from(orgUnits).where(eq(orgUnits.code, "T09")));
    const found = await unitNeeds(h.db, trainer, { unitId: t09.id });
    if (!found.ok) throw new Error(found.code);
    const needs = found.value.needs;
    expect(needs.length).toBeGreaterThan(0);
    const worker = needs.find((n) => n.employeeNo === "900004")!;
    expect(worker.gaps.length).toBeGreaterThan(0);
    const withSuggestions = needs.filter((n) => n.suggestions.length > 0);
    expect(withSuggestions.length).toBeGreaterThan(0);
    const enrolments = (await count("course_enrolments")) + (await count("class_enrolments"));
    const r = await assignNeeds(h.db, trainer, { unitId: t09.id });
    expect(r.ok).toBe(true);
    expect((await count("course_enrolments")) + (await count("class_enrolments"))).toBeGreaterThan(enrolments);
    // A second run adds nothing new.
    const again = await assignNeeds(h.db, trainer, { unitId: t09.id });
    expect(again).toMatchObject({ ok: true, value: { courses: 0, classes: 0, waitlisted: 0 } });
  });

  it("says what turning off a certificate type affects: the jobs requiring it and the members who lose eligibility", async () => {
    const h2s = first(await h.db.select().from(certificateTypes).where(eq(certificateTypes.code, "H2S")));
    const jobIds = rowsOf<{ job_id: number }>(
      await h.db.execute(sql`SELECT DISTINCT r.job_id FROM job_requirements r JOIN jobs j ON j.id = r.job_id AND j.active
        WHERE r.kind = 'certificate' AND r.ref_id = ${h2s.id}`),
    ).map((r) => Number(r.job_id));
    await warmRosterCache(h.db);
    const impacts = await certificateTypeImpacts(h.db, admin);
    if (!impacts.ok) throw new Error(impacts.code);
    const impact = impacts.value.get(h2s.id);
    expect(impact?.jobs).toBe(jobIds.length);
    expect(jobIds.length).toBeGreaterThan(0);
    expect(impact?.members).toBeGreaterThan(0);
    const eligibleFor = async () =>
      Number(
        first(
          rowsOf<{ n: number }>(
            await h.db.execute(sql`SELECT COUNT(DISTINCT c.member_id)::int AS n FROM eligibility_cells c JOIN members m ON m.id = c.member_id
              AND m.status = 'active' WHERE c.status IN ('eligible', 'expiring') AND c.job_id = ANY(${`{${jobIds.join(",")}}`}::int[])`),
          ),
        ).n,
      );
    expect(await eligibleFor()).toBe(impact?.members);
    // Turned off, exactly those members lose it; turned on again, they have it back.
    expect(await setCertificateTypeActive(h.db, admin, h2s.id, false)).toMatchObject({ ok: true });
    await warmRosterCache(h.db);
    const after = await certificateTypeImpacts(h.db, admin);
    expect(await eligibleFor()).toBe(0);
    expect(after.ok && after.value.get(h2s.id)?.members).toBe(0);
    // The jobs page says plainly what is wrong with their requirement and what to do.
    const flagged = (await listJobsWithRequirements(h.db)).filter((j) => jobIds.includes(j.id));
    for (const j of flagged) expect(j.problems.map((p) => p.code)).toContain("eligibility.problems.refGoneCertificate");
    expect(await setCertificateTypeActive(h.db, admin, h2s.id, true)).toMatchObject({ ok: true });
    await warmRosterCache(h.db);
    expect(await eligibleFor()).toBe(impact?.members);
    // Only someone who holds jobs.write over the whole organisation asks.
    const t09 = first(await h.db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.code, "T09")));
    const teamAdmin: Principal = { ...admin, roles: [{ role: "admin", scopePath: t09.path }] };
    expect(await certificateTypeImpacts(h.db, teamAdmin)).toMatchObject({ ok: false, kind: "forbidden" });
  });
});
