import type { Db } from "@/db/client";
import { can, type Principal } from "@/lib/auth/permissions";
import * as clock from "@/lib/core/clock";
import { dayIn } from "@/lib/core/time";
import { listExpiring } from "@/lib/certificates/expiring";
import type { CacheFreshness } from "@/lib/eligibility/cache";
import { coverage } from "@/lib/eligibility/coverage";
import { shortfallReport } from "@/lib/hours/ledger";
import { classesForMember } from "@/lib/classes/worker";
import { pendingEvaluations } from "@/lib/evaluations";
import { openCases } from "@/lib/cases";
import { unreadCount } from "@/lib/notifications";
import { dailyOverview } from "@/lib/practice/daily";
import { gradingQueue } from "@/lib/quiz/admin/grading";
import { listQuizzes } from "@/lib/quiz/admin/quizzes";
import { quizzesForMember } from "@/lib/quiz/worker";
import { listLessons } from "@/lib/video/lessons";
import { coursesForMember } from "@/lib/video/courses";

/**
 * What each role needs first on the home page: a count and the first few items of each kind.
 * Each block is read only for a user with its permission, through the domain's own scoped reads.
 */
const MAX = 5;
const DAY_MS = 24 * 3600_000;

export interface Block<T> {
  count: number;
  items: T[];
}

const block = <T>(all: T[], count = all.length): Block<T> => ({ count, items: all.slice(0, MAX) });

type Member = Principal & { orgPath: string; jobId: number | null };

export interface WorkerHome {
  quizzes: Block<{ id: number; title: string; closesAt: Date }>;
  courses: Block<{ id: number; title: string; done: number; required: number }>;
  /** Class sessions to attend, the one with check-in open first (at most 3). */
  sessions: { classId: number; title: string; startsAt: Date; checkinOpen: boolean }[];
  /** Today's 每日一练, or null when practice is not open to the member. */
  daily: { answered: number; size: number; completed: boolean } | null;
  unread: number;
  /** Classes attended and courses completed still to rate (请为本次培训打分). */
  evaluations: Block<{ kind: "class" | "course"; id: number; title: string }>;
  /** 案例复训 assigned and not completed yet, overdue and earliest due first. */
  cases: Block<{ id: number; title: string; dueOn: string; overdue: boolean }>;
}

/** The acting member's own to-dos (self.learn): it takes no other member, so it shows no one else's. */
export async function workerHome(db: Db, actor: Member, now = clock.now()): Promise<WorkerHome | null> {
  if (!can(actor, "self.learn")) return null;
  const member = { id: actor.memberId, orgPath: actor.orgPath, jobId: actor.jobId };
  const [quizzes, courses, classes, daily, unread, toRate, cases] = await Promise.all([
    quizzesForMember(db, member, now),
    coursesForMember(db, { memberId: member.id, orgPath: member.orgPath, jobId: member.jobId, teacher: false }),
    classesForMember(db, member, now),
    dailyOverview(db, actor, now),
    unreadCount(db, actor),
    pendingEvaluations(db, actor, now),
    openCases(db, actor, now),
  ]);
  return {
    // Open and nothing submitted yet, with an attempt running or one left.
    quizzes: block(
      quizzes
        .filter((q) => q.when === "open" && !q.result && (q.openAttemptId !== null || q.attemptsUsed < q.attemptsAllowed))
        .sort((a, b) => a.closesAt.getTime() - b.closesAt.getTime())
        .map((q) => ({ id: q.id, title: q.title, closesAt: q.closesAt })),
    ),
    courses: block(courses.mine.filter((c) => !c.completedAt).map((c) => ({ id: c.id, title: c.title, done: c.done, required: c.required }))),
    sessions: classes
      .filter((c) => c.myStatus === "enrolled")
      .flatMap((c) =>
        c.sessions
          .filter((s) => !s.attended && (s.checkinOpen || s.endsAt > now))
          .map((s) => ({ classId: c.id, title: c.title, startsAt: s.startsAt, checkinOpen: s.checkinOpen })),
      )
      .sort((a, b) => Number(b.checkinOpen) - Number(a.checkinOpen) || a.startsAt.getTime() - b.startsAt.getTime())
      .slice(0, 3),
    daily: daily && { answered: daily.answered, size: daily.size, completed: daily.completed },
    unread,
    evaluations: block(toRate.map((e) => ({ kind: e.kind, id: e.id, title: e.title }))),
    cases: block(cases.map((c) => ({ id: c.id, title: c.title, dueOn: c.dueOn, overdue: c.status === "overdue" }))),
  };
}

