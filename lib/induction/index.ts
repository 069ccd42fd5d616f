/**
 * 三级安全教育 (three-level safety induction): levels opened by changes to members, signed off
 * by the responsible person at each level. See ./README.md.
 */
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { inductionRecords, members, orgUnits } from "@/db/schema";
import { mayActOnMember } from "@/lib/auth/ownership";
import { can, canReadMember, scopeOf, type Principal } from "@/lib/auth/permissions";
import { audit } from "@/lib/core/audit";
import * as clock from "@/lib/core/clock";
import { today as todayInZone } from "@/lib/core/clock";
import { conflict, fail, forbidden, notFound, ok, type MessageKey, type Result } from "@/lib/core/result";
import { requiredText } from "@/lib/core/text";
import { isDay } from "@/lib/core/time";
import { issueForInduction, revokeWithdrawn } from "@/lib/issued";
import { inScope } from "@/lib/org/scope";
import { inductionDefaults } from "./settings";
import {
  inductionTrigger,
  levelUnitId,
  MAX_LEVEL_CONTENT,
  nextAwaySince,
  ROUND_TITLES,
  type InductionLevel,
  type InductionMemberState,
  type InductionReason,
} from "./rules";

/** One change to a member as saved: the state before (null: created) and after. */
export interface MemberChange {
  memberId: number;
  before: InductionMemberState | null;
  after: InductionMemberState;
}

/**
 * The hook member create, edit and import call once, in their transaction, with every member they
 * wrote: keeps `away_since` and opens the levels each change calls for (rules.ts). A level already
 * open for the member moves to the unit of their new post rather than being opened twice.
 */
export async function applyMemberChanges(tx: Db, changes: MemberChange[], today: string): Promise<void> {
  const away = changes.flatMap((c) => {
    const next = nextAwaySince(c.before, c.after, today);
    return next !== (c.before?.awaySince ?? null) ? [{ id: c.memberId, d: next }] : [];
  });
  if (away.length) {
    await tx.execute(
      sql`UPDATE members mb SET away_since = x.d FROM jsonb_to_recordset(${JSON.stringify(away)}::jsonb) AS x(id int, d date) WHERE mb.id = x.id`,
    );
  }
  const opened = changes.flatMap((c) => {
    const t = inductionTrigger(c.before, c.after, today);
    return t ? [{ memberId: c.memberId, ...t }] : [];
  });
  if (!opened.length) return;
  const ids = opened.map((o) => o.memberId);
  const paths = new Map(
    (
      await tx
        .select({ id: members.id, path: orgUnits.path })
        .from(members)
        .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
        .where(inArray(members.id, ids))
    ).map((r) => [r.id, r.path]),
  );
  const open = await tx
    .select({ id: inductionRecords.id, memberId: inductionRecords.memberId, level: inductionRecords.level })
    .from(inductionRecords)
    .where(and(inArray(inductionRecords.memberId, ids), isNull(inductionRecords.signedOffOn)));
  const openAt = new Map(open.map((o) => [`${o.memberId}:${o.level}`, o.id]));
  const defaults = await inductionDefaults(tx);
  const rows: (typeof inductionRecords.$inferInsert)[] = [];
  const moves: { id: number; unit: number }[] = [];
  for (const o of opened) {
    const path = paths.get(o.memberId);
    if (!path) continue;
    for (const level of o.levels) {
      const unit = levelUnitId(path, level);
      const existing = openAt.get(`${o.memberId}:${level}`);
      if (existing !== undefined) moves.push({ id: existing, unit });
      else
        rows.push({
          memberId: o.memberId,
          level,
          orgUnitId: unit,
          reason: o.reason,
          openedOn: today,
          requiredHours: defaults[level].hours,
          content: defaults[level].content,
        });
    }
  }
  for (let i = 0; i < rows.length; i += 1000) await tx.insert(inductionRecords).values(rows.slice(i, i + 1000));
  if (moves.length) {
    await tx.execute(
      sql`UPDATE induction_records r SET org_unit_id = x.unit FROM jsonb_to_recordset(${JSON.stringify(moves)}::jsonb) AS x(id int, unit int) WHERE r.id = x.id`,
    );
  }
}

export interface InductionLevelRow {
  id: number;
  level: InductionLevel;
  unitId: number;
  unitName: string;
  reason: InductionReason;
  openedOn: string;
  requiredHours: number;
  content: string;
  signedOffOn: string | null;
  signedOffByName: string | null;
  hoursCredited: number | null;
  /** The viewer may sign this level off now (open, in their scope, not their own, lower levels done). */
  canSign: boolean;
  /** The viewer may undo this sign-off (signed by them or they are an admin over the level's unit; not their own). */
  canUndo: boolean;
}

