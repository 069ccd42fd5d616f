/** Certificates about to expire (or lately expired) in a unit the actor may read the roster of. */
import { sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { scopeOf, type Principal } from "@/lib/auth/permissions";
import { ok, type Result } from "@/lib/core/result";
import { addDays, dayIn, daysBetween } from "@/lib/core/time";
import { reviewDueSql } from "@/lib/eligibility/roster";
import * as clock from "@/lib/core/clock";
import { escapeLike, inScope } from "@/lib/org/scope";
import { scopedUnit, type UnitRef } from "@/lib/org/units";

export interface ExpiringRow {
  id: number;
  memberId: number;
  employeeNo: string;
  name: string;
  unitName: string;
  typeName: string;
  number: string;
  /** expiry: the certificate runs out on `expiresOn`; review: its 复审 is due on `expiresOn`. */
  kind: "expiry" | "review";
  expiresOn: string;
  daysLeft: number;
}

const optionalId = z.preprocess((v) => (v === "" || v === undefined ? null : v), z.coerce.number().int().positive().max(2_147_483_647).nullable());

/** The list's filters as they come from the URL. */
export const expiringFilter = z.object({
  unit: optionalId,
  within: z.preprocess((v) => (v === "" || v === undefined ? 90 : v), z.coerce.number().int().min(0).max(3650)),
  type: optionalId,
  expired: z.preprocess((v) => v === "1", z.boolean()),
});
type ExpiringFilter = z.infer<typeof expiringFilter>;

/**
 * Certificates of active members in the unit (inside the actor's `roster.read` scope) that expire
 * between today and today + `within` days (with `expired`, also those already expired in the last
 * year), soonest first. A member's certificate that was renewed (a later one of the same type) is
 * left out. A unit outside the scope is "not found".
 */
export async function listExpiring(
  db: Db,
  actor: Principal,
  f: ExpiringFilter & { limit?: number },
  now: Date = clock.now(),
): Promise<Result<{ unit: UnitRef; today: string; rows: ExpiringRow[] }>> {
  const unit = await scopedUnit(db, actor, "roster.read", f.unit);
  if (!unit.ok) return unit;
  const today = dayIn(now, clock.timeZone());
  const from = f.expired ? addDays(today, -365) : today;
  const to = addDays(today, f.within);
  const unitFilter = sql`u.path LIKE ${`${escapeLike(unit.value.path)}%`} AND ${inScope(sql`u.path`, scopeOf(actor, "roster.read"))}
         ${f.type !== null ? sql`AND c.certificate_type_id = ${f.type}` : sql``}`;
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      SELECT x.*, x.on_day::text AS day_text FROM (
      SELECT c.id, m.id AS member_id, m.employee_no, m.name, u.name AS unit_name, t.name AS type_name, c.number, 'expiry' AS kind, c.expires_on AS on_day
        FROM member_certificates c
        JOIN certificate_types t ON t.id = c.certificate_type_id
        JOIN members m ON m.id = c.member_id AND m.status = 'active'
        JOIN org_units u ON u.id = m.org_unit_id
       WHERE c.expires_on BETWEEN ${from}::date AND ${to}::date AND ${unitFilter}
         AND NOT EXISTS (SELECT 1 FROM member_certificates n WHERE n.member_id = c.member_id AND n.certificate_type_id = c.certificate_type_id
                           AND n.id <> c.id AND (n.expires_on IS NULL OR n.expires_on > c.expires_on))
      UNION ALL
      -- 复审 due in the same span (a certificate renewed by a later one, or expiring before its review, left out).
      SELECT c.id, m.id, m.employee_no, m.name, u.name, t.name, c.number, 'review', d.due
        FROM member_certificates c
        JOIN certificate_types t ON t.id = c.certificate_type_id AND t.review_every_years IS NOT NULL
        JOIN members m ON m.id = c.member_id AND m.status = 'active'
        JOIN org_units u ON u.id = m.org_unit_id
        CROSS JOIN LATERAL (SELECT ${reviewDueSql(sql`c`, sql`t`)} AS due) d
       WHERE d.due BETWEEN ${from}::date AND ${to}::date AND ${unitFilter}
         AND (c.expires_on IS NULL OR c.expires_on > d.due)
         AND NOT EXISTS (SELECT 1 FROM member_certificates n WHERE n.member_id = c.member_id AND n.certificate_type_id = c.certificate_type_id
                           AND n.id <> c.id AND n.issued_on > c.issued_on)
      ) x
       ORDER BY x.on_day, x.employee_no, x.kind
       ${f.limit ? sql`LIMIT ${f.limit}` : sql``}`),
  ).map((r) => ({
    id: Number(r.id),
    memberId: Number(r.member_id),
    employeeNo: String(r.employee_no),
    name: String(r.name),
    unitName: String(r.unit_name),
    typeName: String(r.type_name),
    number: String(r.number),
    kind: r.kind === "review" ? ("review" as const) : ("expiry" as const),
    expiresOn: String(r.day_text),
    daysLeft: daysBetween(today, String(r.day_text)),
  }));
  return ok({ unit: unit.value, today, rows });
}
