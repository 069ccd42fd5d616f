/**
 * 一机一码: what a scan of a label shows and records. Any signed-in, active member may scan a
 * label of their company: they see the equipment's name, station and kind, their OWN eligibility
 * for its jobs (lib/eligibility's member explanation), the clip and three practice questions —
 * nothing of anyone else. An unknown code and a retired one are messages, never an error page.
 *
 * A scan makes one row per member, equipment and day (`equipment_visits`, the site's day): the
 * questions drawn for the day, the answers (graded and kept by lib/practice, so they feed the
 * wrong-answer book like practice does) and the clip's played intervals, merged as lesson
 * progress is. Those rows are the evidence of micro-学时 (lib/hours: `equipment`).
 */
import { eq, sql } from "drizzle-orm";
import { subtreeLike } from "@/lib/org/scope";
import type { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { equipment, equipmentJobs, lessons, orgUnits } from "@/db/schema";
import { can, type Principal } from "@/lib/auth/permissions";
import * as clock from "@/lib/core/clock";
import { timeZone } from "@/lib/core/clock";
import { fail, forbidden, notFound, ok, type Result } from "@/lib/core/result";
import { dayIn } from "@/lib/core/time";
import { memberEligibility, type MemberJob } from "@/lib/eligibility/member";
import { equipmentHours } from "@/lib/hours/rules";
import { learnerOf } from "@/lib/practice/open";
import { getFeedback, questionForPractice, recordAnswer, type Feedback, type PracticeQuestion } from "@/lib/practice/practice";
import { hlsToken, lessonLadderFor } from "@/lib/video/renditions";
import { lessonMediaTokens, progressReport } from "@/lib/video/progress";
import type { Signer } from "@/lib/video/media-token";
import { checkSegments, coveredSeconds, mergeSegments, type Segment } from "@/lib/video/segments";
import { isEquipmentCode } from "./code";
import { scanQuestionSql } from "./registry";
import { clipBounds, SCAN_QUESTIONS, toClipTime, type ClipBounds, type EquipmentKind } from "./rules";

/** Who scans: a signed-in member, with what media tokens are signed for. */
export type Scanner = Principal & Signer & { orgPath: string; jobId: number | null };

interface Found {
  id: number;
  name: string;
  kind: string;
  stationName: string;
  lessonId: number;
  lessonTitle: string;
  storageKey: string | null;
  mime: string | null;
  posterKey: string | null;
  playable: boolean;
  clip: ClipBounds | null;
  practiceCategoryId: number | null;
  questionIds: number[];
}

/** The equipment a code names: unknown and retired codes are refusals with their own message. */
async function byCode(db: Db, code: string): Promise<Result<Found>> {
  if (!isEquipmentCode(code)) return notFound("equipment.errors.unknownCode");
  const [r] = await db
    .select({ e: equipment, stationName: orgUnits.name, l: lessons })
    .from(equipment)
    .innerJoin(orgUnits, eq(orgUnits.id, equipment.stationId))
    .innerJoin(lessons, eq(lessons.id, equipment.lessonId))
    .where(eq(equipment.code, code));
  if (!r) return notFound("equipment.errors.unknownCode");
  if (r.e.retiredAt) return fail("equipment.errors.retired", undefined, "gone");
  const clip = clipBounds(r.l.durationS, r.e.clipStartS, r.e.clipEndS);
  return ok({
    id: r.e.id,
    name: r.e.name,
    kind: r.e.kind,
    stationName: r.stationName,
    lessonId: r.l.id,
    lessonTitle: r.l.title,
    storageKey: r.l.storageKey,
    mime: r.l.mime,
    posterKey: r.l.posterKey,
    playable: r.l.status === "published" && r.l.storageKey !== null && typeof clip !== "string",
    clip: typeof clip === "string" ? null : clip,
    practiceCategoryId: r.e.practiceCategoryId,
    questionIds: r.e.questionIds,
  });
}

interface Visit {
  questionIds: number[];
  answers: Record<string, number>;
  segments: Segment[];
  watchedS: number;
  clipS: number;
  positionAt: number;
  updatedAt: Date;
}

const parse = <T>(v: unknown): T => (typeof v === "string" ? (JSON.parse(v) as T) : (v as T));

async function readVisit(db: Db, memberId: number, equipmentId: number, day: string, lock = false): Promise<Visit | null> {
  const [r] = rowsOf<{
    question_ids: unknown;
    answers: unknown;
    segments: unknown;
    watched_s: number;
    clip_s: number;
    position_at: number | string;
    updated_at: string | Date;
  }>(
    await db.execute(sql`SELECT question_ids, answers, segments, watched_s, clip_s, position_at, updated_at FROM equipment_visits
      WHERE member_id = ${memberId} AND equipment_id = ${equipmentId} AND day = ${day} ${lock ? sql`FOR UPDATE` : sql``}`),
  );
  if (!r) return null;
  return {
    questionIds: parse<number[]>(r.question_ids).map(Number),
    answers: parse<Record<string, number>>(r.answers),
    segments: parse<Segment[]>(r.segments),
    watchedS: Number(r.watched_s),
    clipS: Number(r.clip_s),
    positionAt: Number(r.position_at),
    updatedAt: new Date(r.updated_at),
  };
}

/**
 * Today's row of the member's scan, made at the first scan of the day: the trainer's three
 * questions (those still askable), or three drawn from the category by a draw fixed for the
 * member, equipment and day, so a reload shows the same three.
 */
async function visitOfDay(db: Db, memberId: number, e: Found, day: string, now: Date): Promise<Visit> {
  const have = await readVisit(db, memberId, e.id, day);
  if (have) return have;
  const drawn = e.practiceCategoryId
    ? rowsOf<{ id: number }>(
        await db.execute(sql`SELECT q.id FROM questions q JOIN question_categories qc ON qc.id = q.category_id
          WHERE qc.path LIKE (SELECT ${subtreeLike(sql`c.path`)} FROM question_categories c WHERE c.id = ${e.practiceCategoryId})
            AND ${scanQuestionSql}
          ORDER BY md5(${`${memberId}:${e.id}:${day}:`} || q.id::text), q.id LIMIT ${SCAN_QUESTIONS}`),
      ).map((r) => Number(r.id))
    : e.questionIds.length
      ? rowsOf<{ id: number }>(
          await db.execute(sql`SELECT q.id FROM questions q JOIN question_categories qc ON qc.id = q.category_id
            WHERE q.id = ANY(${`{${e.questionIds.join(",")}}`}::int[]) AND ${scanQuestionSql}`),
        )
          .map((r) => Number(r.id))
          .sort((a, b) => e.questionIds.indexOf(a) - e.questionIds.indexOf(b))
      : [];
  const clipS = e.clip ? e.clip.endS - e.clip.startS : 0;
  await db.execute(sql`INSERT INTO equipment_visits (member_id, equipment_id, day, question_ids, clip_s, started_at, updated_at)
    VALUES (${memberId}, ${e.id}, ${day}, ${JSON.stringify(drawn)}::jsonb, ${clipS}, ${now.toISOString()}, ${now.toISOString()})
    ON CONFLICT DO NOTHING`);
  return (await readVisit(db, memberId, e.id, day))!;
}

export interface ScanQuestion {
  questionId: number;
  /** Not yet answered today: the question without its key. */
  question: PracticeQuestion | null;
  /** Answered today: the practice feedback (right or wrong, the key, the explanation). */
  feedback: Feedback | null;
}

export interface ScanView {
  code: string;
  equipment: { id: number; name: string; kind: EquipmentKind; stationName: string };
  /** The scanner's own standing for each of the equipment's jobs. */
  jobs: MemberJob[];
  clip: {
    lessonId: number;
    title: string;
    startS: number;
    endS: number;
    mime: string | null;
    media: ReturnType<typeof lessonMediaTokens>;
    hls: { prefix: string; token: string; rungs: { name: string; height: number }[] } | null;
  } | null;
  questions: ScanQuestion[];
  day: string;
  /** Today's played intervals of the clip, in lesson time (what the player's bar shows). */
  segments: Segment[];
  watchedS: number;
  clipS: number;
  answered: number;
  /** Micro-学时 this scan credits today (0 until the questions are all answered). */
  hours: number;
}

async function scanner(db: Db, actor: Principal): Promise<Result<{ id: number }>> {
  if (!can(actor, "self.learn")) return forbidden();
  const l = await learnerOf(db, actor.memberId);
  return l ? ok({ id: l.id }) : forbidden();
}

/** Opens a scan: the equipment, the scanner's eligibility for its jobs, the clip, today's questions. */
export async function openScan(db: Db, actor: Scanner, code: string, now = clock.now(), tz = timeZone()): Promise<Result<ScanView>> {
  const me = await scanner(db, actor);
  if (!me.ok) return me;
  const found = await byCode(db, code);
  if (!found.ok) return found;
  const e = found.value;
  const day = dayIn(now, tz);
  const visit = await visitOfDay(db, me.value.id, e, day, now);
  const jobIds = (await db.select({ jobId: equipmentJobs.jobId }).from(equipmentJobs).where(eq(equipmentJobs.equipmentId, e.id))).map((j) => j.jobId);
  const elig = await memberEligibility(db, actor, actor.memberId, now, tz);
  const jobs = elig.ok ? elig.value.jobs.filter((j) => jobIds.includes(j.jobId)) : [];
  const questions: ScanQuestion[] = [];
  for (const qid of visit.questionIds) {
    const answerId = visit.answers[String(qid)];
    if (answerId !== undefined) {
      const f = await getFeedback(db, actor, answerId);
      questions.push({ questionId: qid, question: null, feedback: f.ok ? f.value : null });
    } else {
      questions.push({ questionId: qid, question: await questionForPractice(db, me.value.id, qid), feedback: null });
    }
  }
  let clip: ScanView["clip"] = null;
  if (e.playable && e.clip && e.storageKey) {
    // The equipment is the clip's audience: its lesson plays for whoever scans, whatever their courses.
    const ladder = await lessonLadderFor(db, { memberId: actor.memberId, orgPath: actor.orgPath, jobId: actor.jobId, teacher: true }, e.lessonId);
    clip = {
      lessonId: e.lessonId,
      title: e.lessonTitle,
      startS: e.clip.startS,
      endS: e.clip.endS,
      mime: e.mime,
      media: lessonMediaTokens(actor, { id: e.lessonId, storageKey: e.storageKey, mime: e.mime, posterKey: e.posterKey }),
      hls: ladder
        ? {
            prefix: ladder.prefix,
            token: hlsToken(actor, e.lessonId, ladder.prefix).token,
            rungs: ladder.rungs.map((r) => ({ name: r.name, height: r.height })),
          }
        : null,
    };
  }
  const answered = Object.keys(visit.answers).length;
  return ok({
    code,
    equipment: { id: e.id, name: e.name, kind: e.kind as EquipmentKind, stationName: e.stationName },
    jobs,
    clip,
    questions,
    day,
    segments: e.clip ? visit.segments.map(([a, b]) => [a + e.clip!.startS, b + e.clip!.startS] as Segment) : [],
    watchedS: visit.watchedS,
    clipS: visit.clipS,
    answered,
    hours: equipmentHours(visit.watchedS, visit.clipS, answered, visit.questionIds.length),
  });
}

/**
 * Fresh signed media URLs for the clip player before the ones it holds expire (a label scanned,
 * the page left open past the tokens' 20 minutes, then played): whoever may scan the equipment
 * may play its clip, as openScan grants; a retired or unknown code, or no playable clip, is refused.
 */
export async function renewClipMedia(db: Db, actor: Scanner, code: string): Promise<Result<ReturnType<typeof lessonMediaTokens>>> {
  const me = await scanner(db, actor);
  if (!me.ok) return me;
  const found = await byCode(db, code);
  if (!found.ok) return found;
  const e = found.value;
  if (!e.playable || !e.clip || !e.storageKey) return notFound("equipment.errors.noClip");
  return ok(lessonMediaTokens(actor, { id: e.lessonId, storageKey: e.storageKey, mime: e.mime, posterKey: e.posterKey }));
}

/**
 * The label codes of equipment the actor has scanned themselves (their 学时 entries link back to
 * the scan page); retired equipment and equipment they never scanned are left out.
 */
export async function scannedCodes(db: Db, actor: Principal, equipmentIds: readonly number[]): Promise<Map<number, string>> {
  const ids = [...new Set(equipmentIds)].filter((n) => Number.isSafeInteger(n));
  if (!ids.length || !can(actor, "self.learn")) return new Map();
  const rows = rowsOf<{ id: number; code: string }>(
    await db.execute(sql`SELECT e.id, e.code FROM equipment e
      WHERE e.id = ANY(${sql.raw(`'{${ids.join(",")}}'::int[]`)}) AND e.retired_at IS NULL
        AND EXISTS (SELECT 1 FROM equipment_visits v WHERE v.equipment_id = e.id AND v.member_id = ${actor.memberId})`),
  );
  return new Map(rows.map((r) => [Number(r.id), String(r.code)]));
}

/** The clip player's report is the lesson player's (intervals played in lesson media time, where it is, its clock). */
export const clipReport = progressReport;

/** At 2× a player covers two media seconds per second; a little slack for timers and networks. */
const MAX_RATE = 2;
const SLACK_S = 15;

/**
 * Merges a clip report into today's row under a row lock (as lesson progress: the union only
 * grows, a repeated report changes nothing, growth faster than 2× playback is refused). What was
 * played outside the clip counts nothing; the clip's seconds are capped at its length.
 */
export async function reportClip(
  db: Db,
  actor: Principal,
  code: string,
  report: z.infer<typeof clipReport>,
  now = clock.now(),
  tz = timeZone(),
): Promise<Result<{ watchedS: number; clipS: number; segments: Segment[] }>> {
  const me = await scanner(db, actor);
  if (!me.ok) return me;
  const found = await byCode(db, code);
  if (!found.ok) return found;
  const e = found.value;
  if (!e.clip) return notFound("equipment.errors.noClip");
  const bad = checkSegments(report.segments as Segment[], e.clip.endS);
  if (bad) return fail(bad);
  const day = dayIn(now, tz);
  await visitOfDay(db, me.value.id, e, day, now);
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const v = (await readVisit(t, me.value.id, e.id, day, true))!;
    const merged = mergeSegments(v.segments, toClipTime(report.segments as Segment[], e.clip!));
    const watchedS = Math.min(coveredSeconds(merged), v.clipS);
    const added = watchedS - v.watchedS;
    const elapsedS = Math.max(0, (now.getTime() - v.updatedAt.getTime()) / 1000);
    if (added > MAX_RATE * elapsedS + SLACK_S) return fail("video.errors.tooFast");
    if (added > 0)
      await t.execute(sql`UPDATE equipment_visits SET segments = ${JSON.stringify(merged)}::jsonb, watched_s = ${watchedS},
        position_at = GREATEST(position_at, ${report.at}), updated_at = ${now.toISOString()}
        WHERE member_id = ${me.value.id} AND equipment_id = ${e.id} AND day = ${day}`);
    // The player shows lesson time: the clip's intervals moved back.
    return ok({ watchedS, clipS: v.clipS, segments: merged.map(([s, x]) => [s + e.clip!.startS, x + e.clip!.startS] as Segment) });
  });
}

