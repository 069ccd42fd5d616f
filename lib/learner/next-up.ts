import type { Db } from "@/db/client";
import type { Principal } from "@/lib/auth/permissions";
import { classesForMember } from "@/lib/classes/worker";
import { quizzesForMember } from "@/lib/quiz/worker";
import { coursesForMember } from "@/lib/video/courses";
import * as clock from "@/lib/core/clock";

/** What a member has to do next, for the home page: the first few of each kind. */
export interface NextUp {
  quizzes: { id: number; title: string; closesAt: Date; inProgress: boolean }[];
  courses: { id: number; title: string; lessonId: number; lessonTitle: string; done: number; required: number }[];
  sessions: { classId: number; title: string; startsAt: Date; checkinOpen: boolean }[];
}

const MAX = 3;

/** The acting member's own next things: it takes no other member, so it cannot show anyone else's. */
export async function nextUpFor(db: Db, actor: Pick<Principal, "memberId"> & { orgPath: string; jobId: number | null }, now = clock.now()): Promise<NextUp> {
  const member = { id: actor.memberId, orgPath: actor.orgPath, jobId: actor.jobId };
  const [quizzes, courses, classes] = await Promise.all([
    quizzesForMember(db, member, now),
    coursesForMember(db, { memberId: member.id, orgPath: member.orgPath, jobId: member.jobId, teacher: false }),
    classesForMember(db, member, now),
  ]);
  return {
    // Open, not yet passed, and still something to do: an attempt running or one left.
    quizzes: quizzes
      .filter((q) => q.when === "open" && !q.result?.passed && (q.openAttemptId !== null || q.attemptsUsed < q.attemptsAllowed))
      .sort((a, b) => a.closesAt.getTime() - b.closesAt.getTime())
      .slice(0, MAX)
      .map((q) => ({ id: q.id, title: q.title, closesAt: q.closesAt, inProgress: q.openAttemptId !== null })),
    courses: courses.mine
      .filter((c) => !c.completedAt && c.next)
      .slice(0, MAX)
      .map((c) => ({ id: c.id, title: c.title, lessonId: c.next!.lessonId, lessonTitle: c.next!.title, done: c.done, required: c.required })),
    sessions: classes
      .filter((c) => c.myStatus === "enrolled")
      .flatMap((c) =>
        c.sessions
          .filter((s) => !s.attended && (s.checkinOpen || s.endsAt > now))
          .map((s) => ({ classId: c.id, title: c.title, startsAt: s.startsAt, checkinOpen: s.checkinOpen })),
      )
      .sort((a, b) => Number(b.checkinOpen) - Number(a.checkinOpen) || a.startsAt.getTime() - b.startsAt.getTime())
      .slice(0, MAX),
  };
}
