/// <reference lib="webworker" />
/**
 * The service worker (bundled by esbuild through app/serwist/[path]/route.ts, served at
 * /serwist/sw.js): the rules are in lib/pwa. Precaches the app shell (Next's static JS and CSS,
 * icons, the offline page, the attempt's shell); pages network first; an open attempt's page from
 * the network only, the attempt's shell when that fails; the API never from a cache.
 */
import { CacheFirst, ExpirationPlugin, NetworkFirst, NetworkOnly, type PrecacheEntry, Serwist, type SerwistGlobalConfig } from "serwist";
import { ATTEMPT_SHELL_PATH, isAttemptPage, isCacheablePage, isNetworkOnly, isPageRequest, OFFLINE_PATH, PAGES_CACHE } from "@/lib/pwa";

declare global {
  interface WorkerGlobalScope extends SerwistGlobalConfig {
    __SW_MANIFEST: (PrecacheEntry | string)[] | undefined;
  }
}

declare const self: ServiceWorkerGlobalScope;

const DAY = 24 * 60 * 60;

const serwist = new Serwist({
  precacheEntries: self.__SW_MANIFEST,
  // A new version takes over at once: the pages are network first, so nothing stale is kept.
  skipWaiting: true,
  clientsClaim: true,
  runtimeCaching: [
    { matcher: ({ url, sameOrigin }) => sameOrigin && isNetworkOnly(url.pathname), handler: new NetworkOnly() },
    {
      // An open attempt's page: the server renders it when it can; without a connection the
      // shell shows the questions the phone kept (the offline page's text when it kept none).
      matcher: ({ request, url, sameOrigin }) => sameOrigin && request.mode === "navigate" && isAttemptPage(url.pathname),
      handler: new NetworkOnly({
        plugins: [
          {
            handlerDidError: async (): Promise<Response | undefined> =>
              (await serwist.matchPrecache(ATTEMPT_SHELL_PATH)) ?? (await serwist.matchPrecache(OFFLINE_PATH)),
          },
        ],
      }),
    },
    {
      matcher: ({ request }) => isPageRequest(request, self.location.origin),
      handler: new NetworkFirst({
        cacheName: PAGES_CACHE,
        plugins: [
          { cacheWillUpdate: async ({ response }) => (isCacheablePage(response) ? response : null) },
          new ExpirationPlugin({ maxEntries: 60, maxAgeSeconds: 14 * DAY }),
        ],
      }),
    },
    {
      // Chunks of an older build still open in a tab, not in this build's precache.
      matcher: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith("/_next/static/"),
      handler: new CacheFirst({ cacheName: "jr-static", plugins: [new ExpirationPlugin({ maxEntries: 200, maxAgeSeconds: 30 * DAY })] }),
    },
  ],
  fallbacks: { entries: [{ url: OFFLINE_PATH, matcher: ({ request }) => request.destination === "document" }] },
});

serwist.addEventListeners();

// Web Push (lib/notifications/push.ts): a message is {title, body, url}; a tap opens its page
// (an open tab of the app is focused and sent there, else a new one).
/** A link of the message if it is this site's (an absolute link made with NOTIFY_BASE_URL included), else null. */
function sameOrigin(url: unknown): string | null {
  if (typeof url !== "string") return null;
  try {
    const u = new URL(url, self.location.origin);
    return u.origin === self.location.origin ? u.pathname + u.search + u.hash : null;
  } catch {
    return null;
  }
}

self.addEventListener("push", (event) => {
  let m: { title?: string; body?: string; url?: string } = {};
  try {
    m = event.data?.json() ?? {};
  } catch {
    m = { body: event.data?.text() };
  }
  event.waitUntil(
    self.registration.showNotification(m.title || "岗位练兵", {
      body: m.body ?? "",
      icon: "/icons/icon-192.png",
      badge: "/icons/icon-192.png",
      data: { url: sameOrigin(m.url) ?? "/notifications" },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = new URL((event.notification.data as { url?: string } | null)?.url ?? "/notifications", self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(async (tabs) => {
      const tab = tabs.find((c) => new URL(c.url).origin === self.location.origin) as WindowClient | undefined;
      if (tab) {
        await tab.focus();
        await tab.navigate(url).catch(() => undefined);
        return;
      }
      await self.clients.openWindow(url);
    }),
  );
});
