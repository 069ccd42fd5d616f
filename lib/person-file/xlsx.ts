/**
 * 一人一档 as an .xlsx: the same parts as the PDF (./pdf.ts), one sheet each, numbers as numbers
 * and days as text (YYYY-MM-DD, as printed), for an inspector who wants to sort and sum.
 */
import ExcelJS from "exceljs";
import type { Translate } from "@/lib/i18n";
import type { PersonFile } from "./index";

type Cell = string | number;

/** The workbook's bytes. */
export async function personFileXlsx(t: Translate, f: PersonFile): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const sheet = (title: string, header: string[], rows: Cell[][], widths: number[]) => {
    // A sheet's name: at most 31 characters, none of : \ / ? * [ ].
    const ws = wb.addWorksheet(title.replace(/[:\\/?*[\]]/g, " ").slice(0, 31));
    ws.addRow(header).font = { bold: true };
    for (const r of rows) ws.addRow(r);
    widths.forEach((w, i) => {
      ws.getColumn(i + 1).width = w;
    });
    ws.views = [{ state: "frozen", ySplit: 1 }];
  };
  const m = f.member;
  sheet(
    t("personFile.identity"),
    [t("members.employeeNo"), t("members.name"), t("members.unit"), t("members.job"), t("members.hiredOn"), t("members.status")],
    [[m.employeeNo, m.name, m.unitName, m.jobName ?? "", m.hiredOn ?? "", t(`statuses.${m.status}` as Parameters<Translate>[0])]],
    [12, 12, 18, 14, 12, 10],
  );
  sheet(
    t("personFile.history"),
    [t("personFile.since"), t("members.unit"), t("members.job")],
    f.history.map((h) => [h.day, h.unit ?? "", h.job ?? ""]),
    [12, 20, 16],
  );
  sheet(
    t("personFile.induction"),
    [
      t("personFile.inductionLevel"),
      t("personFile.inductionUnit"),
      t("personFile.inductionReason"),
      t("personFile.inductionOpenedOn"),
      t("personFile.signedOn"),
      t("personFile.inductionSignedBy"),
      t("personFile.inductionRequired"),
      t("personFile.inductionCredited"),
      t("personFile.inductionContent"),
    ],
    f.induction.map((r) => [
      t(`induction.levelsShort.${r.level}`),
      r.unitName,
      t(`induction.reasons.${r.reason}`),
      r.openedOn,
      r.signedOffOn ?? t("personFile.inductionOpen"),
      r.signedOffByName ?? "",
      r.requiredHours,
      r.hoursCredited ?? "",
      r.content,
    ]),
    [8, 18, 14, 12, 12, 12, 10, 10, 50],
  );
  sheet(
    t("personFile.hours"),
    [t("personFile.year"), t("personFile.hoursTotal"), t("personFile.hoursCounted"), t("personFile.hoursMinimum"), t("personFile.hoursShort")],
    f.hours.map((h) => [h.year, h.total, h.counted, h.minimum, h.shortfall]),
    [8, 10, 10, 10, 10],
  );
  sheet(
    t("personFile.courses"),
    [t("personFile.course"), t("personFile.completedOn")],
    f.courses.map((c) => [c.title, c.day]),
    [40, 12],
  );
  sheet(
    t("personFile.classes"),
    [t("personFile.class"), t("personFile.attendedCount"), t("personFile.heldCount")],
    f.classes.map((c) => [c.title, c.attended, c.held]),
    [40, 10, 10],
  );
  sheet(
    t("personFile.signoffs"),
    [t("personFile.task"), t("personFile.signedOn"), t("personFile.verifier")],
    f.signoffs.map((s) => [s.task, s.day, s.verifier]),
    [36, 12, 12],
  );
  sheet(
    t("personFile.quizzes"),
    [t("personFile.quarter"), t("personFile.quiz"), t("personFile.score"), t("personFile.maxScore"), t("personFile.result")],
    f.quizzes.map((q) => [
      q.quarter,
      q.title,
      q.pending ? "" : q.score,
      q.max,
      q.pending ? t("personFile.pending") : q.passed ? t("personFile.passed") : t("personFile.failed"),
    ]),
    [10, 36, 8, 8, 10],
  );
  sheet(
    t("personFile.contests"),
    [t("personFile.heldOn"), t("personFile.contest"), t("personFile.rank"), t("personFile.score"), t("personFile.award")],
    f.contests.map((c) => [c.day, c.title, c.rank ?? "", c.score ?? "", c.award]),
    [12, 36, 8, 8, 10],
  );
  sheet(
    t("personFile.certificates"),
    [
      t("personFile.certificate"),
      t("issued.number"),
      t("issued.issuedOn"),
      t("issued.validUntil"),
      t("personFile.lastReview"),
      t("personFile.nextReview"),
      t("personFile.certificateState"),
    ],
    [
      ...f.certificates.map((c) => [
        c.name,
        c.number,
        c.issuedOn,
        c.expiresOn ?? t("issued.noEnd"),
        c.lastReviewedOn ?? "",
        c.reviewDueOn ?? "",
        c.reviewOverdue ? t("certificates.review.overdue") : "",
      ]),
      ...f.issued.map((c) => [c.title, c.number, c.day, "", "", "", t(`issued.state.${c.state}`)]),
    ],
    [30, 40, 12, 12, 12, 12, 10],
  );
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
