import { requireUser } from "@/lib/auth/session";
import { HTTP_STATUS } from "@/lib/core/result";
import { getDb } from "@/lib/core/db";
import { paperScoreTemplate } from "@/lib/quiz/paper-import";
import { attachment, XLSX } from "@/app/_lib/download";
import { getT } from "@/app/_lib/i18n";
import { idParam } from "@/app/_lib/json-route";

/** The score template of a paper sitting (the station's roster, Q1..Qn), for a trainer who may change the quiz. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string; paperId: string }> }) {
  const user = await requireUser();
  const paperId = idParam.safeParse((await params).paperId);
  if (!paperId.success) return new Response("Bad request", { status: 400 });
  const r = await paperScoreTemplate(await getDb(), user, paperId.data, await getT());
  if (!r.ok) return new Response(null, { status: HTTP_STATUS[r.kind] });
  return attachment(r.value, { type: XLSX, asciiName: `paper-scores-${paperId.data}.xlsx`, name: "线下考试成绩模板.xlsx" });
}
