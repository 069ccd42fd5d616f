import { z } from "zod";
import { requireUser } from "@/lib/auth/session";
import { HTTP_STATUS } from "@/lib/core/result";
import { getDb } from "@/lib/core/db";
import { paperExamToManage, paperRoster } from "@/lib/quiz/paper";
import { PAPER_PARTS, paperPdf } from "@/lib/quiz/paper-pdf";
import { attachment, PDF } from "@/app/_lib/download";
import { getT } from "@/app/_lib/i18n";
import { idParam } from "@/app/_lib/json-route";

/** One document of a paper sitting (?part=papers|keys|sheets|signin) as a PDF, for a trainer who may change the quiz. */
export async function GET(req: Request, { params }: { params: Promise<{ id: string; paperId: string }> }) {
  const user = await requireUser();
  const p = await params;
  const quizId = idParam.safeParse(p.id);
  const paperId = idParam.safeParse(p.paperId);
  const part = z.enum(PAPER_PARTS).safeParse(new URL(req.url).searchParams.get("part") ?? "papers");
  if (!quizId.success || !paperId.success || !part.success) return new Response("Bad request", { status: 400 });
  const db = await getDb();
  const found = await paperExamToManage(db, user, paperId.data, quizId.data);
  if (!found.ok) return new Response(null, { status: HTTP_STATUS[found.kind] });
  const t = await getT();
  const roster = part.data === "signin" ? await paperRoster(db, found.value) : [];
  const body = await paperPdf(db, t, found.value, part.data, roster);
  const name = `${found.value.quiz.title}-${found.value.station.name}-${t(`paper.parts.${part.data}`)}.pdf`;
  return attachment(body, { type: PDF, asciiName: `paper-${paperId.data}-${part.data}.pdf`, name });
}
