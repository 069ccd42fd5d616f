/**
 * The one clock. Every business rule that needs "now" or "today" reads it here (or is handed it
 * by a caller that did), never from `new Date()`, `Date.now()` or SQL's `now()`/`CURRENT_DATE`:
 * so the app, the background jobs, the benches and the tests agree on the instant, and a test
 * pins the day it means by passing it in. `tests/unit/clock-rule.test.ts` holds the rule on lib/.
 *
 * The system clock is read in exactly one place (`now`); CI also runs the suite with the clock
 * moved (faketime), so a rule that depends on the day it runs fails the day it is written.
 */
import { config } from "./config";
import { dayIn, quarterOf } from "./time";

/** The site's time zone (APP_TIME_ZONE): days, quarters and deadlines are reckoned in it. */
export function timeZone(): string {
  return config().APP_TIME_ZONE;
}

/** The current instant. */
export function now(): Date {
  return new Date(Date.now());
}

/** The current instant in milliseconds since the epoch. */
export function nowMs(): number {
  return Date.now();
}

/** Today in the site's zone (or `tz`), "YYYY-MM-DD". */
export function today(tz: string = timeZone()): string {
  return dayIn(now(), tz);
}

/** The current quarter in the site's zone, "2026-Q4". */
export function currentQuarter(tz: string = timeZone()): string {
  return quarterOf(dayIn(now(), tz));
}
