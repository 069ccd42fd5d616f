import { and, eq, inArray, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { members, orgUnits, userRoles, users } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from "./password";
import type { Role } from "./permissions";
import { endAllSessions, openSession } from "./sessions";
import {
  ACCOUNT_RULE,
  ADDRESS_RULE,
  PAIR_RULE,
  accountKey,
  addressKey,
  clearAccountFailures,
  clearFailures,
  lockedUntil,
  pairKey,
  recordFailure,
} from "./throttle";
import { USER_COLUMNS, userFromRow, type CurrentUser, type UserRow } from "./user-row";
import * as clock from "@/lib/core/clock";
import { fail, ok, type Result } from "@/lib/core/result";

export function normaliseEmployeeNo(raw: string): string {
  // Full-width digits and letters typed on a Chinese keyboard become their ASCII forms.
  return raw
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, "")
    .toUpperCase();
}

/**
 * The user with roles and scopes, or null when the account is gone or disabled. For scripts and
 * tests; a request reads its user through its session (lib/auth/sessions.ts).
 */
export async function loadCurrentUser(db: Db, userId: number): Promise<CurrentUser | null> {
  const [row] = rowsOf<UserRow>(
    await db.execute(sql`
      SELECT ${USER_COLUMNS}
      FROM users u JOIN members m ON m.id = u.member_id JOIN org_units ou ON ou.id = m.org_unit_id
      WHERE u.id = ${userId}`),
  );
  return row ? userFromRow(row) : null;
}

export type SignInResult = { ok: true; userId: number; sessionId: string } | { ok: false; reason: "invalid" } | { ok: false; reason: "locked"; until: Date };

/** An address the account signed in from within this time is its owner's: the account's slow-down spares it. */
const KNOWN_ADDRESS_DAYS = 90;

/**
 * Checks a password and, when right, opens a session. Failures are counted per account and
 * address together (locks that pair), per address (locks spraying), and per account (slows
 * down tries from addresses the account never signed in from): an anonymous caller can neither
 * lock the owner out nor guess quickly from many addresses. The answer for a wrong password and
 * for an unknown account is the same, and takes as long.
 */
export async function verifySignIn(db: Db, input: { employeeNo: string; password: string; address: string }, now = clock.now()): Promise<SignInResult> {
  const employeeNo = normaliseEmployeeNo(input.employeeNo);
  const address = input.address || "unknown";
  const [acct, addr, pair] = [accountKey(employeeNo), addressKey(address), pairKey(employeeNo, address)];

  const [row] = await db
    .select({ id: users.id, hash: users.passwordHash, disabled: users.disabled, status: members.status })
    .from(users)
    .innerJoin(members, eq(members.id, users.memberId))
    .where(eq(members.employeeNo, employeeNo))
    .limit(1);
  const known = row ? await isKnownAddress(db, row.id, address, now) : false;
  const locked = await lockedUntil(db, known ? [pair, addr] : [pair, addr, acct], now);
  if (locked) return { ok: false, reason: "locked", until: locked };

  const usable = row && !row.disabled && row.status !== "left";
  // An unknown or unusable account costs the same hashing, so the time taken does not tell.
  let good = false;
  if (usable) good = await verifyPassword(row.hash, input.password);
  else await verifyPassword(await dummyHash(), input.password);

  if (!good || !row) {
    const locks = [
      await recordFailure(db, pair, PAIR_RULE, now),
      await recordFailure(db, addr, ADDRESS_RULE, now),
      await recordFailure(db, acct, ACCOUNT_RULE, now),
    ];
    const until = (known ? locks.slice(0, 2) : locks).filter((d): d is Date => d !== null).sort((x, y) => y.getTime() - x.getTime())[0];
    return until ? { ok: false, reason: "locked", until } : { ok: false, reason: "invalid" };
  }
  await clearFailures(db, pair);
  await db.update(users).set({ lastLoginAt: now }).where(eq(users.id, row.id));
  await db.execute(sql`INSERT INTO login_known_addresses (user_id, address, last_ok_at) VALUES (${row.id}, ${address}, ${now.toISOString()}::timestamptz)
    ON CONFLICT (user_id, address) DO UPDATE SET last_ok_at = excluded.last_ok_at`);
  return { ok: true, userId: row.id, sessionId: await openSession(db, row.id, now) };
}

