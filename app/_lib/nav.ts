import { cache } from "react";
import { can, type NavSection } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import type { CurrentUser } from "@/lib/auth/user-row";
import type { MessageKey } from "@/lib/i18n";
import { getDb } from "@/lib/core/db";
import { technicianMayProctor } from "@/lib/quiz/proctor";

export interface NavItem {
  href: string;
  label: MessageKey;
  /** The picture beside the link (app/_ui/nav-icon.tsx draws it). */
  icon: NavIcon;
}

export type NavIcon =
  | "home"
  | "quiz"
  | "practice"
  | "course"
  | "download"
  | "class"
  | "profile"
  | "points"
  | "comparison"
  | "contest"
  | "mentor"
  | "proctor"
  | "bank"
  | "quizAdmin"
  | "practiceAdmin"
  | "grading"
  | "task"
  | "lesson"
  | "courseAdmin"
  | "classAdmin"
  | "evaluation"
  | "needs"
  | "equipment"
  | "members"
  | "roster"
  | "coverage"
  | "certificate"
  | "hours"
  | "induction"
  | "plan"
  | "pairing"
  | "org"
  | "specialty"
  | "import"
  | "job"
  | "certificateType"
  | "pointsRules"
  | "hoursRules"
  | "inductionRules"
  | "audit"
  | "jobsRun"
  | "notify"
  | "case"
  | "caseAdmin";

const item = (href: string, label: MessageKey, icon: NavIcon): NavItem => ({ href, label, icon });

/**
 * The navigation a user sees, by what their roles allow; empty sections are left out.
 * `technicianProctor`: a technician with no trainer or manager role who may proctor somewhere
 * (lib/quiz/proctor `technicianMayProctor`) gets 现场监考 among their own links.
 */
function navFor(user: CurrentUser, opts: { technicianProctor?: boolean } = {}): { section: NavSection; label: MessageKey; items: NavItem[] }[] {
  const sections: { section: NavSection; label: MessageKey; items: NavItem[] }[] = [
    {
      section: "learn",
      label: "nav.learn",
      items: [
        item("/", "nav.home", "home"),
        item("/quizzes", "nav.quizzes", "quiz"),
        item("/practice", "practice.nav.practice", "practice"),
        item("/cases", "cases.nav", "case"),
        item("/courses", "video.nav.myCourses", "course"),
        item("/downloads", "video.nav.downloads", "download"),
        item("/classes", "nav.classes", "class"),
        item(`/members/${user.memberId}`, "nav.myProfile", "profile"),
        item("/points", "methods.nav.points", "points"),
        item("/comparison", "methods.nav.comparison", "comparison"),
        item("/contests", "methods.nav.contests", "contest"),
        item("/mentors", "methods.nav.mentors", "mentor"),
        ...(opts.technicianProctor ? [item("/proctor", "proctor.nav.proctor", "proctor")] : []),
      ],
    },
    {
      section: "teach",
      label: "nav.teach",
      items: can(user, "teach.manage")
        ? [
            item("/teach/bank", "nav.questionBank", "bank"),
            item("/teach/quizzes", "nav.quizAdmin", "quizAdmin"),
            item("/teach/practice", "practice.nav.teach", "practiceAdmin"),
            item("/teach/cases", "cases.teachNav", "caseAdmin"),
            item("/teach/grading", "nav.grading", "grading"),
            item("/proctor", "proctor.nav.proctor", "proctor"),
            item("/teach/tasks", "methods.nav.tasks", "task"),
            item("/teach/lessons", "video.nav.lessons", "lesson"),
            item("/teach/courses", "video.nav.courses", "courseAdmin"),
            item("/teach/classes", "classes.teach.title", "classAdmin"),
            item("/teach/evaluations", "evaluations.nav", "evaluation"),
            item("/teach/needs", "eligibility.nav.needs", "needs"),
            item("/teach/equipment", "equipment.nav", "equipment"),
          ]
        : [],
    },
    {
      section: "manage",
      label: "nav.manage",
      items: [
        ...(can(user, "member.read") ? [item("/members", "nav.members", "members")] : []),
        ...(can(user, "roster.read")
          ? [
              item("/manage/roster", "eligibility.nav.roster", "roster"),
              item("/manage/coverage", "eligibility.nav.coverage", "coverage"),
              item("/manage/certificates", "eligibility.nav.expiring", "certificate"),
              item("/manage/hours", "hours.nav", "hours"),
              item("/manage/plans", "plans.nav", "plan"),
            ]
          : []),
        // 三级安全教育 sign-offs: trainers and managers both sign levels in their scope.
        ...(can(user, "roster.read") || can(user, "teach.manage") ? [item("/manage/induction", "induction.nav", "induction")] : []),
        ...(can(user, "roster.read") ? [item("/manage/pairings", "methods.nav.pairings", "pairing")] : []),
        // A trainer who is not a manager reads the training plans of their scope.
        ...(!can(user, "roster.read") && can(user, "teach.manage") ? [item("/manage/plans", "plans.nav", "plan")] : []),
        // A trainer finds the evaluation results under teaching; a manager who is not one, here.
        ...(can(user, "roster.read") && !can(user, "teach.manage") ? [item("/teach/evaluations", "evaluations.nav", "evaluation")] : []),
        // A trainer finds proctoring under teaching; a manager who is not one, here.
        ...(can(user, "roster.read") && !can(user, "teach.manage") ? [item("/proctor", "proctor.nav.proctor", "proctor")] : []),
      ],
    },
    {
      section: "system",
      label: "nav.system",
      items: [
        ...(can(user, "org.write") ? [item("/system/org", "nav.orgTree", "org"), item("/system/specialties", "specialtyAdmin.nav", "specialty")] : []),
        ...(can(user, "member.write") ? [item("/system/import", "nav.import", "import")] : []),
        ...(can(user, "jobs.write")
          ? [item("/system/jobs", "eligibility.nav.jobs", "job"), item("/system/certificates", "eligibility.nav.certificates", "certificateType")]
          : []),
        ...(can(user, "points.rules") ? [item("/system/points", "methods.nav.pointsRules", "pointsRules")] : []),
        ...(can(user, "hours.rules")
          ? [item("/system/hours", "hours.rules.nav", "hoursRules"), item("/system/induction", "induction.settings.nav", "inductionRules")]
          : []),
        ...(can(user, "audit.read") ? [item("/system/audit", "audit.nav", "audit")] : []),
        ...(can(user, "system.operate") ? [item("/system/tasks", "tasks.nav", "jobsRun"), item("/system/notify", "notify.channels.nav", "notify")] : []),
      ],
    },
  ];
  return sections.filter((s) => s.items.length > 0);
}

/**
 * The signed-in user's navigation, worked out once per request: the layout and the home page both
 * show it, and `technicianMayProctor` may query (a member with no trainer or manager role).
 */
export const currentNav = cache(async () => {
  const user = await requireUser();
  return navFor(user, { technicianProctor: await technicianMayProctor(await getDb(), user) });
});
