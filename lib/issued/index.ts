/**
 * Certificates JobReady issues itself (README.md here): one per course completion, contest award
 * and completed induction (lib/induction calls `issueForInduction`); listed on the holder's profile, printed as
 * a PDF with a QR code to /verify/<number>, verified there by anyone, revoked by an admin or a
 * trainer over the holder's unit.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { issuedCertificates, members, orgUnits } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import * as clock from "@/lib/core/clock";
import { canReadMember, type Principal } from "@/lib/auth/permissions";
import { mayActOnMember } from "@/lib/auth/ownership";
import { lockedUntil, recordFailure, type ThrottleRule } from "@/lib/auth/throttle";
import { conflict, forbidden, notFound, ok, type Result } from "@/lib/core/result";
import { requiredText } from "@/lib/core/text";
import { dayIn } from "@/lib/core/time";
import { newNumber, normalizeNumber } from "./number";
import { validity, type Validity } from "./rules";

type Kind = "course" | "contest" | "induction";

interface Pending {
  memberId: number;
  kind: Kind;
  sourceId: number;
  holderName: string;
  title: string;
  detail: string;
}

/** Inserts what is not issued yet (the unique source index keeps it once); returns how many were new. */
async function insertPending(db: Db, rows: Pending[], now: Date): Promise<number> {
  let issued = 0;
  for (let i = 0; i < rows.length; i += 500) {
    const batch = rows.slice(i, i + 500).map((r) => ({ ...r, number: newNumber(), issuedAt: now, validUntil: null }));
    const r = await db.insert(issuedCertificates).values(batch).onConflictDoNothing().returning({ id: issuedCertificates.id });
    issued += r.length;
  }
  return issued;
}

const memberFilter = (alias: string, memberIds?: number[]) =>
  memberIds ? sql`AND ${sql.raw(alias)}.member_id IN (${sql.join(memberIds.length ? memberIds.map((m) => sql`${m}`) : [sql`NULL`], sql`, `)})` : sql``;

/**
 * Issues the certificates due and not issued yet: each course completed, each contest result with
 * an award. Idempotent (one per completion or award, whatever runs it twice or at once); called
 * after a course completes or a result is written, and by the points-refresh job for anything
 * those missed. `memberIds` limits it to those members. A source whose certificate was withdrawn
 * (`revokeWithdrawn`) and is due again gets a new certificate, with a new number; one revoked by
 * a person stays the only one.
 */
export async function issueDue(db: Db, opts: { memberIds?: number[] } = {}, now: Date = clock.now()): Promise<number> {
  if (opts.memberIds && opts.memberIds.length === 0) return 0;
  const rows = rowsOf<{ member_id: number; kind: Kind; source_id: number; holder_name: string; title: string; detail: string }>(
    await db.execute(sql`
      SELECT cc.member_id, 'course' AS kind, cc.course_id AS source_id, m.name AS holder_name, c.title, '' AS detail
        FROM course_completions cc JOIN courses c ON c.id = cc.course_id JOIN members m ON m.id = cc.member_id
       WHERE NOT EXISTS (SELECT 1 FROM issued_certificates i WHERE i.kind = 'course' AND i.source_id = cc.course_id AND i.member_id = cc.member_id AND NOT i.withdrawn)
         ${memberFilter("cc", opts.memberIds)}
      UNION ALL
      SELECT cr.member_id, 'contest', cr.contest_id, m.name, k.title, cr.award
        FROM contest_results cr JOIN contests k ON k.id = cr.contest_id JOIN members m ON m.id = cr.member_id
       WHERE cr.award <> ''
         AND NOT EXISTS (SELECT 1 FROM issued_certificates i WHERE i.kind = 'contest' AND i.source_id = cr.contest_id AND i.member_id = cr.member_id AND NOT i.withdrawn)
         ${memberFilter("cr", opts.memberIds)}`),
  );
  return insertPending(
    db,
    rows.map((r) => ({
      memberId: Number(r.member_id),
      kind: r.kind,
      sourceId: Number(r.source_id),
      holderName: r.holder_name,
      title: r.title,
      detail: r.detail,
    })),
    now,
  );
}

/** The reasons stored on a certificate revoked because its source was taken back (shown as written). */
export const WITHDRAWN_REASONS = {
  awardWithdrawn: "奖项已撤回",
  awardChanged: "奖项已变更",
  completionUndone: "课程完成记录已撤销",
  inductionUndone: "三级安全教育签认已撤销",
} as const;

/**
 * Revokes the live certificates whose source is gone: a contest result removed or its award
 * cleared (奖项已撤回) or changed (奖项已变更: the certificate states the old award), a course
 * completion undone. Marked `withdrawn` (a new award issues a new certificate, `issueDue`) and
 * audited as `issued_certificate.revoke` by `actorUserId` (null: the job). Called by the writes
 * that take a source back, in their transaction, and by the points-refresh job for anything else.
 */
