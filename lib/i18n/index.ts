import en from "./messages/en";
import zhCN, { type Messages } from "./messages/zh-CN";
import { formatMessage } from "./format";
import type { MessageKey, Params } from "./keys";

export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";
export const LOCALE_COOKIE = "locale";

const catalogues: Record<Locale, Messages> = { "zh-CN": zhCN, en };

export type { MessageKey, Params };
export type Translate = (key: MessageKey, params?: Params) => string;

export function isLocale(v: unknown): v is Locale {
  return typeof v === "string" && (LOCALES as readonly string[]).includes(v);
}

export function messagesFor(locale: Locale): Messages {
  return catalogues[locale];
}

function lookup(messages: Messages, key: string): string | undefined {
  let node: unknown = messages;
  for (const part of key.split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "string" ? node : undefined;
}

export function makeTranslator(locale: Locale): Translate {
  const messages = catalogues[locale];
  return (key, params) => formatMessage(lookup(messages, key) ?? key, params, locale);
}

/** Translates a key that came as data (an error code from lib/); unknown keys fall back to a generic message. */
export function translateCode(t: Translate, code: string, params?: Params): string {
  const text = lookup(catalogues["zh-CN"], code) !== undefined ? t(code as MessageKey, params) : t("errors.generic");
  return text;
}

export type { Messages };
