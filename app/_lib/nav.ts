import { can, type NavSection } from "@/lib/auth/permissions";
import type { CurrentUser } from "@/lib/auth/user-row";
import type { MessageKey } from "@/lib/i18n";

export interface NavItem {
  href: string;
  label: MessageKey;
}

/**
 * The navigation a user sees, by what their roles allow; empty sections are left out.
 * `technicianProctor`: a technician with no trainer or manager role who may proctor somewhere
 * (lib/quiz/proctor `technicianMayProctor`) gets 现场监考 among their own links.
 */
export function navFor(user: CurrentUser, opts: { technicianProctor?: boolean } = {}): { section: NavSection; label: MessageKey; items: NavItem[] }[] {
  const sections: { section: NavSection; label: MessageKey; items: NavItem[] }[] = [
    {
      section: "learn",
      label: "nav.learn",
      items: [
        { href: "/", label: "nav.home" },
        { href: "/quizzes", label: "nav.quizzes" },
        { href: "/practice", label: "practice.nav.practice" },
        { href: "/courses", label: "video.nav.myCourses" },
        { href: "/classes", label: "nav.classes" },
        { href: `/members/${user.memberId}`, label: "nav.myProfile" },
        { href: "/points", label: "methods.nav.points" },
        { href: "/comparison", label: "methods.nav.comparison" },
        { href: "/contests", label: "methods.nav.contests" },
        { href: "/mentors", label: "methods.nav.mentors" },
        ...(opts.technicianProctor ? [{ href: "/proctor", label: "proctor.nav.proctor" as MessageKey }] : []),
      ],
    },
    {
      section: "teach",
      label: "nav.teach",
      items: can(user, "teach.manage")
        ? [
            { href: "/teach/bank", label: "nav.questionBank" },
            { href: "/teach/quizzes", label: "nav.quizAdmin" },
            { href: "/teach/practice", label: "practice.nav.teach" },
            { href: "/teach/grading", label: "nav.grading" },
            { href: "/proctor", label: "proctor.nav.proctor" },
            { href: "/teach/tasks", label: "methods.nav.tasks" },
            { href: "/teach/lessons", label: "video.nav.lessons" },
            { href: "/teach/courses", label: "video.nav.courses" },
            { href: "/teach/classes", label: "classes.teach.title" },
            { href: "/teach/evaluations", label: "evaluations.nav" },
            { href: "/teach/needs", label: "eligibility.nav.needs" },
            { href: "/teach/equipment", label: "equipment.nav" },
          ]
        : [],
    },
    {
      section: "manage",
      label: "nav.manage",
      items: [
        ...(can(user, "member.read") ? [{ href: "/members", label: "nav.members" as MessageKey }] : []),
        ...(can(user, "roster.read")
          ? [
              { href: "/manage/roster", label: "eligibility.nav.roster" as MessageKey },
              { href: "/manage/coverage", label: "eligibility.nav.coverage" as MessageKey },
              { href: "/manage/certificates", label: "eligibility.nav.expiring" as MessageKey },
              { href: "/manage/hours", label: "hours.nav" as MessageKey },
            ]
          : []),
        ...(can(user, "roster.read") ? [{ href: "/manage/pairings", label: "methods.nav.pairings" as MessageKey }] : []),
        // A trainer finds the evaluation results under teaching; a manager who is not one, here.
        ...(can(user, "roster.read") && !can(user, "teach.manage") ? [{ href: "/teach/evaluations", label: "evaluations.nav" as MessageKey }] : []),
        // A trainer finds proctoring under teaching; a manager who is not one, here.
        ...(can(user, "roster.read") && !can(user, "teach.manage") ? [{ href: "/proctor", label: "proctor.nav.proctor" as MessageKey }] : []),
      ],
    },
    {
      section: "system",
      label: "nav.system",
      items: [
        ...(can(user, "org.write")
          ? [
              { href: "/system/org", label: "nav.orgTree" as MessageKey },
              { href: "/system/specialties", label: "specialtyAdmin.nav" as MessageKey },
            ]
          : []),
        ...(can(user, "member.write") ? [{ href: "/system/import", label: "nav.import" as MessageKey }] : []),
        ...(can(user, "jobs.write")
          ? [
              { href: "/system/jobs", label: "eligibility.nav.jobs" as MessageKey },
              { href: "/system/certificates", label: "eligibility.nav.certificates" as MessageKey },
            ]
          : []),
        ...(can(user, "points.rules") ? [{ href: "/system/points", label: "methods.nav.pointsRules" as MessageKey }] : []),
        ...(can(user, "hours.rules") ? [{ href: "/system/hours", label: "hours.rules.nav" as MessageKey }] : []),
        ...(can(user, "audit.read") ? [{ href: "/system/audit", label: "audit.nav" as MessageKey }] : []),
        ...(can(user, "system.operate")
          ? [
              { href: "/system/tasks", label: "tasks.nav" as MessageKey },
              { href: "/system/notify", label: "notify.channels.nav" as MessageKey },
            ]
          : []),
      ],
    },
  ];
  return sections.filter((s) => s.items.length > 0);
}
