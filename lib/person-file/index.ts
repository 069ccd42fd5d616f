/**
 * 一人一档: one member's training file, the record a safety inspector asks for (安全生产法: time,
 * content, participants and results of each training). Read for the member themself or whoever
 * may read the member's records (a manager or trainer in scope, an admin); printed as an A4 PDF
 * by ./pdf.ts. Each part is read through its own domain's function, with its own check.
 */
import { asc, desc, eq, inArray, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { certificateTypes, courseCompletions, courses, jobs, memberCertificates, orgUnits } from "@/db/schema";
import * as clock from "@/lib/core/clock";
import { ok, type Result } from "@/lib/core/result";
import { dayIn } from "@/lib/core/time";
import { attendanceForMember } from "@/lib/classes";
import { resultsForMember as contestResultsFor } from "@/lib/contests";
import { memberHours } from "@/lib/hours/ledger";
import { listIssued } from "@/lib/issued";
import { getMember, type MemberRow } from "@/lib/members/members";
import { resultsForMember as quizResultsFor } from "@/lib/quiz/worker";
import { signoffsForMember } from "@/lib/signoffs";

/** Years of hours shown: this one and the four before (or from the hire year). */
const HOUR_YEARS = 5;

export interface PersonFile {
  member: MemberRow;
  /** Unit and job at each recorded change (member created or edited), oldest first. */
  history: { day: string; unit: string | null; job: string | null }[];
  hours: { year: number; total: number; counted: number; minimum: number; shortfall: number }[];
  courses: { title: string; day: string }[];
  classes: { title: string; attended: number; held: number }[];
  signoffs: { task: string; day: string; verifier: string }[];
  quizzes: { title: string; quarter: string; score: number; max: number; percent: number; passed: boolean; pending: boolean }[];
  contests: { title: string; day: string; rank: number | null; score: number | null; award: string }[];
  certificates: { name: string; number: string; issuedOn: string; expiresOn: string | null }[];
  issued: { title: string; number: string; day: string; state: "valid" | "expired" | "revoked" }[];
}

export async function personFile(db: Db, viewer: Parameters<typeof getMember>[1], memberId: number, now: Date = clock.now()): Promise<Result<PersonFile>> {
  const found = await getMember(db, viewer, memberId);
  if (!found.ok) return found;
  const member = found.value;
  const tz = clock.timeZone();
  const today = dayIn(now, tz);
  const thisYear = Number(today.slice(0, 4));
  const firstYear = Math.max(thisYear - HOUR_YEARS + 1, member.hiredOn ? Number(member.hiredOn.slice(0, 4)) : 0);

  const hours: PersonFile["hours"] = [];
  for (let y = thisYear; y >= firstYear; y--) {
    const h = await memberHours(db, viewer, memberId, y, tz);
    if (h.ok) hours.push({ year: y, total: h.value.total, counted: h.value.counted, minimum: h.value.minimum.hours, shortfall: h.value.shortfall });
  }

  const changes = rowsOf<{ day: string; unit: number | null; job: number | null }>(
    await db.execute(sql`SELECT to_char(at AT TIME ZONE ${tz}, 'YYYY-MM-DD') AS day,
        (after->>'orgUnitId')::int AS unit, nullif(after->>'jobId', '')::int AS job
      FROM audit_log WHERE entity = 'member' AND entity_id = ${String(memberId)} AND action IN ('member.create', 'member.update')
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
  const history: PersonFile["history"] = [];
  for (const c of changes) {
    const entry = {
      day: c.day,
      unit: c.unit === null ? null : (unitNames.get(Number(c.unit)) ?? null),
      job: c.job === null ? null : (jobNames.get(Number(c.job)) ?? null),
    };
    const last = history.at(-1);
    if (!last || last.unit !== entry.unit || last.job !== entry.job) history.push(entry);
  }

  const done = await db
    .select({ title: courses.title, at: courseCompletions.completedAt })
    .from(courseCompletions)
    .innerJoin(courses, eq(courses.id, courseCompletions.courseId))
    .where(eq(courseCompletions.memberId, memberId))
    .orderBy(desc(courseCompletions.completedAt));
  const attendance = await attendanceForMember(db, viewer, memberId, now);
  const signed = await signoffsForMember(db, viewer, memberId);
  const quizzes = await quizResultsFor(db, viewer, member);
  const contests = await contestResultsFor(db, viewer, memberId);
  const certs = await db
    .select({ name: certificateTypes.name, number: memberCertificates.number, issuedOn: memberCertificates.issuedOn, expiresOn: memberCertificates.expiresOn })
    .from(memberCertificates)
    .innerJoin(certificateTypes, eq(certificateTypes.id, memberCertificates.certificateTypeId))
    .where(eq(memberCertificates.memberId, memberId))
    .orderBy(asc(memberCertificates.issuedOn));
  const issued = await listIssued(db, viewer, memberId, today);
  const day = (d: Date) => dayIn(d, tz);

  return ok({
    member,
    history,
    hours,
    courses: done.map((c) => ({ title: c.title, day: day(c.at) })),
    classes: attendance.ok
      ? attendance.value.filter((a) => a.attended.length > 0).map((a) => ({ title: a.title, attended: a.attended.length, held: a.sessionsHeld }))
      : [],
    signoffs: signed.map((s) => ({ task: `${s.taskCode} ${s.taskTitle}`, day: s.signedOn, verifier: s.verifierName ?? "" })),
    quizzes: quizzes.map((q) => ({
      title: q.title,
      quarter: q.quarter,
      score: Number(q.score),
      max: Number(q.max),
      percent: Number(q.percent),
      passed: q.passed,
      pending: q.pending,
    })),
    contests: contests.map((c) => ({ title: c.title, day: c.heldOn, rank: c.rank, score: c.score, award: c.award })),
    certificates: certs,
    issued: issued.ok
      ? issued.value.map((i) => ({ title: i.title + (i.detail ? ` · ${i.detail}` : ""), number: i.number, day: day(i.issuedAt), state: i.validity.state }))
      : [],
  });
}
