/**
 * The printed certificate: A4 portrait, the Chinese font embedded (lib/core/pdf), the holder's
 * name, what it certifies, the day, the number, and a QR code of the verification address with
 * the address printed under it (for a phone that cannot scan).
 */
import * as clock from "@/lib/core/clock";
import { A4, drawQr, FONT, renderPdf } from "@/lib/core/pdf";
import { dayIn } from "@/lib/core/time";
import type { Translate } from "@/lib/i18n";
import type { PrintedCertificate } from "./index";

/** The public verification address of a number, on the site's address `base` (no trailing slash). */
export const verifyUrl = (base: string, number: string) => `${base.replace(/\/+$/, "")}/verify/${number}`;

export async function certificatePdf(t: Translate, c: PrintedCertificate, base: string): Promise<Uint8Array> {
  const url = verifyUrl(base, c.number);
  const tz = clock.timeZone();
  const heading = t(`issued.pdf.heading.${c.kind}`);
  return renderPdf({ title: `${heading} · ${c.holderName}`, subject: c.number }, (doc) => {
    const { width, height } = A4;
    const inner = width - 2 * 72;
    doc
      .lineWidth(3)
      .strokeColor("#0f766e")
      .rect(28, 28, width - 56, height - 56)
      .stroke();
    doc
      .lineWidth(0.8)
      .rect(36, 36, width - 72, height - 72)
      .stroke();
    doc.fillColor("#0f766e").font(FONT.regular).fontSize(12).text(t("app.name"), 72, 80, { width: inner, align: "center" });
    doc.fillColor("#111827").font(FONT.bold).fontSize(34).text(heading, 72, 130, { width: inner, align: "center", characterSpacing: 6 });
    doc.font(FONT.regular).fontSize(14).fillColor("#374151").text(t("issued.pdf.certifies"), 72, 240, { width: inner, align: "center" });
    doc.font(FONT.bold).fontSize(30).fillColor("#111827").text(c.holderName, 72, 275, { width: inner, align: "center" });
    const what =
      c.kind === "contest"
        ? t("issued.pdf.what.contest", { title: c.title, award: c.detail })
        : t(c.kind === "course" ? "issued.pdf.what.course" : "issued.pdf.what.induction", { title: c.title });
    doc
      .font(FONT.regular)
      .fontSize(16)
      .fillColor("#111827")
      .text(what, 96, 345, { width: width - 192, align: "center", lineGap: 6 });

    const rows: [string, string][] = [
      [t("issued.issuedOn"), dayIn(c.issuedAt, tz)],
      [t("issued.validUntil"), c.validUntil ?? t("issued.noEnd")],
      [t("issued.number"), c.number],
    ];
    const qr = 130;
    const qx = width - 72 - qr;
    let y = 500;
    for (const [k, v] of rows) {
      doc.font(FONT.regular).fontSize(10).fillColor("#6b7280").text(k, 72, y, { width: 70 });
      doc
        .font(FONT.regular)
        .fontSize(11)
        .fillColor("#111827")
        .text(v, 146, y, { width: qx - 156, lineBreak: false });
      y += 26;
    }
    drawQr(doc, url, qx, 490, qr);
    doc.font(FONT.regular).fontSize(9).fillColor("#374151").text(t("issued.pdf.scan"), 72, 640, { width: inner, align: "right" });
    doc.fontSize(8).text(url, 72, 656, { width: inner, align: "right" });
    doc
      .fontSize(9)
      .fillColor("#6b7280")
      .text(t("issued.pdf.footer"), 72, height - 100, { width: inner, align: "center" });
  });
}
