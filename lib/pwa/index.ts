/**
 * The installable web app's caching rules, shared by the service worker (app/sw.ts) and the pages
 * that clear its caches. What is kept on the device:
 * - the app shell: Next's static JS and CSS, the icons, the offline page and the attempt's shell
 *   (precached at install);
 * - pages opened while signed in (HTML only, network first: online, the server always answers),
 *   but an open attempt's page: offline, a static shell shows the questions kept on the phone;
 * - never: anything under /api (answers, progress, media links and tokens), a POST, a redirect
 *   (a signed-out visit is redirected to the sign-in page), a non-HTML download (exports, photos).
 * The pages' cache holds one user's pages: it is emptied on sign-out and on the sign-in page.
 */

/** The runtime cache of pages (HTML) opened on this device. */
export const PAGES_CACHE = "jr-pages";

/**
 * 离线练习 (lib/practice/offline-rules): the practice questions a worker downloaded and the answers
 * waiting to sync, per user (keys carry the user's id); emptied with the pages on sign-out.
 */
export const PRACTICE_CACHE = "jr-practice";

/** The page shown for a page never opened on this device, asked for without a connection. */
export const OFFLINE_PATH = "/offline";

/**
 * The attempt page's shell: no data, the same for everyone (precached like the offline page). The
 * worker answers a load of /attempts/<id> that fails for want of a connection with it; it shows the
 * attempt from the questions the phone kept when it was opened (lib/quiz/offline-view).
 */
export const ATTEMPT_SHELL_PATH = "/offline/attempt";

/**
 * An open attempt's page, /attempts/<id>: never kept in the pages' cache (a copy would be a server
 * render per worker, and its clock and answers old); offline the shell stands in for it.
 */
export function isAttemptPage(pathname: string): boolean {
  return /^\/attempts\/\d+$/.test(pathname);
}

/** The service worker's script, served by app/serwist/[path]/route.ts. */
export const SW_URL = "/serwist/sw.js";

/** Paths anyone may fetch without a session: the service worker, the manifest, its icons, the offline page and the attempt's shell. */
export function isPublicAppAsset(pathname: string): boolean {
  return (
    pathname === OFFLINE_PATH ||
    pathname === ATTEMPT_SHELL_PATH ||
    pathname === "/manifest.webmanifest" ||
    pathname.startsWith("/serwist/") ||
    pathname.startsWith("/icons/")
  );
}

/** Never cached, never answered from a cache: the API (quiz answers, progress, media links) and the sign-in flow. */
export function isNetworkOnly(pathname: string): boolean {
  return pathname.startsWith("/api/") || pathname === "/login" || pathname.startsWith("/login/");
}

/**
 * A request for a page's HTML that may be answered from the pages' cache when the network fails:
 * a same-origin GET of a page, not an RSC payload of a client navigation (its answer depends on
 * the router state the request carries), not Next's files, not the API.
 */
export function isPageRequest(req: { method: string; url: string; headers: { get(name: string): string | null } }, origin: string): boolean {
  if (req.method !== "GET") return false;
  const url = new URL(req.url);
  if (url.origin !== origin) return false;
  if (url.searchParams.has("_rsc") || req.headers.get("RSC") !== null || req.headers.get("Next-Router-Prefetch") !== null) return false;
  const p = url.pathname;
  if (isNetworkOnly(p) || isPublicAppAsset(p) || isAttemptPage(p) || p.startsWith("/_next/")) return false;
  // Files (icon.svg, robots.txt, an export's .xlsx) are not pages.
  return !/\.[a-z0-9]+$/i.test(p);
}

/** A page's answer worth keeping: a 200 with HTML, not reached through a redirect (a signed-out visit lands on the sign-in page). */
export function isCacheablePage(res: { status: number; redirected: boolean; type: string; headers: { get(name: string): string | null } }): boolean {
  if (res.status !== 200 || res.redirected || res.type === "opaqueredirect") return false;
  return (res.headers.get("Content-Type") ?? "").startsWith("text/html");
}