export async function revokeWithdrawn(db: Db, opts: { memberIds?: number[]; actorUserId?: number | null } = {}, now: Date = clock.now()): Promise<number> {
  if (opts.memberIds && opts.memberIds.length === 0) return 0;
  const r = WITHDRAWN_REASONS;
  const gone = rowsOf<{ id: number; number: string; member_id: number; kind: Kind; source_id: number; detail: string; reason: string }>(
    await db.execute(sql`
      WITH cur AS (
        SELECT i.id,
          CASE
            WHEN i.kind = 'course' THEN
              CASE WHEN EXISTS (SELECT 1 FROM course_completions cc WHERE cc.course_id = i.source_id AND cc.member_id = i.member_id) THEN NULL ELSE ${r.completionUndone} END
            WHEN i.kind = 'induction' THEN
              CASE WHEN EXISTS (SELECT 1 FROM induction_records ir WHERE ir.id = i.source_id AND ir.member_id = i.member_id AND ir.signed_off_on IS NOT NULL) THEN NULL ELSE ${r.inductionUndone} END
            ELSE
              (SELECT CASE WHEN cr.award IS NULL OR cr.award = '' THEN ${r.awardWithdrawn} WHEN cr.award <> i.detail THEN ${r.awardChanged} END
                 FROM (SELECT 1) one LEFT JOIN contest_results cr ON cr.contest_id = i.source_id AND cr.member_id = i.member_id)
          END AS reason
        FROM issued_certificates i
        WHERE i.revoked_at IS NULL AND i.kind IN ('course', 'contest', 'induction') ${memberFilter("i", opts.memberIds)}
      )
      UPDATE issued_certificates t SET revoked_at = ${now.toISOString()}::timestamptz, revoked_by = ${opts.actorUserId ?? null}, revoke_reason = cur.reason, withdrawn = true
      FROM cur WHERE t.id = cur.id AND cur.reason IS NOT NULL AND t.revoked_at IS NULL
      RETURNING t.id, t.number, t.member_id, t.kind, t.source_id, t.detail, cur.reason`),
  );
  for (const g of gone)
    await audit(db, {
      actorUserId: opts.actorUserId ?? null,
      action: "issued_certificate.revoke",
      entity: "issued_certificate",
      entityId: Number(g.id),
      before: { number: g.number, memberId: Number(g.member_id), kind: g.kind, sourceId: Number(g.source_id), detail: g.detail },
      after: { revokedAt: now.toISOString(), reason: g.reason, withdrawn: true },
    });
  return gone.length;
}

/**
 * The certificate of a completed three-level induction (三级安全教育): the induction domain calls
 * this when the last level is signed off. Idempotent per induction and member.
 */
export async function issueForInduction(db: Db, induction: { id: number; memberId: number; title: string }, now: Date = clock.now()): Promise<boolean> {
  const [m] = await db.select({ name: members.name }).from(members).where(eq(members.id, induction.memberId));
  if (!m) return false;
  const n = await insertPending(
    db,
    [{ memberId: induction.memberId, kind: "induction", sourceId: induction.id, holderName: m.name, title: induction.title, detail: "" }],
    now,
  );
  return n === 1;
}

export interface IssuedRow {
  id: number;
  number: string;
  kind: Kind;
  title: string;
  detail: string;
  issuedAt: Date;
  validUntil: string | null;
  revokedAt: Date | null;
  revokeReason: string | null;
  validity: Validity;
  /** The viewer may revoke it (an admin or a trainer over the holder's unit; never their own). */
  mayRevoke: boolean;
}

async function holder(db: Db, memberId: number) {
  const [m] = await db
    .select({ id: members.id, name: members.name, orgPath: orgUnits.path })
    .from(members)
    .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
    .where(eq(members.id, memberId));
  return m;
}

/** The member's issued certificates, newest first: the member, or whoever may read the member. */
export async function listIssued(db: Db, viewer: Principal, memberId: number, today: string = clock.today()): Promise<Result<IssuedRow[]>> {
  const m = await holder(db, memberId);
  if (!m) return notFound();
  if (!canReadMember(viewer, m)) return forbidden();
  const mayRevoke = mayActOnMember(viewer, "teach.manage", m);
  const rows = await db
    .select()
    .from(issuedCertificates)
    .where(eq(issuedCertificates.memberId, memberId))
    .orderBy(desc(issuedCertificates.issuedAt), desc(issuedCertificates.id));
  return ok(
    rows.map((r) => ({
      id: r.id,
      number: r.number,
      kind: r.kind,
      title: r.title,
      detail: r.detail,
      issuedAt: r.issuedAt,
      validUntil: r.validUntil,
      revokedAt: r.revokedAt,
      revokeReason: r.revokeReason,
      validity: validity(r, today),
      mayRevoke: mayRevoke && !r.revokedAt,
    })),
  );
}

