import { randomUUID } from "node:crypto";
import { createSerwistRoute } from "@serwist/turbopack";
import { ATTEMPT_SHELL_PATH, OFFLINE_PATH } from "@/lib/pwa";

/**
 * The service worker and its source map, bundled from app/sw.ts with this build's precache list
 * (Next's static JS and CSS, public/) when the build prerenders this route; public, no user data.
 */
export const { dynamic, dynamicParams, revalidate, generateStaticParams, GET } = createSerwistRoute({
  swSrc: "app/sw.ts",
  useNativeEsbuild: true,
  // A new revision each build: the offline page and the attempt's shell name this build's chunks.
  additionalPrecacheEntries: [OFFLINE_PATH, ATTEMPT_SHELL_PATH].map((url) => ({ url, revision: randomUUID() })),
  globIgnores: ["**/*.map", "**/_buildManifest.js", "**/_ssgManifest.js"],
});
