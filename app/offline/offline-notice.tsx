import Link from "next/link";
import { LOCALES, makeTranslator } from "@/lib/i18n";
import { ReloadButton } from "./reload-button";

/**
 * The offline page's text (and the attempt's shell's, when the phone kept no questions for the
 * attempt asked for). It is cached once for every later visitor of the device, so it says its
 * piece in both languages instead of the one of whoever installed it, and carries nothing about a user.
 */
export function OfflineNotice() {
  return (
    <main className="mx-auto max-w-xl space-y-8 px-4 py-10">
      {LOCALES.map((locale, i) => {
        const t = makeTranslator(locale);
        // One h1: the page in the default language; the other language's copy a level down.
        const [H, Sub] = i === 0 ? (["h1", "h2"] as const) : (["h2", "h3"] as const);
        return (
          <section key={locale} lang={locale} className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
            <H className="text-xl font-semibold text-brand-800">{t("pwa.offline.title")}</H>
            <p className="mt-2 text-sm text-slate-700">{t("pwa.offline.intro")}</p>
            <Sub className="mt-4 text-sm font-semibold text-slate-900">{t("pwa.offline.worksTitle")}</Sub>
            <ul className="mt-1 list-disc space-y-1 pl-5 text-sm text-slate-700">
              <li>{t("pwa.offline.works.quiz")}</li>
              <li>{t("pwa.offline.works.visited")}</li>
              <li>{t("pwa.offline.works.lessons")}</li>
            </ul>
            <Sub className="mt-4 text-sm font-semibold text-slate-900">{t("pwa.offline.notTitle")}</Sub>
            <p className="mt-1 text-sm text-slate-700">{t("pwa.offline.not")}</p>
            <div className="mt-4 flex flex-wrap gap-3">
              <ReloadButton label={t("pwa.offline.retry")} />
              <Link href="/" className="inline-flex min-h-10 items-center rounded-md border border-slate-300 px-4 text-sm text-slate-800 hover:bg-slate-50">
                {t("pwa.offline.home")}
              </Link>
            </div>
          </section>
        );
      })}
    </main>
  );
}
