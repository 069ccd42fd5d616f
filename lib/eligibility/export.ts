/** .xlsx exports of the roster and coverage, with the page's filters (expiring certificates: lib/certificates/export). */
import ExcelJS from "exceljs";
import type { Translate } from "@/lib/i18n";
import type { CoverageRow } from "./coverage";
import { describeRequirement } from "./describe";
import type { RosterView } from "./service";

/** A workbook whose sheet starts with the title, the filters and the day (rows 1–3). */
export function exportBook(t: Translate, title: string, filters: string, today: string) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(title.slice(0, 31));
  ws.addRow([title]);
  ws.addRow([t("eligibility.export.filters"), filters]);
  ws.addRow([t("eligibility.export.generated"), today]);
  ws.addRow([]);
  return { wb, ws };
}

const FILL: Record<string, string> = {
  eligible: "FFD1FAE5",
  expiring: "FFFEF3C7",
  missing: "FFFEE2E2",
  met: "FFD1FAE5",
  expired: "FFFEE2E2",
  broken: "FFE5E7EB",
};

/** Header row is row 5; data from row 6. */
export async function rosterWorkbook(t: Translate, view: RosterView, filters: string): Promise<Uint8Array> {
  const matrix = view.matrix;
  const { wb, ws } = exportBook(t, t("eligibility.export.roster"), filters, view.today);
  const byReq = view.filter.view === "requirements" && matrix;
  const reqs = byReq ? view.requirements.filter((r) => r.jobId === view.filter.job) : [];
  const header = [
    t("members.employeeNo"),
    t("members.name"),
    t("members.unit"),
    ...(byReq ? reqs.map((r) => describeRequirement(t, r)) : view.jobs.map((j) => j.name)),
  ];
  ws.addRow(header).font = { bold: true };
  for (const r of view.rows) {
    const cells: string[] = byReq
      ? (matrix!.get(r.memberId)?.outcomes ?? []).map((o) => t(`eligibility.state.${o.state}`) + (o.date ? ` ${o.date}` : ""))
      : view.jobs.map((j) => {
          const c = r.cells[j.id];
          if (!c) return "";
          return t(`eligibility.statusShort.${c.status}`) + (c.expiresOn ? ` ${c.expiresOn}` : "");
        });
    const row = ws.addRow([r.employeeNo, r.name, r.unitName, ...cells]);
    const states = byReq ? (matrix!.get(r.memberId)?.outcomes ?? []).map((o) => o.state) : view.jobs.map((j) => r.cells[j.id]?.status);
    states.forEach((s, i) => {
      const argb = s && FILL[s];
      if (argb) row.getCell(4 + i).fill = { type: "pattern", pattern: "solid", fgColor: { argb } };
    });
  }
  ws.getColumn(1).width = 12;
  ws.getColumn(2).width = 12;
  ws.getColumn(3).width = 16;
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

export async function coverageWorkbook(t: Translate, rows: CoverageRow[], filters: string, today: string): Promise<Uint8Array> {
  const { wb, ws } = exportBook(t, t("eligibility.export.coverage"), filters, today);
  ws.addRow([
    t("eligibility.coverage.team"),
    t("eligibility.coverage.station"),
    t("eligibility.coverage.job"),
    t("eligibility.coverage.min"),
    t("eligibility.coverage.qualified"),
    t("eligibility.coverage.expiring"),
    t("eligibility.coverage.shortfall"),
  ]).font = { bold: true };
  for (const r of rows) {
    const row = ws.addRow([r.teamName ?? "", r.stationName, r.jobName, r.minQualified, r.qualified, r.expiring, r.shortfall]);
    if (r.shortfall > 0) row.getCell(7).fill = { type: "pattern", pattern: "solid", fgColor: { argb: FILL.missing } };
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
