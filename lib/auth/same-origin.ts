import { fail, type Failure } from "@/lib/core/result";

/**
 * A JSON body sent by this site's own pages: Content-Type application/json (a form or text/plain
 * body is what another site can post without asking), and not from another site (the browser's
 * Origin, or Sec-Fetch-Site, says where the request comes from; a client that sends neither is
 * not a browser acting for someone). Failure: 415 or 403 with a message.
 */
export function sameOriginJson(req: Request): Failure | null {
  const type = (req.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") return fail("errors.jsonOnly", undefined, "unsupportedMedia");
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return fail("errors.crossSite", undefined, "forbidden");
  const origin = req.headers.get("origin");
  if (origin !== null) {
    const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
    let from: string | null = null;
    try {
      from = new URL(origin).host;
    } catch {
      from = null;
    }
    if (!host || from !== host) return fail("errors.crossSite", undefined, "forbidden");
  }
  return null;
}
