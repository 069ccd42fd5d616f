import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { exportMoodleXml, exportXlsx } from "@/lib/quiz";
import { categoryNames, questionsForExport } from "@/lib/quiz/admin";
import { attachment, XLSX } from "@/app/_lib/download";
import { failureResponse, idParam } from "@/app/_lib/json-route";
import { pictureFiles } from "@/lib/quiz/media";

/** The bank (or one category's subtree) as the xlsx template or Moodle XML. */
export async function GET(req: Request) {
  const user = await requirePermission("teach.manage");
  const url = new URL(req.url);
  const format = url.searchParams.get("format") === "moodle" ? "moodle" : "xlsx";
  const category = idParam.safeParse(url.searchParams.get("category"));
  const categoryId = category.success ? category.data : undefined;
  const db = await getDb();
  const list = await questionsForExport(db, user, categoryId);
  const names = categoryId ? await categoryNames(db, user, categoryId) : [];
  const base = `题库${names.length ? `-${names.join("-")}` : ""}`;
  // Moodle XML carries the pictures (base64 beside the text that shows them); the sheet names them.
  const pictures = await pictureFiles(db, user, list, format === "moodle" ? "bytes" : "names");
  if (!pictures.ok) return failureResponse(pictures);
  const body =
    format === "moodle"
      ? new TextEncoder().encode(exportMoodleXml(list, pictures.value))
      : new Uint8Array(await exportXlsx(list, new Map([...pictures.value].map(([id, f]) => [id, f.name]))));
  const ascii = format === "moodle" ? "question-bank.xml" : "question-bank.xlsx";
  return attachment(body, {
    type: format === "moodle" ? "application/xml; charset=utf-8" : XLSX,
    asciiName: ascii,
    name: base + (format === "moodle" ? ".xml" : ".xlsx"),
  });
}
