"use client";
import { usePathname, useSearchParams } from "next/navigation";
import { useEffect, useRef } from "react";
import { isAttemptPage, PAGES_CACHE, PRACTICE_CACHE, SW_URL } from "@/lib/pwa";
import { forgetViews } from "@/lib/quiz/offline-view";
import { forgetDownloads } from "./offline-lessons";

/**
 * Registers the service worker (app/sw.ts; OFFLINE_APP, on in production builds) and, on every client-side
 * navigation, asks it to keep the page just opened (a client navigation fetches an RSC payload,
 * not the page's HTML the worker keeps for a reload without a connection). Not an open attempt's
 * page: fetching it would be a server render per worker at a quiz's opening; offline the worker
 * shows the attempt's shell with the questions the phone kept (lib/quiz/offline-view).
 */
export function ServiceWorker({ enabled }: { enabled: boolean }) {
  const pathname = usePathname();
  const search = useSearchParams().toString();
  useEffect(() => {
    if (!("serviceWorker" in navigator)) return;
    if (!enabled) {
      // Turned off (OFFLINE_APP=off): a worker installed before goes, with its caches.
      void navigator.serviceWorker.getRegistrations().then((regs) => Promise.all(regs.map((r) => r.unregister())));
      return;
    }
    navigator.serviceWorker.register(SW_URL, { scope: "/" }).catch(() => {
      // No worker (private mode, an old browser): the app works online as before.
    });
  }, [enabled]);
  // The page loaded in full went through the worker already (when it controlled the page): only
  // client-side navigations, and the first page once the worker takes over, need asking.
  const loaded = useRef(false);
  useEffect(() => {
    if (!enabled || !("serviceWorker" in navigator)) return;
    if (isAttemptPage(pathname)) {
      loaded.current = true;
      return;
    }
    const keep = () => {
      const sw = navigator.serviceWorker.controller;
      if (sw && navigator.onLine) sw.postMessage({ type: "CACHE_URLS", payload: { urlsToCache: [search ? `${pathname}?${search}` : pathname] } });
    };
    if (loaded.current) keep();
    loaded.current = true;
    navigator.serviceWorker.addEventListener("controllerchange", keep);
    return () => navigator.serviceWorker.removeEventListener("controllerchange", keep);
  }, [enabled, pathname, search]);
  return null;
}

/** Empties the pages, the offline practice, the attempts' questions and the downloaded lessons kept on this device (one user's): on sign-out and on the sign-in page. */
export async function forgetOfflinePages(): Promise<void> {
  try {
    forgetViews(localStorage);
  } catch {}
  await forgetDownloads();
  if (typeof caches === "undefined") return;
  await Promise.all([caches.delete(PAGES_CACHE), caches.delete(PRACTICE_CACHE)]);
}

/** Placed on the sign-in page: whoever signs in next does not find the last user's pages offline. */
export function ForgetOfflinePages() {
  useEffect(() => {
    void forgetOfflinePages();
  }, []);
  return null;
}
