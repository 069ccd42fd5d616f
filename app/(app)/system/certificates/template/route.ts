import ExcelJS from "exceljs";
import { requirePermission } from "@/lib/auth/session";
import { IMPORT_COLUMNS } from "@/lib/certificates";
import { attachment, XLSX } from "@/app/_lib/download";

export async function GET() {
  await requirePermission("jobs.write");
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("证书");
  ws.addRow(IMPORT_COLUMNS.map((c) => c.zh)).font = { bold: true };
  ws.addRow(["800001", "H2S", "T-2026-0001", "2026-01-15", "", ""]);
  for (const c of ws.columns) c.width = 16;
  const body = new Uint8Array(await wb.xlsx.writeBuffer());
  return attachment(body, { type: XLSX, asciiName: "certificates-template.xlsx", name: "证书导入模板.xlsx" });
}
