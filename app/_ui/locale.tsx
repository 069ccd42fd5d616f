"use client";

import { createContext, useCallback, useContext } from "react";
import { formatInstant } from "@/lib/core/time";
import { formatMessage } from "@/lib/i18n/format";
import type { Params } from "@/lib/i18n/keys";

const LocaleContext = createContext<string>("zh-CN");

/** The reader's language for client components (set once in the root layout). */
export function LocaleProvider({ locale, children }: { locale: string; children: React.ReactNode }) {
  return <LocaleContext.Provider value={locale}>{children}</LocaleContext.Provider>;
}

/** The reader's language (an attempt kept for offline remembers it: lib/quiz/offline-view). */
export function useLocale(): string {
  return useContext(LocaleContext);
}

/**
 * Fills a catalogue message handed down by the server (`m.attempt.unansweredCount`) with values
 * known only in the browser, with the plural rules of the reader's language.
 */
export function useFormat(): (message: string, params: Params) => string {
  const locale = useContext(LocaleContext);
  return useCallback((message: string, params: Params) => formatMessage(message, params, locale), [locale]);
}

/** Dates and times in the site's style (lib/core/format `formatDateTime`), in the reader's language; `tz` is the site's zone, handed down by the page. */
export function useDateTime(tz: string): (d: Date) => string {
  const locale = useContext(LocaleContext);
  return useCallback((d: Date) => formatInstant(d, locale, tz), [locale, tz]);
}