/** May sign off a level held at `unitPath` for `memberId`: a trainer or manager over that unit, never for oneself. */
function maySign(actor: Principal, memberId: number, unitPath: string): boolean {
  const m = { id: memberId, orgPath: unitPath };
  return mayActOnMember(actor, "teach.manage", m) || mayActOnMember(actor, "roster.read", m);
}

/**
 * May undo a sign-off of a level held at `unitPath` for `memberId`: whoever signed it, while the
 * level's unit is still in their scope, or an admin over that unit; never for oneself.
 */
function mayUndo(actor: Principal, memberId: number, unitPath: string, signedOffBy: number | null): boolean {
  if (memberId === actor.memberId) return false;
  const signer = signedOffBy !== null && actor.userId > 0 && signedOffBy === actor.userId && maySign(actor, memberId, unitPath);
  return signer || mayActOnMember(actor, "member.write", { id: memberId, orgPath: unitPath });
}

/** A member's induction levels, newest round first, for the member or a reader of the member (the caller checked reading). */
export async function inductionOf(db: Db, actor: Principal, memberId: number): Promise<InductionLevelRow[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      SELECT r.id, r.level, r.org_unit_id, u.name AS unit_name, u.path AS unit_path, r.reason, r.opened_on::text AS opened_on,
             r.required_hours, r.content, r.signed_off_on::text AS signed_off_on, r.signed_off_by, sm.name AS signer, r.hours_credited
        FROM induction_records r JOIN org_units u ON u.id = r.org_unit_id
        LEFT JOIN users su ON su.id = r.signed_off_by LEFT JOIN members sm ON sm.id = su.member_id
       WHERE r.member_id = ${memberId}
       ORDER BY r.opened_on DESC, r.id DESC`),
  );
  const openLevels = rows.filter((r) => r.signed_off_on === null).map((r) => Number(r.level));
  return rows.map((r) => {
    const level = Number(r.level) as InductionLevel;
    const open = r.signed_off_on === null;
    return {
      id: Number(r.id),
      level,
      unitId: Number(r.org_unit_id),
      ...levelFields(r),
      canSign: open && !openLevels.some((l) => l < level) && maySign(actor, memberId, String(r.unit_path)),
      canUndo: !open && mayUndo(actor, memberId, String(r.unit_path), r.signed_off_by === null ? null : Number(r.signed_off_by)),
    };
  });
}

/** One induction level as printed in a member's file (一人一档): the profile's row without the ids and the sign button. */
export type InductionFileRow = Omit<InductionLevelRow, "id" | "unitId" | "canSign" | "canUndo"> & { memberId: number };

/**
 * The induction levels of several members in one read (a unit's files), oldest round first and
 * level by level: only of the members the viewer may read.
 */
export async function inductionForMembers(db: Db, viewer: Principal, list: readonly { id: number; orgPath: string }[]): Promise<InductionFileRow[]> {
  const ids = list.filter((m) => canReadMember(viewer, m)).map((m) => m.id);
  if (!ids.length) return [];
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      SELECT r.member_id, r.level, u.name AS unit_name, r.reason, r.opened_on::text AS opened_on, r.required_hours, r.content,
             r.signed_off_on::text AS signed_off_on, sm.name AS signer, r.hours_credited
        FROM induction_records r JOIN org_units u ON u.id = r.org_unit_id
        LEFT JOIN users su ON su.id = r.signed_off_by LEFT JOIN members sm ON sm.id = su.member_id
       WHERE r.member_id = ANY(${`{${ids.join(",")}}`}::int[])
       ORDER BY r.member_id, r.opened_on, r.level, r.id`),
  );
  return rows.map((r) => ({ memberId: Number(r.member_id), level: Number(r.level) as InductionLevel, ...levelFields(r) }));
}

const MAX_ID = 2_147_483_647;
export const signInput = z.object({
  recordId: z.coerce.number({ message: "induction.errors.notFound" }).int().positive().max(MAX_ID),
  signedOn: z.string().trim().refine(isDay, "induction.errors.badDate"),
  content: z.string().trim().max(MAX_LEVEL_CONTENT, "induction.errors.contentTooLong").default(""),
});
type SignInput = z.input<typeof signInput>;

