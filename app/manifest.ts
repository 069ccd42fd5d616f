import type { MetadataRoute } from "next";
import { makeTranslator } from "@/lib/i18n";

/** The web app manifest (/manifest.webmanifest): installable from the browser's menu, opens on the learning home. */
export default function manifest(): MetadataRoute.Manifest {
  const t = makeTranslator("zh-CN");
  return {
    id: "/",
    name: t("pwa.manifestName"),
    short_name: t("pwa.manifestShortName"),
    description: t("pwa.manifestDescription"),
    lang: "zh-CN",
    dir: "ltr",
    start_url: "/",
    scope: "/",
    display: "standalone",
    orientation: "portrait",
    background_color: "#ffffff",
    theme_color: "#0f766e",
    categories: ["education", "productivity"],
    icons: [
      { src: "/icon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" },
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
