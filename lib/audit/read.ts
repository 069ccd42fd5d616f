/**
 * The audit log as an administrator reads it: who changed what, when, with the record before and
 * after. Only `audit.read` over the whole organisation: the log spans every unit.
 */
import { and, desc, eq, gte, like, lt, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { auditLog, members, users } from "@/db/schema";
import { holdsEverywhere } from "@/lib/auth/ownership";
import type { Principal } from "@/lib/auth/permissions";
import * as clock from "@/lib/core/clock";
import { forbidden, ok, type Result } from "@/lib/core/result";
import { withoutBadCharacters } from "@/lib/core/text";
import { addDays, isDay, startOfDay } from "@/lib/core/time";
import { escapeLike } from "@/lib/org/scope";

export const AUDIT_PAGE_SIZE = 50;

const word = (max: number) =>
  z
    .string()
    .transform((s) => withoutBadCharacters(s).trim())
    .pipe(z.string().max(max))
    .optional()
    .catch(undefined)
    .transform((s) => (s ? s : undefined));
const day = z
  .string()
  .optional()
  .catch(undefined)
  .transform((s) => (s && isDay(s) ? s : undefined));

/** The log's filters from the URL: a value that is not one is dropped, never an error. */
export const auditFilter = z.object({
  /** The actor's employee number, or its beginning. */
  actor: word(32),
  action: word(80),
  entity: word(80),
  /** Days in the site's zone, both included. */
  from: day,
  to: day,
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
export type AuditFilter = z.infer<typeof auditFilter>;

export interface AuditEntry {
  id: number;
  at: Date;
  actor: { employeeNo: string; name: string } | null;
  action: string;
  entity: string;
  entityId: string | null;
  changes: Change[];
}

/** One field that differs between before and after (values as short text). */
export interface Change {
  field: string | null;
  before: string | null;
  after: string | null;
}

const MAX_VALUE = 120;
const MAX_CHANGES = 30;

function show(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * What changed, field by field: for two records, the fields whose values differ (and those only
 * one side has); otherwise the two values whole.
 */
export function changesOf(before: unknown, after: unknown): Change[] {
  if (isRecord(before) || isRecord(after)) {
    const b = isRecord(before) ? before : {};
    const a = isRecord(after) ? after : {};
    const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
    const out: Change[] = [];
    for (const f of fields) {
      const bv = show(b[f]);
      const av = show(a[f]);
      // Fields only the before side has (a whole row, say) matter only when the row is gone.
      if (isRecord(after) && !(f in a)) continue;
      if (bv !== av) out.push({ field: f, before: bv, after: av });
    }
    return out.slice(0, MAX_CHANGES);
  }
  const [bv, av] = [show(before), show(after)];
  return bv === null && av === null ? [] : [{ field: null, before: bv, after: av }];
}

export interface AuditPage {
  rows: AuditEntry[];
  total: number;
  page: number;
  pages: number;
  /** Every action and entity in the log, for the filter's choices. */
  actions: string[];
  entities: string[];
}

/** One page of the log, newest first, filtered. */
export async function listAudit(db: Db, actor: Principal, f: AuditFilter, tz: string = clock.timeZone()): Promise<Result<AuditPage>> {
  if (!holdsEverywhere(actor, "audit.read")) return forbidden();
  const conds: SQL[] = [];
  if (f.actor) conds.push(like(members.employeeNo, `${escapeLike(f.actor.toUpperCase())}%`));
  if (f.action) conds.push(eq(auditLog.action, f.action));
  if (f.entity) conds.push(eq(auditLog.entity, f.entity));
  if (f.from) conds.push(gte(auditLog.at, startOfDay(f.from, tz)));
  if (f.to) conds.push(lt(auditLog.at, startOfDay(addDays(f.to, 1), tz)));
  const where = conds.length ? and(...conds) : undefined;
  const base = () =>
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorUserId))
      .leftJoin(members, eq(members.id, users.memberId));
  const [counted] = await base().where(where);
  const total = Number(counted?.n ?? 0);
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const page = Math.min(f.page, pages);
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      employeeNo: members.employeeNo,
      name: members.name,
      action: auditLog.action,
      entity: auditLog.entity,
      entityId: auditLog.entityId,
      before: auditLog.before,
      after: auditLog.after,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .leftJoin(members, eq(members.id, users.memberId))
    .where(where)
    .orderBy(desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE)
    .offset((page - 1) * AUDIT_PAGE_SIZE);
  const [actions, entities] = [
    await db.selectDistinct({ v: auditLog.action }).from(auditLog).orderBy(auditLog.action),
    await db.selectDistinct({ v: auditLog.entity }).from(auditLog).orderBy(auditLog.entity),
  ];
  return ok({
    rows: rows.map((r) => ({
      id: Number(r.id),
      at: r.at,
      actor: r.employeeNo !== null && r.name !== null ? { employeeNo: r.employeeNo, name: r.name } : null,
      action: r.action,
      entity: r.entity,
      entityId: r.entityId,
      changes: changesOf(r.before, r.after),
    })),
    total,
    page,
    pages,
    actions: actions.map((a) => a.v),
    entities: entities.map((e) => e.v),
  });
}