/** One induction record with its unit's path, locked for the sign-off or undo that changes it. */
async function lockedRecord(tx: Db, id: number) {
  const [r] = await tx
    .select({
      id: inductionRecords.id,
      memberId: inductionRecords.memberId,
      level: inductionRecords.level,
      openedOn: inductionRecords.openedOn,
      signedOffOn: inductionRecords.signedOffOn,
      signedOffBy: inductionRecords.signedOffBy,
      requiredHours: inductionRecords.requiredHours,
      hoursCredited: inductionRecords.hoursCredited,
      content: inductionRecords.content,
      reason: inductionRecords.reason,
      unitPath: orgUnits.path,
    })
    .from(inductionRecords)
    .innerJoin(orgUnits, eq(orgUnits.id, inductionRecords.orgUnitId))
    .where(eq(inductionRecords.id, id))
    .for("update");
  return r;
}

/**
 * Signs off one open level: a trainer or manager whose scope covers the level's unit, never for
 * oneself; the day not in the future nor before the level was opened; the levels below first
 * (厂级 before 车间级 before 班组级). The required hours are credited on the record. Audited;
 * a refusal writes nothing. The trigger marks the member's eligibility dirty.
 */
export async function signInduction(db: Db, actor: Principal, input: SignInput, today: string = todayInZone()): Promise<Result<{ memberId: number }>> {
  const parsed = signInput.safeParse(input);
  if (!parsed.success) return fail((parsed.error.issues[0]?.message as MessageKey) ?? "errors.invalidInput", undefined, "badRequest");
  const v = parsed.data;
  return db.transaction(async (tx) => {
    const r = await lockedRecord(tx, v.recordId);
    if (!r) return notFound("induction.errors.notFound");
    if (r.memberId === actor.memberId) return forbidden("induction.errors.own");
    if (!maySign(actor, r.memberId, r.unitPath)) return notFound("induction.errors.notFound");
    if (r.signedOffOn !== null) return conflict("induction.errors.already");
    if (v.signedOn > today) return fail("induction.errors.future", undefined, "badRequest");
    if (v.signedOn < r.openedOn) return fail("induction.errors.beforeOpened", { date: r.openedOn }, "badRequest");
    const [lower] = await tx
      .select({ level: inductionRecords.level })
      .from(inductionRecords)
      .where(and(eq(inductionRecords.memberId, r.memberId), isNull(inductionRecords.signedOffOn), sql`${inductionRecords.level} < ${r.level}`))
      .limit(1);
    if (lower) return fail("induction.errors.lowerOpen", { level: lower.level });
    const content = v.content || r.content;
    await tx
      .update(inductionRecords)
      .set({ signedOffOn: v.signedOn, signedOffBy: actor.userId || null, hoursCredited: r.requiredHours, content })
      .where(eq(inductionRecords.id, r.id));
    await audit(tx, {
      actorUserId: actor.userId || null,
      action: "induction.signoff",
      entity: "induction_record",
      entityId: r.id,
      before: { signedOffOn: null },
      after: { memberId: r.memberId, level: r.level, signedOffOn: v.signedOn, hoursCredited: r.requiredHours, content },
    });
    // The last open level signed: the round is complete and earns its certificate (lib/issued),
    // named after the level signed last.
    const [still] = await tx
      .select({ id: inductionRecords.id })
      .from(inductionRecords)
      .where(and(eq(inductionRecords.memberId, r.memberId), isNull(inductionRecords.signedOffOn)))
      .limit(1);
    if (!still) await issueForInduction(tx, { id: r.id, memberId: r.memberId, title: ROUND_TITLES[r.reason as InductionReason] ?? ROUND_TITLES.new_hire });
    return ok({ memberId: r.memberId });
  });
}

export const undoInput = z.object({
  recordId: z.coerce.number({ message: "induction.errors.notFound" }).int().positive().max(MAX_ID),
  reason: requiredText(500),
});
type UndoInput = z.input<typeof undoInput>;

/**
 * Undoes a mistaken sign-off: whoever signed it (still over the level's unit) or an admin over
 * that unit, never for oneself, with a reason; refused while a higher level of the member has been
 * signed off since (named in the refusal: undo that one first). The level is open again with no
 * hours credited, so the 学时 ledger (which reads the record) no longer counts them, the trigger
 * marks the member's eligibility dirty, and the round's certificate, if the round was complete,
 * is revoked as withdrawn (lib/issued `revokeWithdrawn`). Audited; a refusal writes nothing.
 */
