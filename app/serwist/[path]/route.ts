import { randomUUID } from "node:crypto";
import { createSerwistRoute } from "@serwist/turbopack";
import { OFFLINE_PATH } from "@/lib/pwa";

/**
 * The service worker and its source map, bundled from app/sw.ts with this build's precache list
 * (Next's static JS and CSS, public/) when the build prerenders this route; public, no user data.
 */
export const { dynamic, dynamicParams, revalidate, generateStaticParams, GET } = createSerwistRoute({
  swSrc: "app/sw.ts",
  useNativeEsbuild: true,
  // A new revision each build: the offline page names this build's chunks.
  additionalPrecacheEntries: [{ url: OFFLINE_PATH, revision: randomUUID() }],
  globIgnores: ["**/*.map", "**/_buildManifest.js", "**/_ssgManifest.js"],
});
