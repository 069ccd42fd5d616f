import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import * as clock from "@/lib/core/clock";

export interface ThrottleRule {
  /** Failures allowed inside the window before the key is locked. */
  max: number;
  windowSeconds: number;
  lockSeconds: number;
}

export const ACCOUNT_RULE: ThrottleRule = { max: 5, windowSeconds: 15 * 60, lockSeconds: 15 * 60 };
export const ADDRESS_RULE: ThrottleRule = { max: 30, windowSeconds: 15 * 60, lockSeconds: 15 * 60 };

/** The latest lock still in force among the keys, if any. */
export async function lockedUntil(db: Db, keys: string[], now = clock.now()): Promise<Date | null> {
  if (keys.length === 0) return null;
  const rows = rowsOf<{ until: string | Date | null }>(
    await db.execute(sql`SELECT max(locked_until) AS until FROM login_throttle
      WHERE key IN (${sql.join(keys.map((k) => sql`${k}`), sql`, `)}) AND locked_until > ${now.toISOString()}::timestamptz`),
  );
  const until = rows[0]?.until;
  return until ? new Date(until) : null;
}

/**
 * Counts one failure for `key` in one atomic statement (two instances racing still count
 * twice) and returns the lock it caused, if any.
 */
export async function recordFailure(db: Db, key: string, rule: ThrottleRule, now = clock.now()): Promise<Date | null> {
  const ts = now.toISOString();
  const rows = rowsOf<{ locked_until: string | Date | null }>(
    await db.execute(sql`
      INSERT INTO login_throttle AS t (key, failures, window_start, locked_until)
      VALUES (${key}, 1, ${ts}::timestamptz, CASE WHEN 1 >= ${rule.max} THEN ${ts}::timestamptz + make_interval(secs => ${rule.lockSeconds}) END)
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN t.window_start < ${ts}::timestamptz - make_interval(secs => ${rule.windowSeconds}) THEN 1 ELSE t.failures + 1 END,
        window_start = CASE WHEN t.window_start < ${ts}::timestamptz - make_interval(secs => ${rule.windowSeconds}) THEN ${ts}::timestamptz ELSE t.window_start END,
        locked_until = CASE
          WHEN (CASE WHEN t.window_start < ${ts}::timestamptz - make_interval(secs => ${rule.windowSeconds}) THEN 1 ELSE t.failures + 1 END) >= ${rule.max}
          THEN ${ts}::timestamptz + make_interval(secs => ${rule.lockSeconds})
          ELSE t.locked_until END
      RETURNING locked_until`),
  );
  const until = rows[0]?.locked_until;
  return until && new Date(until) > now ? new Date(until) : null;
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.execute(sql`DELETE FROM login_throttle WHERE key = ${key}`);
}

export const accountKey = (employeeNo: string) => `acct:${employeeNo}`;
export const addressKey = (address: string) => `ip:${address}`;