export async function undoInduction(db: Db, actor: Principal, input: UndoInput, now: Date = clock.now()): Promise<Result<{ memberId: number }>> {
  const parsed = undoInput.safeParse(input);
  if (!parsed.success) return fail((parsed.error.issues[0]?.message as MessageKey) ?? "errors.invalidInput", undefined, "badRequest");
  const v = parsed.data;
  return db.transaction(async (tx) => {
    const r = await lockedRecord(tx, v.recordId);
    if (!r) return notFound("induction.errors.notFound");
    if (r.memberId === actor.memberId) return forbidden("induction.errors.ownUndo");
    // Outside the scope of anyone who may sign or undo there: not found.
    if (!maySign(actor, r.memberId, r.unitPath) && !mayUndo(actor, r.memberId, r.unitPath, null)) return notFound("induction.errors.notFound");
    if (r.signedOffOn === null) return conflict("induction.errors.notSigned");
    // A trainer or manager there who did not sign it: only the signer or an admin.
    if (!mayUndo(actor, r.memberId, r.unitPath, r.signedOffBy)) return forbidden("induction.errors.notSigner");
    // A higher level signed off since (the same round or a later one) rests on this one.
    const [higher] = await tx
      .select({ level: inductionRecords.level, signedOffOn: inductionRecords.signedOffOn })
      .from(inductionRecords)
      .where(
        and(
          eq(inductionRecords.memberId, r.memberId),
          sql`${inductionRecords.level} > ${r.level}`,
          sql`${inductionRecords.signedOffOn} IS NOT NULL`,
          sql`(${inductionRecords.signedOffOn} >= ${r.signedOffOn} OR ${inductionRecords.openedOn} >= ${r.openedOn})`,
        ),
      )
      .orderBy(sql`${inductionRecords.level} DESC`)
      .limit(1);
    if (higher) return conflict("induction.errors.higherSigned", { level: higher.level, date: higher.signedOffOn ?? "" });
    await tx.update(inductionRecords).set({ signedOffOn: null, signedOffBy: null, hoursCredited: null }).where(eq(inductionRecords.id, r.id));
    await audit(tx, {
      actorUserId: actor.userId || null,
      action: "induction.undo",
      entity: "induction_record",
      entityId: r.id,
      before: {
        memberId: r.memberId,
        level: r.level,
        signedOffOn: r.signedOffOn,
        signedOffBy: r.signedOffBy,
        hoursCredited: r.hoursCredited,
        content: r.content,
      },
      after: { signedOffOn: null, hoursCredited: null, reason: v.reason },
    });
    // The round is no longer complete: its certificate (issued on the level signed last) is withdrawn.
    await revokeWithdrawn(tx, { memberIds: [r.memberId], actorUserId: actor.userId || null }, now);
    return ok({ memberId: r.memberId });
  });
}

export interface OpenInductionRow {
  id: number;
  memberId: number;
  memberName: string;
  employeeNo: string;
  level: InductionLevel;
  unitName: string;
  reason: InductionReason;
  openedOn: string;
  requiredHours: number;
}

/** Open levels whose unit lies in the viewer's scope (trainer or manager), oldest first; at most `limit`. */
export async function openInductions(db: Db, actor: Principal, limit = 200): Promise<Result<OpenInductionRow[]>> {
  if (!can(actor, "teach.manage") && !can(actor, "roster.read")) return forbidden();
  const scopes = [scopeOf(actor, "teach.manage"), scopeOf(actor, "roster.read")];
  const all = scopes.some((s) => s.all);
  const paths = scopes.flatMap((s) => (s.all ? [] : s.paths));
  const where = all ? sql`true` : inScope(sql`u.path`, { all: false, paths });
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      SELECT r.id, r.member_id, mb.name, mb.employee_no, r.level, u.name AS unit_name, r.reason, r.opened_on::text AS opened_on, r.required_hours
        FROM induction_records r JOIN org_units u ON u.id = r.org_unit_id JOIN members mb ON mb.id = r.member_id
       WHERE r.signed_off_on IS NULL AND ${where}
       ORDER BY r.opened_on, mb.name, r.level
       LIMIT ${limit}`),
  );
  return ok(
    rows.map((r) => ({
      id: Number(r.id),
      memberId: Number(r.member_id),
      memberName: String(r.name),
      employeeNo: String(r.employee_no),
      level: Number(r.level) as InductionLevel,
      unitName: String(r.unit_name),
      reason: r.reason as InductionReason,
      openedOn: String(r.opened_on),
      requiredHours: Number(r.required_hours),
    })),
  );
}

/** The fields of a level row the profile and the person file both show, from a query's row. */
function levelFields(r: Record<string, unknown>): Omit<InductionFileRow, "memberId" | "level"> {
  return {
    unitName: String(r.unit_name),
    reason: r.reason as InductionReason,
    openedOn: String(r.opened_on),
    requiredHours: Number(r.required_hours),
    content: String(r.content ?? ""),
    signedOffOn: (r.signed_off_on as string | null) ?? null,
    signedOffByName: (r.signer as string | null) ?? null,
    hoursCredited: r.hours_credited === null || r.hours_credited === undefined ? null : Number(r.hours_credited),
  };
}
