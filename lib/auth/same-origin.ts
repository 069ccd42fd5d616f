import { fail, type Failure } from "@/lib/core/result";

/**
 * A JSON body sent by this site's own pages: Content-Type application/json (a form or text/plain
 * body is what another site can post without asking), and not from another site (the browser's
 * Origin, or Sec-Fetch-Site, says where the request comes from; a client that sends neither is
 * not a browser acting for someone). Failure: 415 or 403 with a message. `header` reads a request
 * header (null when absent).
 */
export function sameOriginJson(header: (name: string) => string | null): Failure | null {
  const type = (header("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") return fail("errors.jsonOnly", undefined, "unsupportedMedia");
  const site = header("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return fail("errors.crossSite", undefined, "forbidden");
  const origin = header("origin");
  if (origin !== null) {
    const host = header("x-forwarded-host") ?? header("host");
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
