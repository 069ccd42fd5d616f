"use client";

import { createContext, useCallback, useContext } from "react";
import { formatMessage } from "@/lib/i18n/format";
import type { Params } from "@/lib/i18n/keys";

const LocaleContext = createContext<string>("zh-CN");

/** The reader's language for client components (set once in the root layout). */
export function LocaleProvider({ locale, children }: { locale: string; children: React.ReactNode }) {
  return <LocaleContext.Provider value={locale}>{children}</LocaleContext.Provider>;
}

/**
 * Fills a catalogue message handed down by the server (`m.attempt.unansweredCount`) with values
 * known only in the browser, with the plural rules of the reader's language.
 */
export function useFormat(): (message: string, params: Params) => string {
  const locale = useContext(LocaleContext);
  return useCallback((message: string, params: Params) => formatMessage(message, params, locale), [locale]);
}
