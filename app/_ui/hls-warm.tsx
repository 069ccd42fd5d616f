"use client";
import { useEffect } from "react";
import { shouldWarmHls } from "@/lib/video/hls-config";
import { browserPlaysHls, loadHls } from "./hls";

/** How long the page may stay busy before the warm-up goes anyway. */
const IDLE_TIMEOUT_MS = 5_000;

/**
 * Placed on the pages that lead to a lesson (the course list, a course): once the page has loaded
 * and the browser is idle, fetches the player's hls.js (the same chunk the lesson page's player
 * imports, whatever its hashed name: Turbopack adds it as a script element, which Chromium
 * fetches at low priority). A lesson opened next
 * finds it in the browser's cache (the service worker's precache too, once installed) or, after
 * a client-side navigation, already running. Nothing on other pages, nor for a worker who turned
 * 省流量 on (the pages leave it out: lib/video/data-saver.ts savesData); nothing with the browser's
 * Save-Data on or where the browser plays HLS itself (lib/video/hls-config.ts shouldWarmHls).
 */
export function WarmHls() {
  useEffect(() => {
    const saveData = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData;
    if (!shouldWarmHls({ saveData, nativeHls: browserPlaysHls(document.createElement("video")) })) return;
    let idle: number | null = null;
    const warm = () => {
      idle = null;
      void loadHls().catch(() => {
        // Offline or a failed fetch: the player loads it itself when a lesson opens.
      });
    };
    const whenIdle = () => {
      idle = typeof requestIdleCallback === "function" ? requestIdleCallback(warm, { timeout: IDLE_TIMEOUT_MS }) : window.setTimeout(warm, 1_000);
    };
    if (document.readyState === "complete") whenIdle();
    else window.addEventListener("load", whenIdle, { once: true });
    return () => {
      window.removeEventListener("load", whenIdle);
      if (idle === null) return;
      if (typeof cancelIdleCallback === "function") cancelIdleCallback(idle);
      else clearTimeout(idle);
    };
  }, []);
  return null;
}
