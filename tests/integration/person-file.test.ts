import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { seedDemo } from "@/scripts/demo";
import type { Principal } from "@/lib/auth/permissions";
import { eq } from "drizzle-orm";
import { certificateTypes, inductionRecords, memberCertificates, members, orgUnits } from "@/db/schema";
import { createContest } from "@/lib/contests";
import { setResult } from "@/lib/contests/results";
import { signInduction } from "@/lib/induction";
import { levelUnitId } from "@/lib/induction/rules";
import { makeTranslator } from "@/lib/i18n";
import { personFile } from "@/lib/person-file";
import { personFilePdf } from "@/lib/person-file/pdf";
import { openPrintPool, PrintThreadsUnavailable } from "@/lib/person-file/pdf-pool";
import { personFileXlsx } from "@/lib/person-file/xlsx";
import { createTestDb, drivers } from "../helpers/db";
import { memberIdOf, principalOf } from "../helpers/quiz";

/** 一人一档: the member's whole record in one PDF, for the member or a reader in scope only. */
describe.each(drivers())("person file on %s", (driver) => {
  let h: DbHandle;
  let worker: number;
  let trainer: Principal;
  let trainerName: string;

  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { members: 20 });
    worker = await memberIdOf(h.db, "900004");
    trainer = await principalOf(h.db, "900003", [{ role: "trainer", scope: null }]);
    [{ name: trainerName }] = (await h.db.select({ name: members.name }).from(members).where(eq(members.id, trainer.memberId))) as [{ name: string }];
    const c = await createContest(h.db, trainer, { title: "2026年集输工技能竞赛", level: "plant", specialty: "gathering", heldOn: "2026-10-12" });
    if (!c.ok) throw new Error(c.code);
    await setResult(h.db, trainer, c.value.id, { employeeNo: "900004", rank: 2, score: 91, award: "二等奖" });
    // 三级安全教育 opened on hiring: the company level signed off by the trainer, the other two open.
    const [w] = await h.db.select({ path: orgUnits.path }).from(members).innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId)).where(eq(members.id, worker));
    const levels = await h.db
      .insert(inductionRecords)
      .values(
        ([1, 2, 3] as const).map((level) => ({
          memberId: worker,
          level,
          orgUnitId: levelUnitId(w!.path, level),
          reason: "new_hire",
          openedOn: "2026-03-01",
          requiredHours: 24,
        })),
      )
      .returning({ id: inductionRecords.id });
    // 复审: one certificate reviewed 2023-01-10 and due again 2026-01-10 (overdue on 2026-11-20),
    // one never reviewed, due three years after issue; one type without a cycle.
    const [review3, plain] = await h.db
      .insert(certificateTypes)
      .values([
        { code: "PF-REVIEW", name: "特种作业操作证（电工）", validityMonths: 72, reviewEveryYears: 3, reviewHours: 8 },
        { code: "PF-PLAIN", name: "硫化氢防护合格证", validityMonths: 36 },
      ])
      .returning({ id: certificateTypes.id });
    await h.db.insert(memberCertificates).values([
      { memberId: worker, certificateTypeId: review3!.id, number: "PF-T-0001", issuedOn: "2020-01-10", expiresOn: "2026-01-09", lastReviewedOn: "2023-01-10" },
      { memberId: worker, certificateTypeId: review3!.id, number: "PF-T-0002", issuedOn: "2025-06-01", expiresOn: "2031-05-31" },
      { memberId: worker, certificateTypeId: plain!.id, number: "PF-P-0003", issuedOn: "2025-07-01", expiresOn: "2028-06-30" },
    ]);
    const signed = await signInduction(h.db, trainer, { recordId: levels[0]!.id, signedOn: "2026-03-05", content: "安全生产法律法规" }, "2026-11-20");
    if (!signed.ok) throw new Error(signed.code);
  });
  afterAll(async () => h?.close());

  it("is read by the member and a manager over their team, refused to a manager of another team", async () => {
    const self = await principalOf(h.db, "900004", [{ role: "worker", scope: null }]);
    const mgr09 = await principalOf(h.db, "900002", [{ role: "manager", scope: "T09" }]);
    const mgr10 = await principalOf(h.db, "900002", [{ role: "manager", scope: "T10" }]);
    expect((await personFile(h.db, self, worker)).ok).toBe(true);
    expect(await personFile(h.db, mgr10, worker)).toMatchObject({ ok: false, kind: "forbidden" });
    const f = await personFile(h.db, mgr09, worker, new Date("2026-11-20T04:00:00Z"));
    if (!f.ok) throw new Error(f.code);
    expect(f.value.member.employeeNo).toBe("900004");
    expect(f.value.contests).toEqual([{ title: "2026年集输工技能竞赛", day: "2026-10-12", rank: 2, score: 91, award: "二等奖" }]);
    expect(f.value.issued.map((i) => i.title)).toEqual(["2026年集输工技能竞赛 · 二等奖"]);
    expect(f.value.hours.map((y) => y.year)[0]).toBe(2026);
    expect(f.value.induction.map((r) => [r.level, r.signedOffOn, r.signedOffByName, r.hoursCredited])).toEqual([
      [1, "2026-03-05", trainerName, 24],
      [2, null, null, null],
      [3, null, null, null],
    ]);
  });

  it("prints as A4 pages with the Chinese text searchable", async () => {
    const self = await principalOf(h.db, "900004", [{ role: "worker", scope: null }]);
    const f = await personFile(h.db, self, worker);
    if (!f.ok) throw new Error(f.code);
    const pdf = await personFilePdf(makeTranslator("zh-CN"), f.value);
    const { extractText, getDocumentProxy } = await import("unpdf");
    const doc = await getDocumentProxy(pdf);
    expect((await doc.getPage(1)).view.map(Math.round)).toEqual([0, 0, 595, 842]);
    const { text } = await extractText(doc, { mergePages: true });
    for (const s of ["职工培训档案（一人一档）", "林晓雨", "900004", "年度学时", "2026年集输工技能竞赛", "二等奖", f.value.issued[0]!.number])
      expect(text).toContain(s);
    // The induction: each level with its unit, opening, who signed it off on which day, the hours.
    for (const s of ["三级安全教育", "厂级", "车间级", "班组级", "2026-03-01 · 新入职", `2026-03-05 · ${trainerName}`, "24 / 24", "未完成", "— / 24"])
      expect(text).toContain(s);
    for (const u of f.value.induction) expect(text).toContain(u.unitName);
  });

  it("prints the same file in a print thread, and says so when the threads cannot start", async () => {
    const self = await principalOf(h.db, "900004", [{ role: "worker", scope: null }]);
    const f = await personFile(h.db, self, worker);
    if (!f.ok) throw new Error(f.code);
    const pool = openPrintPool(2);
    try {
      const [a, b] = await Promise.all([pool.print("zh-CN", f.value, "2026-12-01"), pool.print("en", f.value, "2026-12-02")]);
      const { extractText, getDocumentProxy } = await import("unpdf");
      const zh = (await extractText(await getDocumentProxy(a), { mergePages: true })).text;
      for (const s of ["职工培训档案（一人一档）", "林晓雨", "900004", "2026-12-01", "三级安全教育"]) expect(zh).toContain(s);
      const here = (await extractText(await getDocumentProxy(await personFilePdf(makeTranslator("zh-CN"), f.value, "2026-12-01")), { mergePages: true })).text;
      expect(zh).toBe(here);
      const en = (await extractText(await getDocumentProxy(b), { mergePages: true })).text;
      expect(en).toContain("2026-12-02");
      expect(en).not.toContain("职工培训档案");
    } finally {
      await pool.close();
    }
    const broken = openPrintPool(1, "/nonexistent");
    await expect(broken.print("zh-CN", f.value, "2026-12-01")).rejects.toBeInstanceOf(PrintThreadsUnavailable);
    await broken.close();
  });

  it("exports the same parts as an .xlsx, one sheet each", async () => {
    const self = await principalOf(h.db, "900004", [{ role: "worker", scope: null }]);
    const f = await personFile(h.db, self, worker);
    if (!f.ok) throw new Error(f.code);
    const ExcelJS = (await import("exceljs")).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await personFileXlsx(makeTranslator("zh-CN"), f.value)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      "基本信息",
      "单位与岗位变动",
      "三级安全教育",
      "年度学时",
      "完成课程",
      "技师课堂",
      "以工代训签认",
      "考试成绩",
      "技能竞赛",
      "证书",
    ]);
    const identity = wb.getWorksheet("基本信息")!;
    expect(identity.getRow(2).getCell(1).value).toBe("900004");
    expect(identity.getRow(2).getCell(2).value).toBe("林晓雨");
    const contests = wb.getWorksheet("技能竞赛")!;
    expect(contests.getRow(2).values).toEqual([undefined, "2026-10-12", "2026年集输工技能竞赛", 2, 91, "二等奖"]);
    const hours = wb.getWorksheet("年度学时")!;
    expect(hours.rowCount).toBe(f.value.hours.length + 1);
    expect(typeof hours.getRow(2).getCell(2).value).toBe("number");
    const induction = wb.getWorksheet("三级安全教育")!;
    expect(induction.rowCount).toBe(4);
    expect(induction.getRow(2).values).toEqual([
      undefined,
      "厂级",
      f.value.induction[0]!.unitName,
      "新入职",
      "2026-03-01",
      "2026-03-05",
      trainerName,
      24,
      24,
      "安全生产法律法规",
    ]);
    expect(induction.getRow(3).getCell(5).value).toBe("未完成");
    const certs = wb.getWorksheet("证书")!;
    expect(certs.getColumn(2).values).toContain(f.value.issued[0]!.number);
  });

  it("shows each certificate's last review and next review due, marked when overdue, in the PDF and the .xlsx", async () => {
    const self = await principalOf(h.db, "900004", [{ role: "worker", scope: null }]);
    const f = await personFile(h.db, self, worker, new Date("2026-11-20T04:00:00Z"));
    if (!f.ok) throw new Error(f.code);
    const mine = f.value.certificates.filter((c) => c.number.startsWith("PF-"));
    expect(mine.map((c) => [c.number, c.lastReviewedOn, c.reviewDueOn, c.reviewOverdue])).toEqual([
      ["PF-T-0001", "2023-01-10", "2026-01-10", true],
      ["PF-T-0002", null, "2028-06-01", false],
      ["PF-P-0003", null, null, false],
    ]);
    // The same due day as eligibility reads it (lib/eligibility/member → the profile).
    const { memberEligibility } = await import("@/lib/eligibility/member");
    const mgr09 = await principalOf(h.db, "900002", [{ role: "manager", scope: "T09" }]);
    const e = await memberEligibility(h.db, mgr09, worker, new Date("2026-11-20T04:00:00Z"));
    if (!e.ok) throw new Error(e.code);
    for (const c of mine) expect(e.value.certificates.find((x) => x.number === c.number)?.reviewDueOn).toBe(c.reviewDueOn);

    const pdf = await personFilePdf(makeTranslator("zh-CN"), f.value);
    const { extractText, getDocumentProxy } = await import("unpdf");
    const { text } = await extractText(await getDocumentProxy(pdf), { mergePages: true });
    for (const s of ["复审（最近 / 下次）", "PF-T-0001", "最近 2023-01-10", "下次 2026-01-10", "复审逾期", "最近 —", "下次 2028-06-01"])
      expect(text).toContain(s);
    expect(text.match(/复审逾期/g)).toHaveLength(1);

    const ExcelJS = (await import("exceljs")).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await personFileXlsx(makeTranslator("zh-CN"), f.value)) as unknown as ArrayBuffer);
    const certs = wb.getWorksheet("证书")!;
    expect(certs.getRow(1).values).toEqual([undefined, "证书名称", "证书编号", "颁发日期", "有效期至", "最近复审", "下次复审", "状态"]);
    const row = (no: string) => {
      for (let i = 2; i <= certs.rowCount; i++) if (certs.getRow(i).getCell(2).value === no) return (certs.getRow(i).values as unknown[]).slice(5);
      throw new Error(no);
    };
    expect(row("PF-T-0001")).toEqual(["2023-01-10", "2026-01-10", "复审逾期"]);
    expect(row("PF-T-0002")).toEqual(["", "2028-06-01", ""]);
    expect(row("PF-P-0003")).toEqual(["", "", ""]);
  });
});
