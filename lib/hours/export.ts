/** The shortfall report as .xlsx: one row per member below the minimum, the shortfall in red. */
import { exportBook } from "@/lib/eligibility/export";
import { toZonedInput } from "@/lib/core/time";
import type { Translate } from "@/lib/i18n";
import type { ShortfallReport } from "./ledger";
import { HOUR_CATEGORIES } from "./rules";

/**
 * Totals the hours-refresh job had not yet brought up to date when the sheet was made say so in
 * its header ("数据截至 2026-12-07 14:05", in the site's zone `tz`): a sheet handed to an inspector
 * carries the moment its figures are from.
 */
export async function shortfallWorkbook(t: Translate, report: ShortfallReport, today: string, tz: string): Promise<Uint8Array> {
  const { refreshedAt, pending } = report.freshness;
  const asOf = pending && refreshedAt ? ` · ${t("hours.asOf", { at: toZonedInput(refreshedAt, tz).replace("T", " ") })}` : "";
  const { wb, ws } = exportBook(t, t("hours.reportTitle"), `${report.unit.name} · ${report.year}${asOf}`, today);
  ws.addRow([
    t("members.employeeNo"),
    t("members.name"),
    t("members.unit"),
    ...HOUR_CATEGORIES.map((c) => t(`hours.categories.${c}`)),
    t("hours.total"),
    t("hours.counted"),
    t("hours.minimum"),
    t("hours.shortfall"),
  ]).font = { bold: true };
  for (const r of report.rows) {
    const row = ws.addRow([
      r.employeeNo,
      r.name,
      r.unitName,
      ...HOUR_CATEGORIES.map((c) => r.byCategory[c]),
      r.total,
      r.counted,
      `${r.minimum} (${t(`hours.minimumKinds.${r.minimumKind as "workerAnnual"}`)})`,
      r.shortfall,
    ]);
    const cell = row.getCell(4 + HOUR_CATEGORIES.length + 3);
    cell.font = { color: { argb: "FFB91C1C" }, bold: true };
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFEE2E2" } };
  }
  ws.getColumn(1).width = 12;
  ws.getColumn(2).width = 12;
  ws.getColumn(3).width = 16;
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
