import { can, type NavSection } from "@/lib/auth/permissions";
import type { CurrentUser } from "@/lib/auth/accounts";
import type { MessageKey } from "@/lib/i18n";

export interface NavItem {
  href: string;
  label: MessageKey;
}

/** The navigation a user sees, by what their roles allow; empty sections are left out. */
export function navFor(user: CurrentUser): { section: NavSection; label: MessageKey; items: NavItem[] }[] {
  const sections: { section: NavSection; label: MessageKey; items: NavItem[] }[] = [
    {
      section: "learn",
      label: "nav.learn",
      items: [
        { href: "/", label: "nav.home" },
        { href: "/quizzes", label: "nav.quizzes" },
        { href: `/members/${user.memberId}`, label: "nav.myProfile" },
      ],
    },
    {
      section: "teach",
      label: "nav.teach",
      items: can(user, "teach.manage")
        ? [
            { href: "/teach/bank", label: "nav.questionBank" },
            { href: "/teach/quizzes", label: "nav.quizAdmin" },
            { href: "/teach/grading", label: "nav.grading" },
          ]
        : [],
    },
    {
      section: "manage",
      label: "nav.manage",
      items: can(user, "member.read") ? [{ href: "/members", label: "nav.members" }] : [],
    },
    {
      section: "system",
      label: "nav.system",
      items: [
        ...(can(user, "org.write") ? [{ href: "/system/org", label: "nav.orgTree" as MessageKey }] : []),
        ...(can(user, "member.write") ? [{ href: "/system/import", label: "nav.import" as MessageKey }] : []),
      ],
    },
  ];
  return sections.filter((s) => s.items.length > 0);
}
