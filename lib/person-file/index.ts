/**
 * 一人一档: one member's training file, the record a safety inspector asks for (安全生产法: time,
 * content, participants and results of each training). Read for the member themself or whoever
 * may read the member's records (a manager or trainer in scope, an admin); printed as an A4 PDF
 * by ./pdf.ts. Each part is read through its own domain's function, with its own check.
 *
 * `personFiles` reads the files of many members (a unit's, ./exports.ts) section by section for
 * all of them at once: about fifteen reads per batch whatever its size, where one member alone
 * took about thirty (bench/unit-files.ts). `personFile` is the same read for one member.
 */
import { asc, desc, eq, inArray, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { certificateTypes, courseCompletions, courses, jobs, memberCertificates, orgUnits } from "@/db/schema";
import * as clock from "@/lib/core/clock";
import { forbidden, ok, type Result } from "@/lib/core/result";
import { dayIn } from "@/lib/core/time";
import { reviewState } from "@/lib/certificates/review";
import { attendanceForMembers } from "@/lib/classes";
import { resultsForMembers as contestResultsFor } from "@/lib/contests";
import { reviewDueSql } from "@/lib/eligibility/roster";
import { yearlyHours } from "@/lib/hours/ledger";
import { inductionForMembers, type InductionFileRow } from "@/lib/induction";
import { listIssuedForMembers } from "@/lib/issued";
import { getMember, getMembers, type MemberRow } from "@/lib/members/members";
import { resultsForMembers as quizResultsFor } from "@/lib/quiz/worker";
import { signoffsForMembers } from "@/lib/signoffs";

/** Years of hours shown: this one and the four before (or from the hire year). */
const HOUR_YEARS = 5;

export interface PersonFile {
  member: MemberRow;
  /** Unit and job at each recorded change (member created or edited), oldest first. */
  history: { day: string; unit: string | null; job: string | null }[];
  /** 三级安全教育: each level opened for the member, oldest round first. */
  induction: Omit<InductionFileRow, "memberId">[];
  hours: { year: number; total: number; counted: number; minimum: number; shortfall: number }[];
  courses: { title: string; day: string }[];
  classes: { title: string; attended: number; held: number }[];
  signoffs: { task: string; day: string; verifier: string }[];
  quizzes: { title: string; quarter: string; score: number; max: number; percent: number; passed: boolean; pending: boolean }[];
  contests: { title: string; day: string; rank: number | null; score: number | null; award: string }[];
  /**
   * Held certificates; with a 复审 cycle, the last review (null: none yet) and the day the next is
   * due by the rule eligibility uses (lib/eligibility `reviewDueSql`), overdue when past it.
   */
  certificates: {
    name: string;
    number: string;
    issuedOn: string;
    expiresOn: string | null;
    lastReviewedOn: string | null;
    reviewDueOn: string | null;
    reviewOverdue: boolean;
  }[];
  issued: { title: string; number: string; day: string; state: "valid" | "expired" | "revoked" }[];
}

export async function personFile(db: Db, viewer: Parameters<typeof getMember>[1], memberId: number, now: Date = clock.now()): Promise<Result<PersonFile>> {
  const found = await getMember(db, viewer, memberId);
  if (!found.ok) return found;
  const files = await personFiles(db, viewer, [memberId], now);
  const file = files.get(memberId);
  return file ? ok(file) : forbidden();
}

/** Groups rows by their member. */
function byMember<T extends { memberId: number }>(rows: readonly T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const list = out.get(Number(r.memberId)) ?? [];
    list.push(r);
    out.set(Number(r.memberId), list);
  }
  return out;
}

/**
 * The files of the members of `memberIds` the viewer may read (the others are left out), by
 * member id, each section read once for all of them.
 */
