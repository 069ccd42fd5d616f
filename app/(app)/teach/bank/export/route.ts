import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { exportXlsx, giftDownload, moodleXmlBody } from "@/lib/quiz";
import { categoryNames, questionsForExport } from "@/lib/quiz/admin";
import { attachment, XLSX } from "@/app/_lib/download";
import { getT } from "@/app/_lib/i18n";
import { failureResponse, idParam } from "@/app/_lib/json-route";
import { pictureFiles, pictureSource } from "@/lib/quiz/media";

const FORMATS = {
  xlsx: { type: XLSX, ext: ".xlsx" },
  moodle: { type: "application/xml; charset=utf-8", ext: ".xml" },
  gift: { type: "text/plain; charset=utf-8", ext: ".gift.txt" },
} as const;

/** The bank (or one category's subtree) as the xlsx template, Moodle XML or GIFT. */
export async function GET(req: Request) {
  const user = await requirePermission("teach.manage");
  const url = new URL(req.url);
  const asked = url.searchParams.get("format");
  const format = asked === "moodle" || asked === "gift" ? asked : "xlsx";
  const category = idParam.safeParse(url.searchParams.get("category"));
  const categoryId = category.success ? category.data : undefined;
  const db = await getDb();
  const list = await questionsForExport(db, user, categoryId);
  const names = categoryId ? await categoryNames(db, user, categoryId) : [];
  const base = `题库${names.length ? `-${names.join("-")}` : ""}`;
  let body: Uint8Array | ReadableStream<Uint8Array>;
  if (format === "gift") {
    // GIFT carries no pictures' files; what the file does not carry is said at its top.
    body = new TextEncoder().encode(giftDownload(list, await getT()));
  } else if (format === "moodle") {
    // Moodle XML carries the pictures (base64 beside the text that shows them), written question by question.
    const pictures = await pictureSource(db, user, list);
    if (!pictures.ok) return failureResponse(pictures);
    body = moodleXmlBody(list, pictures.value);
  } else {
    // The sheet names the pictures.
    const pictures = await pictureFiles(db, user, list, "names");
    if (!pictures.ok) return failureResponse(pictures);
    body = new Uint8Array(await exportXlsx(list, new Map([...pictures.value].map(([id, f]) => [id, f.name]))));
  }
  return attachment(body, { type: FORMATS[format].type, asciiName: `question-bank${FORMATS[format].ext}`, name: base + FORMATS[format].ext });
}
