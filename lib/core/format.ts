/** Instants as people read them: in the site's time zone, in the reader's language. */
import { timeZone } from "./clock";

const formats = new Map<string, Intl.DateTimeFormat>();

/** A date and time in the site's time zone, e.g. 2026-11-23 14:05 (zh-CN) or 23/11/2026, 14:05 (en). */
export function formatDateTime(d: Date, locale: string, tz: string = timeZone()): string {
  const key = `${locale}|${tz}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "zh-CN", {
      timeZone: tz,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hour12: false,
    });
    formats.set(key, f);
  }
  return f.format(d);
}
