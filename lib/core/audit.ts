/** The audit trail every domain writes: who changed what, in the transaction that changed it (read by lib/audit). */
import type { Db } from "@/db/client";
import { auditLog } from "@/db/schema";
import * as clock from "@/lib/core/clock";

export interface AuditEntry {
  actorUserId: number | null;
  action: string;
  entity: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
}

/** Writes one audit row; call it inside the transaction that made the change. */
export async function audit(db: Db, e: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    at: clock.now(),
    actorUserId: e.actorUserId,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId == null ? null : String(e.entityId),
    before: e.before ?? null,
    after: e.after ?? null,
  });
}
