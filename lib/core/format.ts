/** Instants as people read them: in the site's time zone, in the reader's language. */
import { formatInstant } from "./time";
import { timeZone } from "./clock";

/** A date and time in the site's time zone, e.g. 2026/11/23 14:05 (zh-CN) or 23/11/2026, 14:05 (en). */
export function formatDateTime(d: Date, locale: string, tz: string = timeZone()): string {
  return formatInstant(d, locale, tz);
}
