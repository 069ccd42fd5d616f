/** The expiring certificates as .xlsx, with the page's filters. */
import type { Translate } from "@/lib/i18n";
import { exportBook } from "@/lib/eligibility/export";
import type { ExpiringRow } from "./expiring";

export async function expiringWorkbook(t: Translate, rows: ExpiringRow[], filters: string, today: string): Promise<Uint8Array> {
  const { wb, ws } = exportBook(t, t("eligibility.export.expiring"), filters, today);
  ws.addRow([
    t("members.employeeNo"),
    t("members.name"),
    t("members.unit"),
    t("certificates.type"),
    t("certificates.number"),
    t("certificates.expiresOn"),
    t("eligibility.expiring.daysLeft"),
  ]).font = { bold: true };
  for (const r of rows)
    ws.addRow([
      r.employeeNo,
      r.name,
      r.unitName,
      r.typeName,
      r.number,
      r.kind === "review" ? t("certificates.review.nextDue", { date: r.expiresOn }) : r.expiresOn,
      r.daysLeft,
    ]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
