import ExcelJS from "exceljs";
import { COLUMNS, columnLetter } from "./columns";
import { MAX_NAME, MAX_PHONE, specialtyReader, statusReader, techTitleReader } from "./parse";
import { MAX_ROWS } from "./types";

/** The example row: a real unit and job of the demo operations area, and an employee number no demo member has. */
const EXAMPLE: Record<(typeof COLUMNS)[number]["key"], string | Date> = {
  employeeNo: "800001",
  name: "王小明",
  unit: "韦2中转站",
  specialty: "集输",
  job: "集输工",
  techTitle: "中级工",
  partyMember: "否",
  hiredOn: new Date(Date.UTC(2020, 6, 1)),
  status: "在岗",
  phone: "13800000000",
};

const WIDTHS: Record<(typeof COLUMNS)[number]["key"], number> = {
  employeeNo: 12,
  name: 12,
  unit: 16,
  specialty: 10,
  job: 14,
  techTitle: 12,
  partyMember: 8,
  hiredOn: 14,
  status: 8,
  phone: 16,
};

/** Rows that get drop-down lists; enough for a large team without bloating the file. */
const LIST_ROWS = 5000;

/** The .xlsx template for the member import: the 职工 sheet to fill in and a 说明 sheet of allowed values. */
export async function buildTemplate(specialtyList: readonly { code: string; nameZh: string; nameEn: string; active: boolean }[]): Promise<Buffer> {
  const specialties = specialtyReader(specialtyList.filter((s) => s.active));
  const wb = new ExcelJS.Workbook();
  wb.creator = "JobReady";
  const ws = wb.addWorksheet("职工", { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = COLUMNS.map((c) => ({
    header: c.zh,
    key: c.key,
    width: WIDTHS[c.key],
    // Employee numbers and phones are text, so Excel keeps leading zeros and long digits.
    style: c.key === "employeeNo" || c.key === "phone" ? { numFmt: "@" } : c.key === "hiredOn" ? { numFmt: "yyyy-mm-dd" } : {},
  }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: "middle", horizontal: "center" };
  COLUMNS.forEach((c, i) => {
    if (c.required) header.getCell(i + 1).fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFCE4D6" } };
  });
  ws.addRow(COLUMNS.map((c) => EXAMPLE[c.key]));

  const list = (values: string[]): ExcelJS.DataValidation => ({
    type: "list",
    allowBlank: true,
    showErrorMessage: false, // codes and English labels are accepted too
    formulae: [`"${values.join(",")}"`],
  });
  const lists: Partial<Record<(typeof COLUMNS)[number]["key"], string[]>> = {
    specialty: specialties.labels,
    techTitle: techTitleReader.labels,
    partyMember: ["是", "否"],
    status: statusReader.labels,
  };
  // exceljs can hold a validation for a whole range, though its typings only know the per-cell one.
  const validations = (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  COLUMNS.forEach((c, i) => {
    const values = lists[c.key];
    const letter = columnLetter(i);
    if (values) validations.add(`${letter}2:${letter}${LIST_ROWS}`, list(values));
  });

  const notes = wb.addWorksheet("说明");
  notes.columns = [
    { header: "列", key: "column", width: 12 },
    { header: "是否必填", key: "required", width: 10 },
    { header: "填写说明", key: "help", width: 80 },
  ];
  notes.getRow(1).font = { bold: true };
  const help: Record<(typeof COLUMNS)[number]["key"], string> = {
    employeeNo: "字母、数字和短横线，最多 32 位。工号已存在的职工会被更新，不会重复创建。",
    name: `最多 ${MAX_NAME} 个字。`,
    unit: "单位编码或单位名称（名称重名时请填编码），须为在用的单位。",
    specialty: `可填：${specialties.labels.join("、")}`,
    job: "岗位编码或岗位名称，可留空。",
    techTitle: `可填：${techTitleReader.labels.join("、")}；留空为“无”。`,
    partyMember: "是 或 否；留空为“否”。",
    hiredOn: "日期，如 2020-07-01、2020/7/1；可留空。",
    status: `可填：${statusReader.labels.join("、")}；留空为“在岗”。`,
    phone: `最多 ${MAX_PHONE} 个字符，可留空。`,
  };
  for (const c of COLUMNS) notes.addRow({ column: c.zh, required: c.required ? "必填" : "选填", help: help[c.key] });
  notes.addRow({});
  notes.addRow({ column: "注意", help: "第一行为表头，不要改动列名；可删去选填列，删去的列在更新时保留原值。" });
  notes.addRow({ help: `整份文件要么全部导入，要么不导入；单次最多 ${MAX_ROWS} 行。示例行（第 2 行）请替换或删除。` });
  notes.getColumn("help").alignment = { wrapText: true, vertical: "top" };

  return Buffer.from(await wb.xlsx.writeBuffer());
}
