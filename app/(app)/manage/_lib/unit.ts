import type { Db } from "@/db/client";
import { can, scopeOf, type Principal } from "@/lib/auth/permissions";
import { rosterUnit } from "@/lib/eligibility/service";

/** The unit a manager's page starts from (asked for, else their scope), checked against the scope. */
export async function managedUnit(db: Db, user: Principal, raw: string | string[] | undefined) {
  const v = Array.isArray(raw) ? raw[0] : raw;
  const id = v && /^\d{1,9}$/.test(v) ? Number(v) : null;
  if (v && id === null) return null;
  const scope = scopeOf(user, "roster.read");
  const unit = await rosterUnit(db, scope, id);
  if (!unit || !can(user, "roster.read", unit.path)) return null;
  return { unit, scope };
}