async function isKnownAddress(db: Db, userId: number, address: string, now: Date): Promise<boolean> {
  const since = new Date(now.getTime() - KNOWN_ADDRESS_DAYS * 86_400_000);
  const rows = rowsOf<{ one: number }>(
    await db.execute(sql`SELECT 1 AS one FROM login_known_addresses
      WHERE user_id = ${userId} AND address = ${address} AND last_ok_at > ${since.toISOString()}::timestamptz`),
  );
  return rows.length > 0;
}

/** The member's employee number and name, which their password may not contain. */
async function ownerOf(db: Db, where: { userId: number } | { memberId: number }) {
  const [m] = await db
    .select({ employeeNo: members.employeeNo, name: members.name })
    .from(members)
    .leftJoin(users, eq(users.memberId, members.id))
    .where("userId" in where ? eq(users.id, where.userId) : eq(members.id, where.memberId));
  return m;
}

export type PasswordChangeResult = { ok: true; sessionId: string } | { ok: false; error: string };

/** Changes one's own password; every session of the account ends and a new one opens for this browser. */
export async function changeOwnPassword(db: Db, userId: number, current: string, next: string, now = clock.now()): Promise<PasswordChangeResult> {
  const [row] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId));
  if (!row || !(await verifyPassword(row.hash, current))) return { ok: false, error: "auth.password.currentWrong" };
  if (current === next) return { ok: false, error: "auth.password.sameAsOld" };
  const problem = passwordProblem(next, await ownerOf(db, { userId }));
  if (problem) return { ok: false, error: problem };
  const passwordHash = await hashPassword(next);
  await db
    .update(users)
    .set({ passwordHash, mustChangePassword: false, sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId));
  await endAllSessions(db, userId);
  await audit(db, { actorUserId: userId, action: "password.change", entity: "user", entityId: userId });
  return { ok: true, sessionId: await openSession(db, userId, now) };
}

/**
 * Creates the member's account or resets it: a temporary password that must be changed at the
 * next sign-in, any lock lifted, every session ended.
 */
export async function resetAccount(
  db: Db,
  actorUserId: number,
  memberId: number,
  temporaryPassword: string,
): Promise<{ ok: true; userId: number } | { ok: false; error: string }> {
  const problem = passwordProblem(temporaryPassword, await ownerOf(db, { memberId }));
  if (problem) return { ok: false, error: problem };
  const passwordHash = await hashPassword(temporaryPassword);
  return db.transaction(async (tx) => {
    const [member] = await tx.select({ employeeNo: members.employeeNo }).from(members).where(eq(members.id, memberId));
    if (!member) return { ok: false as const, error: "errors.notFound" };
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.memberId, memberId));
    let userId: number;
    if (existing) {
      await tx
        .update(users)
        .set({ passwordHash, mustChangePassword: true, disabled: false, sessionVersion: sql`${users.sessionVersion} + 1` })
        .where(eq(users.id, existing.id));
      userId = existing.id;
    } else {
      const created = await tx.insert(users).values({ memberId, passwordHash, mustChangePassword: true }).returning({ id: users.id });
      userId = created[0]!.id;
      await tx.insert(userRoles).values({ userId, role: "worker", scopeOrgUnitId: null });
    }
    await clearAccountFailures(tx, member.employeeNo);
    await audit(tx, { actorUserId, action: existing ? "account.reset" : "account.create", entity: "user", entityId: userId });
    return { ok: true as const, userId };
  });
}

/**
 * Replaces a user's roles; sessions carrying the old roles end. Nobody takes the whole-area
 * administrator role from themselves, and the last such administrator keeps it: either would
 * leave no one able to manage accounts.
 */