/** The issued certificates of several members in one read (a unit's files): those the viewer may read, newest first. */
export async function listIssuedForMembers(db: Db, viewer: Principal, holders: readonly { id: number; orgPath: string }[], today: string = clock.today()) {
  const ids = holders.filter((m) => canReadMember(viewer, m)).map((m) => m.id);
  if (!ids.length) return [];
  const rows = await db
    .select()
    .from(issuedCertificates)
    .where(inArray(issuedCertificates.memberId, ids))
    .orderBy(desc(issuedCertificates.issuedAt), desc(issuedCertificates.id));
  return rows.map((r) => ({ memberId: r.memberId, number: r.number, title: r.title, detail: r.detail, issuedAt: r.issuedAt, validity: validity(r, today) }));
}

/** One certificate for printing: its holder, or whoever may read the holder. */
export async function issuedForPrint(db: Db, viewer: Principal, id: number, today: string = clock.today()) {
  const [r] = await db.select().from(issuedCertificates).where(eq(issuedCertificates.id, id));
  if (!r) return notFound();
  const m = await holder(db, r.memberId);
  if (!m || !canReadMember(viewer, m)) return notFound();
  return ok({
    number: r.number,
    kind: r.kind,
    holderName: r.holderName,
    title: r.title,
    detail: r.detail,
    issuedAt: r.issuedAt,
    validUntil: r.validUntil,
    validity: validity(r, today),
  });
}
export type PrintedCertificate = Extract<Awaited<ReturnType<typeof issuedForPrint>>, { ok: true }>["value"];

/**
 * What the public verification page shows, and nothing more: the name and what the certificate
 * states, when, and whether it holds. No member id, employee number, unit or other record.
 */
export interface Verification {
  number: string;
  holderName: string;
  kind: Kind;
  title: string;
  detail: string;
  issuedAt: Date;
  validUntil: string | null;
  validity: Validity;
}

/**
 * Looking numbers up from one address: 20 unknown numbers in 15 minutes lock the address out of
 * the page for 15 minutes (the sign-in throttle's table). Guessing a 140-bit number is hopeless
 * anyway; this keeps a scraper from hammering the database.
 */
export const VERIFY_RULE: ThrottleRule = { max: 20, windowSeconds: 15 * 60, lockSeconds: 15 * 60 };
const verifyKey = (address: string) => `verify:${address}`;

export async function verifyCertificate(
  db: Db,
  input: string,
  address: string,
  now: Date = clock.now(),
): Promise<{ found: true; certificate: Verification } | { found: false } | { found: false; lockedUntil: Date }> {
  const until = await lockedUntil(db, [verifyKey(address)], now);
  if (until) return { found: false, lockedUntil: until };
  const number = normalizeNumber(input);
  const [r] = number ? await db.select().from(issuedCertificates).where(eq(issuedCertificates.number, number)) : [];
  if (!r) {
    await recordFailure(db, verifyKey(address), VERIFY_RULE, now);
    return { found: false };
  }
  return {
    found: true,
    certificate: {
      number: r.number,
      holderName: r.holderName,
      kind: r.kind,
      title: r.title,
      detail: r.detail,
      issuedAt: r.issuedAt,
      validUntil: r.validUntil,
      validity: validity(r, dayIn(now, clock.timeZone())),
    },
  };
}

export const revokeInput = z.object({
  id: z.coerce.number().int().positive().max(2_147_483_647),
  reason: requiredText(200),
});

/** Revokes a certificate with a reason: an admin or a trainer over the holder's unit, never the holder. Audited. */
export async function revokeIssued(db: Db, actor: Principal, input: z.infer<typeof revokeInput>, now: Date = clock.now()): Promise<Result> {
  return db.transaction(async (tx) => {
    const [r] = await tx.select().from(issuedCertificates).where(eq(issuedCertificates.id, input.id)).for("update");
    if (!r) return notFound("issued.errors.notFound");
    const m = await holder(tx, r.memberId);
    if (!m || !canReadMember(actor, m)) return notFound("issued.errors.notFound");
    if (!mayActOnMember(actor, "teach.manage", m)) return forbidden();
    if (r.revokedAt) return conflict("issued.errors.alreadyRevoked");
    await tx
      .update(issuedCertificates)
      .set({ revokedAt: now, revokedBy: actor.userId, revokeReason: input.reason })
      .where(and(eq(issuedCertificates.id, r.id), sql`${issuedCertificates.revokedAt} IS NULL`));
    await audit(tx, {
      actorUserId: actor.userId,
      action: "issued_certificate.revoke",
      entity: "issued_certificate",
      entityId: r.id,
      before: { number: r.number, memberId: r.memberId, kind: r.kind, sourceId: r.sourceId },
      after: { revokedAt: now.toISOString(), reason: input.reason },
    });
    return ok();
  });
}
