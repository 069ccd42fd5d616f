import type { Metadata, Viewport } from "next";
import { config } from "@/lib/core/config";
import "./globals.css";
import { getLocale, getT } from "./_lib/i18n";
import { Suspense } from "react";
import { LocaleProvider } from "./_ui/locale";
import { ServiceWorker } from "./_ui/service-worker";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getT();
  return {
    title: { default: t("app.name"), template: `%s · ${t("app.name")}` },
    description: t("app.tagline"),
    appleWebApp: { capable: true, title: t("app.name"), statusBarStyle: "default" },
    icons: { icon: "/icon.svg", apple: "/icons/apple-touch-icon.png" },
  };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0f766e" };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body className="min-h-dvh">
        <LocaleProvider locale={locale}>{children}</LocaleProvider>
        <Suspense fallback={null}>
          <ServiceWorker enabled={config().OFFLINE_APP} />
        </Suspense>
      </body>
    </html>
  );
}
