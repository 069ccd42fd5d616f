import { and, eq, inArray, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { members, orgUnits, userRoles, users } from "@/db/schema";
import { audit } from "@/lib/audit";
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from "./password";
import type { Principal, Role, RoleGrant } from "./permissions";
import { ACCOUNT_RULE, ADDRESS_RULE, accountKey, addressKey, clearFailures, lockedUntil, recordFailure } from "./throttle";
import * as clock from "@/lib/core/clock";

export interface CurrentUser extends Principal {
  employeeNo: string;
  name: string;
  orgUnitId: number;
  orgPath: string;
  /** The member's current job: quiz audiences and eligibility look at it. */
  jobId: number | null;
  sessionVersion: number;
  mustChangePassword: boolean;
}

export function normaliseEmployeeNo(raw: string): string {
  // Full-width digits and letters typed on a Chinese keyboard become their ASCII forms.
  return raw
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, "")
    .toUpperCase();
}

/**
 * The signed-in user with roles and scopes, or null when the account is gone or disabled.
 * One query: it runs on every request (the session version check).
 */
export async function loadCurrentUser(db: Db, userId: number): Promise<CurrentUser | null> {
  const [row] = rowsOf<{
    user_id: number;
    member_id: number;
    session_version: number;
    must_change_password: boolean;
    disabled: boolean;
    employee_no: string;
    name: string;
    status: string;
    org_unit_id: number;
    org_path: string;
    job_id: number | null;
    roles: RoleGrant[] | string;
  }>(
    await db.execute(sql`
      SELECT u.id AS user_id, u.member_id, u.session_version, u.must_change_password, u.disabled,
             m.employee_no, m.name, m.status, m.org_unit_id, m.job_id, ou.path AS org_path,
             coalesce((SELECT json_agg(json_build_object('role', r.role, 'scopePath', so.path) ORDER BY r.id)
                       FROM user_roles r LEFT JOIN org_units so ON so.id = r.scope_org_unit_id
                       WHERE r.user_id = u.id), '[]'::json) AS roles
      FROM users u JOIN members m ON m.id = u.member_id JOIN org_units ou ON ou.id = m.org_unit_id
      WHERE u.id = ${userId}`),
  );
  if (!row || row.disabled || row.status === "left") return null;
  const roles = (typeof row.roles === "string" ? JSON.parse(row.roles) : row.roles) as RoleGrant[];
  return {
    userId: Number(row.user_id),
    memberId: Number(row.member_id),
    employeeNo: row.employee_no,
    name: row.name,
    orgUnitId: Number(row.org_unit_id),
    orgPath: row.org_path,
    jobId: row.job_id === null ? null : Number(row.job_id),
    sessionVersion: Number(row.session_version),
    mustChangePassword: row.must_change_password,
    roles: roles.map((g) => ({ role: g.role, scopePath: g.scopePath ?? null })),
  };
}

export type SignInResult =
  | { ok: true; userId: number; sessionVersion: number }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "locked"; until: Date };

/**
 * Checks a password and counts failures per account and per client address. The answer for a
 * wrong password and for an unknown account is the same, and takes as long.
 */
export async function verifySignIn(
  db: Db,
  input: { employeeNo: string; password: string; address: string },
  now = clock.now(),
): Promise<SignInResult> {
  const employeeNo = normaliseEmployeeNo(input.employeeNo);
  const acct = accountKey(employeeNo);
  const addr = addressKey(input.address || "unknown");
  const locked = await lockedUntil(db, [acct, addr], now);
  if (locked) return { ok: false, reason: "locked", until: locked };

  const [row] = await db
    .select({ id: users.id, hash: users.passwordHash, sv: users.sessionVersion, disabled: users.disabled, status: members.status })
    .from(users)
    .innerJoin(members, eq(members.id, users.memberId))
    .where(eq(members.employeeNo, employeeNo))
    .limit(1);
  const usable = row && !row.disabled && row.status !== "left";
  const good = usable
    ? await verifyPassword(row.hash, input.password)
    : (await verifyPassword(await dummyHash(), input.password), false);

  if (!good) {
    const [a, b] = [await recordFailure(db, acct, ACCOUNT_RULE, now), await recordFailure(db, addr, ADDRESS_RULE, now)];
    const until = [a, b].filter((d): d is Date => d !== null).sort((x, y) => y.getTime() - x.getTime())[0];
    return until ? { ok: false, reason: "locked", until } : { ok: false, reason: "invalid" };
  }
  await clearFailures(db, acct);
  await db.update(users).set({ lastLoginAt: now }).where(eq(users.id, row.id));
  return { ok: true, userId: row.id, sessionVersion: row.sv };
}

export type PasswordChangeResult = { ok: true; sessionVersion: number } | { ok: false; error: string };

/** Changes one's own password; every other session of the account ends. */
export async function changeOwnPassword(
  db: Db,
  userId: number,
  current: string,
  next: string,
): Promise<PasswordChangeResult> {
  const [row] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId));
  if (!row || !(await verifyPassword(row.hash, current))) return { ok: false, error: "auth.password.currentWrong" };
  if (current === next) return { ok: false, error: "auth.password.sameAsOld" };
  const problem = passwordProblem(next);
  if (problem) return { ok: false, error: problem };
  const passwordHash = await hashPassword(next);
  const [updated] = await db
    .update(users)
    .set({ passwordHash, mustChangePassword: false, sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId))
    .returning({ sv: users.sessionVersion });
  await audit(db, { actorUserId: userId, action: "password.change", entity: "user", entityId: userId });
  return { ok: true, sessionVersion: updated.sv };
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
  const problem = passwordProblem(temporaryPassword);
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
      const [created] = await tx
        .insert(users)
        .values({ memberId, passwordHash, mustChangePassword: true })
        .returning({ id: users.id });
      userId = created.id;
      await tx.insert(userRoles).values({ userId, role: "worker", scopeOrgUnitId: null });
    }
    await clearFailures(tx, accountKey(member.employeeNo));
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
    const before = await tx
      .select({ role: userRoles.role, scopeOrgUnitId: userRoles.scopeOrgUnitId })
      .from(userRoles)
      .where(eq(userRoles.userId, userId));
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
      await tx.insert(userRoles).values(grants.map((g) => ({ userId, ...g }))).onConflictDoNothing();
    }
    await tx.update(users).set({ sessionVersion: sql`${users.sessionVersion} + 1` }).where(eq(users.id, userId));
    await audit(tx, { actorUserId, action: "roles.set", entity: "user", entityId: userId, before, after: grants });
    return { ok: true as const };
  });
}

export async function setDisabled(db: Db, actorUserId: number, userId: number, disabled: boolean): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ disabled, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, userId));
    await audit(tx, { actorUserId, action: disabled ? "account.disable" : "account.enable", entity: "user", entityId: userId });
  });
}

/** Accounts of the given members, for showing who can sign in. */
export async function accountsOf(db: Db, memberIds: number[]) {
  if (memberIds.length === 0) return [];
  return db
    .select({ memberId: users.memberId, userId: users.id, disabled: users.disabled, mustChangePassword: users.mustChangePassword, lastLoginAt: users.lastLoginAt })
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
