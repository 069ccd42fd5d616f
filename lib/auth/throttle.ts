import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import * as clock from "@/lib/core/clock";

export interface ThrottleRule {
  /** Failures inside the window before the key is locked. */
  max: number;
  windowSeconds: number;
  /** The lock; with `growing`, the cap of a lock that doubles from 1 s with each further failure. */
  lockSeconds: number;
  growing?: boolean;
}

/**
 * One account from one address: five wrong passwords lock that pair for 15 minutes. Someone
 * elsewhere guessing the account's password therefore never locks its owner out.
 */
export const PAIR_RULE: ThrottleRule = { max: 5, windowSeconds: 15 * 60, lockSeconds: 15 * 60 };
/** One address across accounts (spraying one password over many accounts). */
export const ADDRESS_RULE: ThrottleRule = { max: 30, windowSeconds: 15 * 60, lockSeconds: 15 * 60 };
/**
 * One account from anywhere: from the fifth failure of a day on, each failure makes the next try
 * from an address the account never signed in from wait 1, 2, 4 … seconds, at most 15 minutes.
 * Guessing from many addresses slows to a few tries an hour; the owner's own addresses are exempt.
 */
export const ACCOUNT_RULE: ThrottleRule = { max: 5, windowSeconds: 24 * 3600, lockSeconds: 15 * 60, growing: true };

/** The latest lock still in force among the keys, if any. */
export async function lockedUntil(db: Db, keys: string[], now = clock.now()): Promise<Date | null> {
  if (keys.length === 0) return null;
  const rows = rowsOf<{ until: string | Date | null }>(
    await db.execute(sql`SELECT max(locked_until) AS until FROM login_throttle
      WHERE key IN (${sql.join(
        keys.map((k) => sql`${k}`),
        sql`, `,
      )}) AND locked_until > ${now.toISOString()}::timestamptz`),
  );
  const until = rows[0]?.until;
  return until ? new Date(until) : null;
}

/**
 * Counts one failure for `key` in one atomic statement (two instances racing still count
 * twice) and returns the lock it caused, if any.
 */
export async function recordFailure(db: Db, key: string, rule: ThrottleRule, now = clock.now()): Promise<Date | null> {
  const ts = sql`${now.toISOString()}::timestamptz`;
  const stale = sql`t.window_start < ${ts} - make_interval(secs => ${rule.windowSeconds})`;
  const failures = sql`(CASE WHEN ${stale} THEN 1 ELSE t.failures + 1 END)`;
  const lockFor = (n: ReturnType<typeof sql>) => (rule.growing ? sql`LEAST(power(2, ${n} - ${rule.max}), ${rule.lockSeconds})` : sql`${rule.lockSeconds}`);
  const rows = rowsOf<{ locked_until: string | Date | null }>(
    await db.execute(sql`
      INSERT INTO login_throttle AS t (key, failures, window_start, locked_until)
      VALUES (${key}, 1, ${ts}, CASE WHEN 1 >= ${rule.max} THEN ${ts} + make_interval(secs => ${lockFor(sql`1`)}) END)
      ON CONFLICT (key) DO UPDATE SET
        failures = ${failures},
        window_start = CASE WHEN ${stale} THEN ${ts} ELSE t.window_start END,
        locked_until = CASE WHEN ${failures} >= ${rule.max}
          THEN GREATEST(coalesce(t.locked_until, ${ts}), ${ts} + make_interval(secs => ${lockFor(failures)}))
          ELSE t.locked_until END
      RETURNING locked_until`),
  );
  const until = rows[0]?.locked_until;
  return until && new Date(until) > now ? new Date(until) : null;
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.execute(sql`DELETE FROM login_throttle WHERE key = ${key}`);
}

/** Lifts every lock on an account (a reset by an administrator): its own and its address pairs'. */
export async function clearAccountFailures(db: Db, employeeNo: string): Promise<void> {
  const like = `pair:${employeeNo.replace(/[\\%_]/g, (c) => `\\${c}`)}|%`;
  await db.execute(sql`DELETE FROM login_throttle WHERE key = ${accountKey(employeeNo)} OR key LIKE ${like}`);
}

export const accountKey = (employeeNo: string) => `acct:${employeeNo}`;
export const addressKey = (address: string) => `ip:${address}`;
export const pairKey = (employeeNo: string, address: string) => `pair:${employeeNo}|${address}`;
