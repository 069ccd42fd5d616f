import { NextResponse, type NextRequest } from "next/server";
import { readSessionClaims, SESSION_COOKIE_NAMES } from "@/lib/auth/session-token";
import { mediaOrigins, securityHeaders } from "@/lib/auth/security-headers";
import { LOCALE_COOKIE, isLocale, makeTranslator, DEFAULT_LOCALE } from "@/lib/i18n";
import { config as appConfig } from "@/lib/core/config";
import { isPublicAppAsset } from "@/lib/pwa";

/**
 * Runs before every request but static files:
 * - security headers on every answer, the Content-Security-Policy with a fresh nonce that Next
 *   also reads from the request to put on its scripts (lib/auth/security-headers.ts);
 * - a server action posted without a valid session cookie (the sign-in form, the language switch)
 *   may carry a few KB, not the 25 MB a signed-in import may: the body is refused before Next
 *   parses it;
 * - an optimistic redirect to the sign-in page when a page is asked for without a session cookie
 *   (not the service worker, the manifest, its icons and the offline page: lib/pwa).
 *   It is not the access check: every page, action and route handler checks the user against the
 *   database.
 * The certificate verification page (/verify/<number>) is public: a QR code on paper is scanned
 * by anyone (lib/issued).
 */
const ANONYMOUS_ACTION_MAX_BYTES = 16 * 1024;

const hasSessionCookie = (req: NextRequest) => req.cookies.getAll().some((c) => SESSION_COOKIE_NAMES.some((n) => c.name.startsWith(n)));

function tooLargeForAnonymous(req: NextRequest): boolean {
  const declared = req.headers.get("content-length");
  if (declared === null) return req.headers.has("transfer-encoding");
  const n = Number(declared);
  return !Number.isFinite(n) || n > ANONYMOUS_ACTION_MAX_BYTES;
}

function withHeaders(res: NextResponse, headers: Record<string, string>): NextResponse {
  for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
  return res;
}

export async function proxy(req: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const { pathname } = req.nextUrl;
  const headers = securityHeaders({ nonce, pathname, https: req.nextUrl.protocol === "https:", media: mediaOrigins() });

  if (req.method === "POST" && req.headers.has("next-action") && tooLargeForAnonymous(req)) {
    const signedIn = await readSessionClaims((name) => req.cookies.get(name)?.value, appConfig().AUTH_SECRET);
    if (!signedIn) {
      const locale = req.cookies.get(LOCALE_COOKIE)?.value;
      const t = makeTranslator(isLocale(locale) ? locale : DEFAULT_LOCALE);
      return withHeaders(NextResponse.json({ ok: false, code: "errors.bodyTooLarge", message: t("errors.bodyTooLarge") }, { status: 413 }), headers);
    }
  }

  const isPage = !pathname.startsWith("/api/") && pathname !== "/login" && !isPublicAppAsset(pathname) && !pathname.startsWith("/verify/");
  if (isPage && !hasSessionCookie(req)) {
    const url = req.nextUrl.clone();
    url.pathname = "/login";
    url.search = "";
    const back = pathname + req.nextUrl.search;
    if (back !== "/") url.searchParams.set("callbackUrl", back);
    return withHeaders(NextResponse.redirect(url), headers);
  }

  const forwarded = new Headers(req.headers);
  forwarded.set("x-nonce", nonce);
  forwarded.set("Content-Security-Policy", headers["Content-Security-Policy"]);
  return withHeaders(NextResponse.next({ request: { headers: forwarded } }), headers);
}

export const config = {
  // Not the video upload's chunk PUTs: a body that passes through the proxy is buffered in memory,
  // and those are streamed to disk.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|robots.txt|api/lessons/uploads/).*)"],
};