/**
 * Answers one of today's questions of a scan: graded and kept by lib/practice (progress and the
 * wrong-answer book), once per question and day; a question not in today's set is refused.
 */
export async function answerScan(
  db: Db,
  actor: Principal,
  code: string,
  input: { questionId: number; response: unknown },
  now = clock.now(),
  tz = timeZone(),
): Promise<Result<{ answerId: number; right: boolean }>> {
  const me = await scanner(db, actor);
  if (!me.ok) return me;
  const found = await byCode(db, code);
  if (!found.ok) return found;
  const e = found.value;
  const day = dayIn(now, tz);
  const v = await visitOfDay(db, me.value.id, e, day, now);
  if (!v.questionIds.includes(input.questionId)) return notFound("practice.errors.questionNotFound");
  if (v.answers[String(input.questionId)] !== undefined) return fail("equipment.errors.alreadyAnswered");
  return recordAnswer(db, me.value.id, { questionId: input.questionId, mode: "equipment", response: input.response }, now, async (tx, answer) => {
    const locked = (await readVisit(tx, me.value.id, e.id, day, true))!;
    if (locked.answers[String(input.questionId)] !== undefined) return fail("equipment.errors.alreadyAnswered");
    await tx.execute(sql`UPDATE equipment_visits SET answers = answers || ${JSON.stringify({ [input.questionId]: answer.answerId })}::jsonb, updated_at = ${now.toISOString()}
      WHERE member_id = ${me.value.id} AND equipment_id = ${e.id} AND day = ${day}`);
    return ok(undefined);
  });
}
