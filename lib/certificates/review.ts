/**
 * 复审 (certificate review cycles): a certificate type may require its holders to be reviewed
 * every N years with at least M 学时 of training and, optionally, a passed test (特种作业操作证:
 * every 3 years, ≥ 8 学时 and a test). The next review is due N years after the last review, or
 * after issue when there has been none; a certificate whose review is overdue counts for job
 * eligibility as an expired one does (lib/eligibility rules `certificateUntil`, roster SQL
 * `reviewDueSql` — the SQL twin of `nextReviewDue` below).
 *
 * A review is recorded by a trainer (`teach.manage`) or manager (`roster.read`) over the member's
 * unit, never for oneself; the hours are those of the member's 学时 ledger since the last review
 * (lib/hours `hoursBetween`) or, when entered with the review, those with their evidence. A
 * review short of hours or without the test passed is refused and writes nothing. Recording moves
 * `member_certificates.last_reviewed_on`, whose trigger marks the member's eligibility dirty.
 * The certificate import (./index.ts) records a 上次复审日期 later than the stored one through the
 * same `checkReview` and `writeReview` (its hours, test and evidence from the file's columns), so
 * an imported review leaves the same `certificate_reviews` row and audit entry.
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { certificateReviews, certificateTypes, memberCertificates, members, orgUnits } from "@/db/schema";
import { mayActOnMember } from "@/lib/auth/ownership";
import type { Principal } from "@/lib/auth/permissions";
import { audit } from "@/lib/core/audit";
import { today as todayInZone } from "@/lib/core/clock";
import { fail, forbidden, notFound, ok, type MessageKey, type Params, type Result } from "@/lib/core/result";
import { text } from "@/lib/core/text";
import { addDays, addMonths, isDay } from "@/lib/core/time";
import { hoursBetween } from "@/lib/hours/ledger";
import { roundHours } from "@/lib/hours/rules";

/** The day the next review is due: `everyYears` after the last review, or after issue (null: no cycle). */
export function nextReviewDue(c: { issuedOn: string; lastReviewedOn: string | null }, everyYears: number | null): string | null {
  if (everyYears === null) return null;
  return addMonths(c.lastReviewedOn ?? c.issuedOn, 12 * everyYears);
}

export type ReviewState = "none" | "ok" | "due" | "overdue";

/** ok; due: within the renewal window before the due day (the reminders' window); overdue: past the due day. */
export function reviewState(due: string | null, today: string, windowDays: number): ReviewState {
  if (due === null) return "none";
  if (due < today) return "overdue";
  return due <= addDays(today, windowDays) ? "due" : "ok";
}

/** The 学时 a review counts: from the day after the last review (or issue) to the review's day. */
export function reviewWindow(c: { issuedOn: string; lastReviewedOn: string | null }, reviewedOn: string): { from: string; to: string } {
  return { from: addDays(c.lastReviewedOn ?? c.issuedOn, 1), to: reviewedOn };
}

/** Why a review cannot be recorded, or null when it can. */
export function reviewRefusal(
  type: { reviewHours: number; reviewTest: boolean },
  r: { hours: number; testPassed: boolean },
): { code: MessageKey; params?: Params } | null {
  if (roundHours(r.hours) < roundHours(type.reviewHours))
    return { code: "certificates.review.errors.hours", params: { have: roundHours(r.hours), need: roundHours(type.reviewHours) } };
  if (type.reviewTest && !r.testPassed) return { code: "certificates.review.errors.test" };
  return null;
}

const day = z.string().refine(isDay, "certificates.errors.badDate");

export const reviewInput = z.object({
  certificateId: z.coerce.number().int().positive().max(2_147_483_647),
  reviewedOn: day,
  /** Empty: the hours of the ledger since the last review. */
  hours: z.preprocess(
    (v) => (v === "" || v === undefined || v === null ? null : v),
    z.coerce
      .number({ message: "certificates.review.errors.badHours" })
      .min(0, "certificates.review.errors.badHours")
      .max(1000, "certificates.review.errors.badHours")
      .nullable(),
  ),
  evidence: text(200).default(""),
  testPassed: z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean()),
});
export type ReviewInput = z.infer<typeof reviewInput>;

/** A certificate as a review reads it: its holder, the dates the cycle counts from, the type's rules. */
export interface ReviewTarget {
  memberId: number;
  orgPath: string;
  issuedOn: string;
  lastReviewedOn: string | null;
  everyYears: number | null;
  reviewHours: number;
  reviewTest: boolean;
}

/**
 * Whether `actor` may record the review `v` of certificate `c` (scope, not one's own, a cycle, the
 * day, the hours — the ledger's since the last review when none are entered — and the test), and
 * the hours it credits; writes nothing. Shared by recording by hand and the import.
 */