export async function personFiles(
  db: Db,
  viewer: Parameters<typeof getMember>[1],
  memberIds: readonly number[],
  now: Date = clock.now(),
): Promise<Map<number, PersonFile>> {
  const out = new Map<number, PersonFile>();
  const list = await getMembers(db, viewer, memberIds);
  if (!list.length) return out;
  const ids = list.map((m) => m.id);
  const idArray = `{${ids.join(",")}}`;
  const tz = clock.timeZone();
  const today = dayIn(now, tz);
  const thisYear = Number(today.slice(0, 4));
  const day = (d: Date) => dayIn(d, tz);

  const hours = await yearlyHours(db, viewer, ids, thisYear - HOUR_YEARS + 1, thisYear, tz);

  const changes = rowsOf<{ member_id: string; day: string; unit: number | null; job: number | null }>(
    await db.execute(sql`SELECT entity_id AS member_id, to_char(at AT TIME ZONE ${tz}, 'YYYY-MM-DD') AS day,
        (after->>'orgUnitId')::int AS unit, nullif(after->>'jobId', '')::int AS job
      FROM audit_log WHERE entity = 'member' AND entity_id = ANY(${`{${ids.map(String).join(",")}}`}::text[]) AND action IN ('member.create', 'member.update')
      ORDER BY at, id`),
  );
  const unitIds = [...new Set(changes.map((c) => c.unit).filter((x): x is number => x !== null))];
  const jobIds = [...new Set(changes.map((c) => c.job).filter((x): x is number => x !== null))];
  const unitNames = new Map(
    (unitIds.length ? await db.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits).where(inArray(orgUnits.id, unitIds)) : []).map((u) => [
      u.id,
      u.name,
    ]),
  );
  const jobNames = new Map(
    (jobIds.length ? await db.select({ id: jobs.id, name: jobs.name }).from(jobs).where(inArray(jobs.id, jobIds)) : []).map((j) => [j.id, j.name]),
  );
  const history = new Map<number, PersonFile["history"]>();
  for (const c of changes) {
    const entry = {
      day: c.day,
      unit: c.unit === null ? null : (unitNames.get(Number(c.unit)) ?? null),
      job: c.job === null ? null : (jobNames.get(Number(c.job)) ?? null),
    };
    const mine = history.get(Number(c.member_id)) ?? [];
    const last = mine.at(-1);
    if (!last || last.unit !== entry.unit || last.job !== entry.job) mine.push(entry);
    history.set(Number(c.member_id), mine);
  }

  const done = byMember(
    await db
      .select({ memberId: courseCompletions.memberId, title: courses.title, at: courseCompletions.completedAt })
      .from(courseCompletions)
      .innerJoin(courses, eq(courses.id, courseCompletions.courseId))
      .where(sql`${courseCompletions.memberId} = ANY(${idArray}::int[])`)
      .orderBy(desc(courseCompletions.completedAt)),
  );
  const attendance = byMember(await attendanceForMembers(db, viewer, list, now));
  const signed = byMember(await signoffsForMembers(db, viewer, ids));
  const quizzes = byMember(await quizResultsFor(db, viewer, list));
  const contests = byMember(await contestResultsFor(db, viewer, ids));
  const certs = byMember(
    await db
      .select({
        memberId: memberCertificates.memberId,
        name: certificateTypes.name,
        number: memberCertificates.number,
        issuedOn: memberCertificates.issuedOn,
        expiresOn: memberCertificates.expiresOn,
        lastReviewedOn: memberCertificates.lastReviewedOn,
        reviewDueOn: sql<string | null>`${reviewDueSql(sql`${memberCertificates}`, sql`${certificateTypes}`)}::text`,
        renewWindowDays: certificateTypes.renewWindowDays,
      })
      .from(memberCertificates)
      .innerJoin(certificateTypes, eq(certificateTypes.id, memberCertificates.certificateTypeId))
      .where(sql`${memberCertificates.memberId} = ANY(${idArray}::int[])`)
      .orderBy(asc(memberCertificates.issuedOn), asc(memberCertificates.id)),
  );
  const issued = byMember(await listIssuedForMembers(db, viewer, list, today));
  const induction = byMember(await inductionForMembers(db, viewer, list));

  for (const member of list) {
    const id = member.id;
    out.set(id, {
      member,
      history: history.get(id) ?? [],
      induction: (induction.get(id) ?? []).map(({ memberId: _, ...r }) => r),
      hours: hours.get(id) ?? [],
      courses: (done.get(id) ?? []).map((c) => ({ title: c.title, day: day(c.at) })),
      classes: (attendance.get(id) ?? []).map((a) => ({ title: a.title, attended: a.attended, held: a.held })),
      signoffs: (signed.get(id) ?? []).map((s) => ({ task: `${s.taskCode} ${s.taskTitle}`, day: s.signedOn, verifier: s.verifierName ?? "" })),
      quizzes: (quizzes.get(id) ?? []).map((q) => ({
        title: q.title,
        quarter: q.quarter,
        score: Number(q.score),
        max: Number(q.max),
        percent: Number(q.percent),
        passed: q.passed,
        pending: q.pending,
      })),
      contests: (contests.get(id) ?? []).map((c) => ({ title: c.title, day: c.heldOn, rank: c.rank, score: c.score, award: c.award })),
      certificates: (certs.get(id) ?? []).map(({ memberId: _, renewWindowDays, ...c }) => ({
        ...c,
        reviewOverdue: reviewState(c.reviewDueOn, today, renewWindowDays) === "overdue",
      })),
      issued: (issued.get(id) ?? []).map((i) => ({
        title: i.title + (i.detail ? ` · ${i.detail}` : ""),
        number: i.number,
        day: day(i.issuedAt),
        state: i.validity.state,
      })),
    });
  }
  return out;
}
