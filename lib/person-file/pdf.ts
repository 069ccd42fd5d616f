/**
 * 一人一档 as an A4 PDF (lib/core/pdf: the Chinese font embedded as a subset): a header with the
 * member's identity, then one table per part of the record, continued on new pages as needed,
 * each page numbered and dated.
 */
import * as clock from "@/lib/core/clock";
import { A4, FONT, renderPdf, type Pdf } from "@/lib/core/pdf";
import { dayIn } from "@/lib/core/time";
import type { Translate } from "@/lib/i18n";
import type { PersonFile } from "./index";

const M = 48;
const BOTTOM = A4.height - 60;

function section(doc: Pdf, title: string): void {
  if (doc.y > BOTTOM - 60) doc.addPage();
  doc.moveDown(0.6);
  doc
    .font(FONT.bold)
    .fontSize(12)
    .fillColor("#0f766e")
    .text(title, M, doc.y, { width: A4.width - 2 * M });
  doc
    .moveTo(M, doc.y + 2)
    .lineTo(A4.width - M, doc.y + 2)
    .lineWidth(0.5)
    .strokeColor("#99c9c2")
    .stroke();
  doc.y += 6;
}

/**
 * A certificate's 复审: the last review (or "—") and the day the next is due, one line each,
 * then the overdue mark when past it; "—" without a cycle.
 */
function reviewText(t: Translate, c: PersonFile["certificates"][number]): string {
  if (c.reviewDueOn === null) return "—";
  const lines = [t("personFile.lastReviewOn", { date: c.lastReviewedOn ?? "—" }), t("personFile.nextReviewOn", { date: c.reviewDueOn })];
  if (c.reviewOverdue) lines.push(t("certificates.review.overdue"));
  return lines.join("\n");
}

/** A table: column widths in points, a header row, then the rows (a page break repeats the header). */
function table(doc: Pdf, widths: number[], header: string[], rows: string[][], empty: string): void {
  const line = (cells: string[], bold: boolean) => {
    const y = doc.y;
    let x = M;
    let h = 0;
    doc
      .font(bold ? FONT.bold : FONT.regular)
      .fontSize(9)
      .fillColor(bold ? "#374151" : "#111827");
    cells.forEach((c, i) => {
      const w = widths[i]!;
      h = Math.max(h, doc.heightOfString(c, { width: w - 6 }));
      doc.text(c, x, y, { width: w - 6 });
      x += w;
    });
    doc.y = y + h + 4;
    doc.x = M;
  };
  if (rows.length === 0) {
    doc
      .font(FONT.regular)
      .fontSize(9)
      .fillColor("#6b7280")
      .text(empty, M, doc.y, { width: A4.width - 2 * M });
    return;
  }
  line(header, true);
  for (const r of rows) {
    if (doc.y > BOTTOM - 20) {
      doc.addPage();
      line(header, true);
    }
    line(r, false);
  }
}

