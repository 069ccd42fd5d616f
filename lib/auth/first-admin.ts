/**
 * The first administrator of a production database, which starts empty (no demo data): made from
 * the command line by `npm run admin:create` (scripts/admin-create.ts). The password is temporary:
 * it must be changed at the first sign-in. A second administrator is made in the app; the command
 * makes one only when told `--force-another` (e.g. the only one left the company).
 */
import { randomInt } from "node:crypto";
import { eq, isNull, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { members, orgUnits, userRoles, users } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { fail, ok, type Result } from "@/lib/core/result";
import { hasBadCharacters } from "@/lib/core/text";
import * as clock from "@/lib/core/clock";
import { searchWords } from "@/lib/core/search-words";
import { normaliseEmployeeNo } from "./accounts";
import { hashPassword, passwordProblem } from "./password";
import { clearAccountFailures } from "./throttle";

export interface AdminInput {
  employeeNo: string;
  name: string;
  password: string;
  /** Name of the top unit, made when the organisation is still empty. */
  unitName?: string;
  forceAnother?: boolean;
}

/** Whether an enabled whole-area administrator exists. */
export async function hasAdmin(db: Db): Promise<boolean> {
  const rows = rowsOf<{ one: number }>(
    await db.execute(sql`SELECT 1 AS one FROM user_roles r JOIN users u ON u.id = r.user_id
      WHERE r.role = 'admin' AND r.scope_org_unit_id IS NULL AND NOT u.disabled LIMIT 1`),
  );
  return rows.length > 0;
}

export async function createAdmin(db: Db, input: AdminInput, now = clock.now()): Promise<Result<{ userId: number; memberId: number; unitCreated: boolean }>> {
  const employeeNo = normaliseEmployeeNo(input.employeeNo);
  const name = input.name.trim();
  const unitName = (input.unitName ?? "").trim() || "作业区";
  if (!/^[A-Z0-9-]{1,32}$/.test(employeeNo)) return fail("import.errors.badEmployeeNo", { value: input.employeeNo }, "badRequest");
  if (!name || name.length > 50 || hasBadCharacters(name) || unitName.length > 50 || hasBadCharacters(unitName))
    return fail("errors.invalidInput", undefined, "badRequest");
  if (!input.forceAnother && (await hasAdmin(db))) return fail("auth.firstAdmin.exists", undefined, "conflict");
  const problem = passwordProblem(input.password, { employeeNo, name });
  if (problem) return fail(problem);
  const passwordHash = await hashPassword(input.password);

  return db.transaction(async (tx) => {
    const [oldRoot] = await tx.select({ id: orgUnits.id }).from(orgUnits).where(isNull(orgUnits.parentId)).orderBy(orgUnits.id).limit(1);
    const unitCreated = !oldRoot;
    const root = oldRoot ?? (await tx.insert(orgUnits).values({ kind: "area", name: unitName, code: "AREA" }).returning({ id: orgUnits.id }))[0]!;
    if (unitCreated) {
      await tx
        .update(orgUnits)
        .set({ path: `/${root.id}/` })
        .where(eq(orgUnits.id, root.id));
    }
    const [oldMember] = await tx.select({ id: members.id }).from(members).where(eq(members.employeeNo, employeeNo));
    const member =
      oldMember ??
      (
        await tx
          .insert(members)
          .values({ employeeNo, name, searchWords: searchWords(employeeNo, name), orgUnitId: root.id, specialty: "safety" })
          .returning({ id: members.id })
      )[0]!;
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.memberId, member.id));
    let userId: number;
    if (existing) {
      await tx
        .update(users)
        .set({ passwordHash, mustChangePassword: true, disabled: false, sessionVersion: sql`${users.sessionVersion} + 1` })
        .where(eq(users.id, existing.id));
      userId = existing.id;
    } else {
      const created = await tx
        .insert(users)
        .values({ memberId: member.id, passwordHash, mustChangePassword: true, createdAt: now })
        .returning({ id: users.id });
      userId = created[0]!.id;
    }
    await tx
      .insert(userRoles)
      .values([
        { userId, role: "admin" as const, scopeOrgUnitId: null },
        { userId, role: "worker" as const, scopeOrgUnitId: null },
      ])
      .onConflictDoNothing();
    await clearAccountFailures(tx, employeeNo);
    await audit(tx, { actorUserId: null, action: "admin.create", entity: "user", entityId: userId, after: { employeeNo, unitCreated } });
    return ok({ userId, memberId: member.id, unitCreated });
  });
}

/** A password to hand over once: 16 characters without look-alikes, with letters and digits. */
export function generatePassword(): string {
  const letters = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
  const digits = "23456789";
  const all = letters + digits;
  for (;;) {
    const p = Array.from({ length: 16 }, () => all[randomInt(all.length)]).join("");
    if (/[A-Za-z]/.test(p) && /\d/.test(p) && passwordProblem(p) === null) return p;
  }
}