export interface TrainerHome {
  grading: Block<{ attemptId: number; position: number; quizTitle: string; memberName: string }>;
  drafts: Block<{ kind: "quiz" | "lesson"; id: number; title: string }>;
  closing: Block<{ id: number; title: string; closesAt: Date }>;
}

/** The trainer's queue (teach.manage): essays waiting in their scope, drafts, quizzes closing within 7 days. */
export async function trainerHome(db: Db, actor: Principal, now = clock.now()): Promise<TrainerHome | null> {
  if (!can(actor, "teach.manage")) return null;
  const [queue, draftQuizzes, published, lessons] = await Promise.all([
    gradingQueue(db, actor, { show: "pending", page: 1 }, MAX),
    listQuizzes(db, actor, { status: "draft", page: 1 }, MAX),
    listQuizzes(db, actor, { status: "published", page: 1 }, 200),
    listLessons(db, actor),
  ]);
  const draftLessons = lessons.filter((l) => l.status === "draft");
  const horizon = now.getTime() + 7 * DAY_MS;
  const closing = published.rows
    .filter((q) => q.opensAt <= now && q.closesAt > now && q.closesAt.getTime() <= horizon)
    .sort((a, b) => a.closesAt.getTime() - b.closesAt.getTime());
  return {
    grading: block(
      queue.rows.map((r) => ({ attemptId: r.attemptId, position: r.position, quizTitle: r.quizTitle, memberName: r.memberName })),
      queue.total,
    ),
    drafts: block(
      [
        ...draftQuizzes.rows.map((q) => ({ kind: "quiz" as const, id: q.id, title: q.title })),
        ...draftLessons.map((l) => ({ kind: "lesson" as const, id: l.id, title: l.title })),
      ],
      draftQuizzes.total + draftLessons.length,
    ),
    closing: block(closing.map((q) => ({ id: q.id, title: q.title, closesAt: q.closesAt }))),
  };
}

export interface ManagerHome {
  /** Stations short of members qualified for a job they must staff. */
  gaps: Block<{ stationName: string; jobName: string; shortfall: number }>;
  /** Certificates running out within 30 days. */
  expiring: Block<{ memberId: number; name: string; typeName: string; expiresOn: string; daysLeft: number }>;
  /** Members short of the year's 学时 minimum. */
  hoursShort: Block<{ memberId: number; name: string; shortfall: number }>;
  /** How old the roster's statuses behind the gaps are, and whether a recompute is pending. */
  freshness: CacheFreshness;
}

/**
 * The team's gaps (roster.read), inside the manager's own scope only. A read that writes nothing:
 * the gaps come from the roster cache and the 学时 from the totals as their jobs (roster-refresh,
 * hours-refresh) last left them.
 */
export async function managerHome(db: Db, actor: Principal, now = clock.now()): Promise<ManagerHome | null> {
  if (!can(actor, "roster.read")) return null;
  const [cov, exp] = await Promise.all([
    coverage(db, actor, { unitId: null, shortOnly: true }, now),
    listExpiring(db, actor, { unit: null, within: 30, type: null, expired: false }, now),
  ]);
  if (!cov.ok || !exp.ok) return null;
  const year = Number(dayIn(now, clock.timeZone()).slice(0, 4));
  const hours = await shortfallReport(db, actor, { unitId: cov.value.unit.id, year, page: 1, limit: MAX }, clock.timeZone(), "totals-as-is");
  const gaps = cov.value.rows.sort((a, b) => b.shortfall - a.shortfall);
  return {
    gaps: block(
      gaps.map((r) => ({ stationName: r.stationName, jobName: r.jobName, shortfall: r.shortfall })),
      gaps.reduce((n, r) => n + r.shortfall, 0),
    ),
    expiring: block(exp.value.rows.map((r) => ({ memberId: r.memberId, name: r.name, typeName: r.typeName, expiresOn: r.expiresOn, daysLeft: r.daysLeft }))),
    hoursShort: hours.ok
      ? block(
          hours.value.rows.map((r) => ({ memberId: r.memberId, name: r.name, shortfall: r.shortfall })),
          hours.value.total,
        )
      : block([]),
    freshness: cov.value.freshness,
  };
}