/** One member's file as a PDF; `printed`: the day it says it was printed (a print thread is handed its day). */
export async function personFilePdf(t: Translate, f: PersonFile, printed: string = dayIn(clock.now(), clock.timeZone())): Promise<Uint8Array> {
  const m = f.member;
  const title = `${t("personFile.title")} · ${m.name}`;
  return renderPdf({ title, subject: m.employeeNo, bufferPages: true }, (doc) => {
    doc.page.margins.bottom = 20;
    doc
      .font(FONT.bold)
      .fontSize(18)
      .fillColor("#111827")
      .text(t("personFile.title"), M, M, { width: A4.width - 2 * M, align: "center" });
    doc
      .font(FONT.regular)
      .fontSize(9)
      .fillColor("#6b7280")
      .text(t("personFile.printedOn", { day: printed }), { width: A4.width - 2 * M, align: "center" });

    // A part of the file: its heading, then its table ("none" when empty).
    const part = (title: string, widths: number[], header: string[], rows: string[][]) => {
      section(doc, title);
      table(doc, widths, header, rows, t("personFile.none"));
    };

    section(doc, t("personFile.identity"));
    table(
      doc,
      [90, 160, 90, 159],
      [],
      [
        [t("members.name"), m.name, t("members.employeeNo"), m.employeeNo],
        [t("members.unit"), m.unitName, t("members.job"), m.jobName ?? "—"],
        [t("members.hiredOn"), m.hiredOn ?? "—", t("members.status"), t(`statuses.${m.status}` as Parameters<Translate>[0])],
      ],
      "",
    );

    part(
      t("personFile.history"),
      [100, 220, 179],
      [t("personFile.since"), t("members.unit"), t("members.job")],
      f.history.map((h) => [h.day, h.unit ?? "—", h.job ?? "—"]),
    );

    part(
      t("personFile.induction"),
      [60, 120, 130, 130, 59],
      [
        t("personFile.inductionLevel"),
        t("personFile.inductionUnit"),
        t("personFile.inductionOpened"),
        t("personFile.inductionSigned"),
        t("personFile.inductionHours"),
      ],
      f.induction.map((r) => [
        t(`induction.levelsShort.${r.level}`),
        r.unitName,
        `${r.openedOn} · ${t(`induction.reasons.${r.reason}`)}`,
        r.signedOffOn ? `${r.signedOffOn} · ${r.signedOffByName ?? "—"}` : t("personFile.inductionOpen"),
        `${r.hoursCredited ?? "—"} / ${r.requiredHours}`,
      ]),
    );

    part(
      t("personFile.hours"),
      [70, 100, 110, 110, 109],
      [t("personFile.year"), t("personFile.hoursTotal"), t("personFile.hoursCounted"), t("personFile.hoursMinimum"), t("personFile.hoursShort")],
      f.hours.map((h) => [String(h.year), String(h.total), String(h.counted), String(h.minimum), h.shortfall > 0 ? String(h.shortfall) : "—"]),
    );

    part(
      t("personFile.courses"),
      [400, 99],
      [t("personFile.course"), t("personFile.completedOn")],
      f.courses.map((c) => [c.title, c.day]),
    );

    part(
      t("personFile.classes"),
      [400, 99],
      [t("personFile.class"), t("personFile.attended")],
      f.classes.map((c) => [c.title, `${c.attended} / ${c.held}`]),
    );

    part(
      t("personFile.signoffs"),
      [290, 100, 109],
      [t("personFile.task"), t("personFile.signedOn"), t("personFile.verifier")],
      f.signoffs.map((s) => [s.task, s.day, s.verifier]),
    );

    part(
      t("personFile.quizzes"),
      [70, 270, 90, 69],
      [t("personFile.quarter"), t("personFile.quiz"), t("personFile.score"), t("personFile.result")],
      f.quizzes.map((q) => [
        q.quarter,
        q.title,
        q.pending ? "—" : `${q.score} / ${q.max}`,
        q.pending ? t("personFile.pending") : q.passed ? t("personFile.passed") : t("personFile.failed"),
      ]),
    );

    part(
      t("personFile.contests"),
      [90, 250, 60, 99],
      [t("personFile.heldOn"), t("personFile.contest"), t("personFile.rank"), t("personFile.award")],
      f.contests.map((c) => [c.day, c.title, c.rank === null ? "—" : String(c.rank), c.award || "—"]),
    );

    part(
      t("personFile.certificates"),
      [80, 200, 62, 62, 95],
      [t("personFile.certificate"), t("issued.number"), t("issued.issuedOn"), t("issued.validUntil"), t("personFile.reviews")],
      [
        ...f.certificates.map((c) => [c.name, c.number, c.issuedOn, c.expiresOn ?? t("issued.noEnd"), reviewText(t, c)]),
        ...f.issued.map((c) => [`${c.title}（${t(`issued.state.${c.state}`)}）`, c.number, c.day, "—", "—"]),
      ],
    );

    const pages = doc.bufferedPageRange();
    for (let i = 0; i < pages.count; i++) {
      doc.switchToPage(pages.start + i);
      doc
        .font(FONT.regular)
        .fontSize(8)
        .fillColor("#6b7280")
        .text(t("personFile.page", { name: m.name, page: i + 1, pages: pages.count }), M, A4.height - 36, {
          width: A4.width - 2 * M,
          align: "center",
          lineBreak: false,
        });
    }
  });
}
