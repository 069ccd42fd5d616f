import type { Translate } from "@/lib/i18n";
import { TabNav } from "@/app/_ui/tabs";

/** The three parts of the trainer's work: bank, quizzes, grading. */
export function TeachTabs({ t, active, toGrade }: { t: Translate; active: "bank" | "quizzes" | "grading"; toGrade?: number }) {
  return (
    <TabNav
      label={t("nav.teach")}
      active={active}
      items={[
        { key: "bank", href: "/teach/bank", label: t("quizAdmin.sections.bank") },
        { key: "quizzes", href: "/teach/quizzes", label: t("quizAdmin.sections.quizzes") },
        { key: "grading", href: "/teach/grading", label: t("quizAdmin.sections.grading"), badge: toGrade },
      ]}
    />
  );
}
