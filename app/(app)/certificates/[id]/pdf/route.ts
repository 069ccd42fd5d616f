import { getDb } from "@/lib/core/db";
import { config } from "@/lib/core/config";
import { requireUser } from "@/lib/auth/session";
import { issuedForPrint } from "@/lib/issued";
import { certificatePdf } from "@/lib/issued/pdf";
import { attachment, PDF, plainText } from "@/app/_lib/download";
import { getT } from "@/app/_lib/i18n";
import { idParam } from "@/app/_lib/json-route";

/** The printed certificate (A4 PDF): its holder, or whoever may read the holder's profile. */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const t = await getT();
  const id = idParam.safeParse((await params).id);
  if (!id.success) return plainText(t("issued.errors.notFound"), 404);
  const found = await issuedForPrint(await getDb(), user, id.data);
  if (!found.ok) return plainText(t("issued.errors.notFound"), 404);
  // The QR code must lead to the public address, not the one this request came through.
  const base = config().NOTIFY_BASE_URL ?? new URL(req.url).origin;
  const body = await certificatePdf(t, found.value, base);
  return attachment(body, { type: PDF, asciiName: `certificate-${found.value.number}.pdf`, name: `证书-${found.value.holderName}-${found.value.number}.pdf` });
}
