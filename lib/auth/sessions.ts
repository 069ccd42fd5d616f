/**
 * Server-side sessions. The session cookie (an Auth.js JWE) carries the user id and a random
 * session id; the session is the row in `auth_sessions` keyed by the id's SHA-256 (a copy of the
 * database holds no usable id). Sign-out deletes the row, so a copied cookie dies with it; a row
 * unused for the idle time or past its absolute end is no session, nor is one opened before the
 * account's password or roles changed (session version).
 *
 * Reading it is one indexed lookup joined to the user (the quiz storm reads it on every save);
 * "last seen" is written at most every TOUCH_MS, not on every request.
 */
import { createHash, randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import * as clock from "@/lib/core/clock";
import { USER_COLUMNS, userFromRow, type CurrentUser, type UserRow } from "./user-row";
import { sessionLimits, type SessionLimits } from "./settings";

export const TOUCH_MS = 5 * 60_000;

/**
 * A session's key: the SHA-256 of its secret id, the row's primary key. Not a secret itself (it
 * cannot be turned back into a cookie), so other things may be bound to a session by it — e.g. a
 * signed media URL, which then dies when the session ends.
 */
export const sessionKeyOf = (sessionId: string) => createHash("sha256").update(sessionId).digest("base64url");
const rowId = sessionKeyOf;
const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** Opens a session for the user at their current session version; returns the id for the cookie. */
export async function openSession(db: Db, userId: number, now = clock.now(), limits: SessionLimits = sessionLimits()): Promise<string> {
  const sessionId = randomBytes(32).toString("base64url");
  await db.execute(sql`INSERT INTO auth_sessions (id, user_id, session_version, created_at, last_seen_at, expires_at)
    SELECT ${rowId(sessionId)}, u.id, u.session_version, ${at(now)}, ${at(now)}, ${at(new Date(now.getTime() + limits.absoluteMs))}
    FROM users u WHERE u.id = ${userId}`);
  // The user's sessions that can no longer be used go at the same time, so the table stays small.
  await db.execute(sql`DELETE FROM auth_sessions s USING users u
    WHERE s.user_id = ${userId} AND u.id = s.user_id
      AND (s.expires_at <= ${at(now)} OR s.last_seen_at <= ${at(new Date(now.getTime() - limits.idleMs))} OR s.session_version <> u.session_version)`);
  return sessionId;
}

/** Ends one session (sign-out). Ending one that is gone already is harmless. */
export async function endSession(db: Db, sessionId: string): Promise<void> {
  await db.execute(sql`DELETE FROM auth_sessions WHERE id = ${rowId(sessionId)}`);
}

/** Ends every session of a user (a password change ends the others as well). */
export async function endAllSessions(db: Db, userId: number): Promise<void> {
  await db.execute(sql`DELETE FROM auth_sessions WHERE user_id = ${userId}`);
}

/**
 * The user of a live session, or null: the row exists for this user, is neither idle nor past
 * its end, and was opened at the user's current session version; the account is usable.
 */
export async function loadSessionUser(
  db: Db,
  claims: { uid: number; sid: string },
  now = clock.now(),
  limits: SessionLimits = sessionLimits(),
): Promise<CurrentUser | null> {
  const id = rowId(claims.sid);
  const [row] = rowsOf<UserRow & { last_seen_at: string | Date }>(
    await db.execute(sql`
      SELECT s.last_seen_at, ${USER_COLUMNS}
      FROM auth_sessions s
      JOIN users u ON u.id = s.user_id AND u.session_version = s.session_version
      JOIN members m ON m.id = u.member_id JOIN org_units ou ON ou.id = m.org_unit_id
      WHERE s.id = ${id} AND s.user_id = ${claims.uid}
        AND s.expires_at > ${at(now)} AND s.last_seen_at > ${at(new Date(now.getTime() - limits.idleMs))}`),
  );
  const found = row ? userFromRow(row) : null;
  if (!row || !found) return null;
  const user = { ...found, sessionKey: id };
  if (now.getTime() - new Date(row.last_seen_at).getTime() >= TOUCH_MS) {
    await db.execute(sql`UPDATE auth_sessions SET last_seen_at = ${at(now)} WHERE id = ${id} AND last_seen_at < ${at(now)}`);
  }
  return user;
}

/**
 * Whether the session with this key (see `sessionKeyOf`) is live for this user now: the same
 * conditions as `loadSessionUser`, without loading the user or touching the row.
 */
export async function isSessionLive(db: Db, sessionKey: string, userId: number, now = clock.now(), limits: SessionLimits = sessionLimits()): Promise<boolean> {
  if (!sessionKey) return false;
  const rows = rowsOf<{ one: number }>(
    await db.execute(sql`
      SELECT 1 AS one FROM auth_sessions s
      JOIN users u ON u.id = s.user_id AND u.session_version = s.session_version AND NOT u.disabled
      JOIN members m ON m.id = u.member_id AND m.status <> 'left'
      WHERE s.id = ${sessionKey} AND s.user_id = ${userId}
        AND s.expires_at > ${at(now)} AND s.last_seen_at > ${at(new Date(now.getTime() - limits.idleMs))}`),
  );
  return rows.length > 0;
}
