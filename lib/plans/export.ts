/** A training plan as .xlsx: its lines with status and completion, the plan against the ledger by month and by unit. */
import { exportBook } from "@/lib/eligibility/export";
import type { Translate } from "@/lib/i18n";
import type { PlanReport } from "./plans";
import { percent } from "./rules";

const STATUS_FILL = { notStarted: "FFE5E7EB", inProgress: "FFFEF3C7", done: "FFD1FAE5", overdue: "FFFEE2E2" } as const;

export async function planWorkbook(t: Translate, r: PlanReport): Promise<Uint8Array> {
  const title = t("plans.planTitle", { unit: r.plan.unit.name, year: r.plan.year });
  const { wb, ws } = exportBook(t, t("plans.sheets.lines"), title, r.today);
  ws.addRow([
    t("plans.month"),
    t("plans.topic"),
    t("plans.category"),
    t("plans.audienceUnits"),
    t("plans.audienceJobs"),
    t("plans.hoursPerPerson"),
    t("plans.budget"),
    t("plans.delivery"),
    t("plans.audienceCount"),
    t("plans.actual"),
    t("plans.completion"),
    t("plans.status"),
    t("plans.notes"),
  ]).font = { bold: true };
  for (const l of r.lines) {
    const pct = percent(l.outcome.completion);
    const row = ws.addRow([
      l.month,
      l.topic,
      t(`hours.categories.${l.category}`),
      l.audienceUnits.length ? l.audienceUnits.map((u) => u.name).join("、") : t("plans.allOfUnit", { unit: r.plan.unit.name }),
      l.audienceJobs.length ? l.audienceJobs.map((j) => j.name).join("、") : t("plans.anyJob"),
      l.plannedHours,
      l.budget,
      l.delivery ? `${t(`plans.${l.delivery.kind}`)}：${l.delivery.title}` : t("plans.noDelivery"),
      l.outcome.audience,
      l.outcome.actualHours,
      pct === null ? "" : pct / 100,
      t(`plans.statuses.${l.outcome.status}`),
      l.notes,
    ]);
    row.getCell(11).numFmt = "0%";
    row.getCell(12).fill = { type: "pattern", pattern: "solid", fgColor: { argb: STATUS_FILL[l.outcome.status] } };
  }
  ws.getColumn(2).width = 30;
  ws.getColumn(8).width = 30;

  const months = wb.addWorksheet(t("plans.sheets.byMonth").slice(0, 31));
  months.addRow([title]);
  months.addRow([]);
  months.addRow([t("plans.month"), t("plans.lines"), t("plans.planned"), t("plans.actualPersonHours"), t("plans.budget")]).font = { bold: true };
  for (const m of r.months) months.addRow([m.month, m.lines, m.planned, m.actual, m.budget]);
  months.addRow(["Σ", r.lines.length, r.totals.planned, r.totals.actual, r.totals.budget]).font = { bold: true };

  const units = wb.addWorksheet(t("plans.sheets.byUnit").slice(0, 31));
  units.addRow([title]);
  units.addRow([]);
  units.addRow([t("plans.unit"), t("plans.audienceCount"), t("plans.planned"), t("plans.actualPersonHours"), t("plans.completion")]).font = { bold: true };
  for (const u of r.units) {
    const pct = percent(u.completion);
    const row = units.addRow([u.name, u.audience, u.planned, u.actual, pct === null ? "" : pct / 100]);
    row.getCell(5).numFmt = "0%";
  }
  units.getColumn(1).width = 20;
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