export async function setRoles(
  db: Db,
  actorUserId: number,
  userId: number,
  grants: { role: Role; scopeOrgUnitId: number | null }[],
): Promise<{ ok: true } | { ok: false; error: "members.errors.ownAdmin" | "members.errors.lastAdmin" }> {
  return db.transaction(async (tx) => {
    const before = await tx.select({ role: userRoles.role, scopeOrgUnitId: userRoles.scopeOrgUnitId }).from(userRoles).where(eq(userRoles.userId, userId));
    const isAdmin = (gs: { role: Role; scopeOrgUnitId: number | null }[]) => gs.some((g) => g.role === "admin" && g.scopeOrgUnitId === null);
    if (isAdmin(before) && !isAdmin(grants)) {
      if (actorUserId === userId) return { ok: false as const, error: "members.errors.ownAdmin" as const };
      const others = rowsOf<{ n: number }>(
        await tx.execute(sql`SELECT count(DISTINCT r.user_id)::int AS n FROM user_roles r JOIN users u ON u.id = r.user_id
          WHERE r.role = 'admin' AND r.scope_org_unit_id IS NULL AND NOT u.disabled AND r.user_id <> ${userId}`),
      );
      if (Number(others[0]?.n ?? 0) === 0) return { ok: false as const, error: "members.errors.lastAdmin" as const };
    }
    await tx.delete(userRoles).where(eq(userRoles.userId, userId));
    if (grants.length) {
      await tx
        .insert(userRoles)
        .values(grants.map((g) => ({ userId, ...g })))
        .onConflictDoNothing();
    }
    await tx
      .update(users)
      .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, userId));
    await audit(tx, { actorUserId, action: "roles.set", entity: "user", entityId: userId, before, after: grants });
    return { ok: true as const };
  });
}

/**
 * Disables or enables an account; disabling ends its sessions. Nobody disables their own account,
 * and the last enabled whole-area administrator stays enabled (as with roles, `setRoles`).
 */
export async function setDisabled(db: Db, actorUserId: number, userId: number, disabled: boolean): Promise<Result> {
  return db.transaction(async (tx) => {
    if (disabled) {
      if (actorUserId === userId) return fail("auth.account.ownAccount");
      const isAdmin = rowsOf<{ n: number }>(
        await tx.execute(sql`SELECT count(*)::int AS n FROM user_roles WHERE user_id = ${userId} AND role = 'admin' AND scope_org_unit_id IS NULL`),
      );
      if (Number(isAdmin[0]?.n ?? 0) > 0) {
        // Locks the administrators' rows: two admins disabling each other at once cannot both win.
        const others = rowsOf<{ id: number }>(
          await tx.execute(sql`SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id
            WHERE r.role = 'admin' AND r.scope_org_unit_id IS NULL AND NOT u.disabled AND u.id <> ${userId}
            FOR UPDATE OF u`),
        );
        if (others.length === 0) return fail("auth.account.lastAdmin");
      }
    }
    await tx
      .update(users)
      .set({ disabled, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, userId));
    if (disabled) await endAllSessions(tx, userId);
    await audit(tx, { actorUserId, action: disabled ? "account.disable" : "account.enable", entity: "user", entityId: userId });
    return ok();
  });
}

/** Accounts of the given members, for showing who can sign in. */
export async function accountsOf(db: Db, memberIds: number[]) {
  if (memberIds.length === 0) return [];
  return db
    .select({
      memberId: users.memberId,
      userId: users.id,
      disabled: users.disabled,
      mustChangePassword: users.mustChangePassword,
      lastLoginAt: users.lastLoginAt,
    })
    .from(users)
    .where(inArray(users.memberId, memberIds));
}

export async function rolesOf(db: Db, userId: number) {
  return db
    .select({ role: userRoles.role, scopeOrgUnitId: userRoles.scopeOrgUnitId, scopeName: orgUnits.name })
    .from(userRoles)
    .leftJoin(orgUnits, eq(orgUnits.id, userRoles.scopeOrgUnitId))
    .where(and(eq(userRoles.userId, userId)));
}