export async function checkReview(db: Db, actor: Principal, c: ReviewTarget | undefined, v: ReviewInput, today: string): Promise<Result<{ hours: number }>> {
  const member = c ? { id: c.memberId, orgPath: c.orgPath } : null;
  // Outside the scope reads as not found; one's own certificate is refused.
  if (!c || !member || (member.id !== actor.memberId && !mayActOnMember(actor, "teach.manage", member) && !mayActOnMember(actor, "roster.read", member)))
    return notFound("certificates.errors.notFound");
  if (member.id === actor.memberId) return forbidden("certificates.review.errors.own");
  if (c.everyYears === null) return fail("certificates.review.errors.noCycle");
  if (v.reviewedOn > today) return fail("certificates.review.errors.future", undefined, "badRequest");
  const base = c.lastReviewedOn ?? c.issuedOn;
  if (v.reviewedOn <= base) return fail("certificates.review.errors.beforeLast", { date: base }, "badRequest");
  if (v.hours !== null && !v.evidence.trim()) return fail("certificates.review.errors.evidence", undefined, "badRequest");
  let hours = v.hours;
  if (hours === null) {
    const w = reviewWindow(c, v.reviewedOn);
    const ledger = await hoursBetween(db, actor, member.id, w.from, w.to);
    if (!ledger.ok) return ledger;
    hours = ledger.value;
  }
  const refusal = reviewRefusal({ reviewHours: Number(c.reviewHours), reviewTest: c.reviewTest }, { hours, testPassed: v.testPassed });
  if (refusal) return fail(refusal.code, refusal.params);
  return ok({ hours: roundHours(hours) });
}

/**
 * Writes a review `checkReview` passed, in the caller's transaction: the `certificate_reviews`
 * row, the certificate's `last_reviewed_on` (its trigger marks the member's eligibility dirty),
 * the audit entry. Returns the row's id and the next due day.
 */
export async function writeReview(
  tx: Db,
  actor: Principal,
  c: ReviewTarget & { id: number },
  v: ReviewInput,
  credited: number,
): Promise<{ id: number; hours: number; nextDue: string }> {
  const source = v.hours === null ? "ledger" : "entered";
  const [row] = await tx
    .insert(certificateReviews)
    .values({
      memberCertificateId: c.id,
      reviewedOn: v.reviewedOn,
      hours: credited,
      hoursSource: source,
      evidence: v.evidence,
      testPassed: v.testPassed,
      recordedBy: actor.userId || null,
    })
    .returning({ id: certificateReviews.id });
  if (!row) throw new Error("certificate review not written");
  await tx.update(memberCertificates).set({ lastReviewedOn: v.reviewedOn }).where(eq(memberCertificates.id, c.id));
  await audit(tx, {
    actorUserId: actor.userId || null,
    action: "certificate.review",
    entity: "member_certificate",
    entityId: c.id,
    before: { lastReviewedOn: c.lastReviewedOn },
    after: { id: row.id, memberId: c.memberId, reviewedOn: v.reviewedOn, hours: credited, hoursSource: source, testPassed: v.testPassed },
  });
  return { id: row.id, hours: credited, nextDue: nextReviewDue({ issuedOn: c.issuedOn, lastReviewedOn: v.reviewedOn }, c.everyYears)! };
}

/** Records a passing review of a member's certificate (see the file's head for who and when). */
export async function recordReview(
  db: Db,
  actor: Principal,
  input: ReviewInput,
  today: string = todayInZone(),
): Promise<Result<{ id: number; hours: number; nextDue: string }>> {
  const parsed = reviewInput.safeParse(input);
  if (!parsed.success) return fail((parsed.error.issues[0]?.message as MessageKey) ?? "errors.invalidInput", undefined, "badRequest");
  const v = parsed.data;
  const [c] = await db
    .select({
      id: memberCertificates.id,
      memberId: memberCertificates.memberId,
      orgPath: orgUnits.path,
      issuedOn: memberCertificates.issuedOn,
      lastReviewedOn: memberCertificates.lastReviewedOn,
      everyYears: certificateTypes.reviewEveryYears,
      reviewHours: certificateTypes.reviewHours,
      reviewTest: certificateTypes.reviewTest,
    })
    .from(memberCertificates)
    .innerJoin(certificateTypes, eq(certificateTypes.id, memberCertificates.certificateTypeId))
    .innerJoin(members, eq(members.id, memberCertificates.memberId))
    .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
    .where(eq(memberCertificates.id, v.certificateId));
  const target = c ? { ...c, reviewHours: Number(c.reviewHours) } : undefined;
  const checked = await checkReview(db, actor, target, v, today);
  if (!checked.ok) return checked;
  return db.transaction(async (tx) => ok(await writeReview(tx, actor, target!, v, checked.value.hours)));
}
