import { requirePermission } from "@/lib/auth/session";
import { messagesFor } from "@/lib/i18n";
import { quarterChoices, quizFormValues } from "@/lib/quiz/admin";

import { getLocale, getT } from "@/app/_lib/i18n";
import { getSpecialties } from "@/app/_lib/specialties";
import { Card, PageHeader } from "@/app/_ui/layout";
import { TeachTabs } from "../../_components/teach-tabs";
import { QuizForm } from "../quiz-form";
import { zoneName } from "../[id]/quiz-header";
import { quarterText } from "@/lib/core/time";
import { timeZone } from "@/lib/core/clock";
import * as clock from "@/lib/core/clock";

export async function generateMetadata() {
  return { title: (await getT())("quizAdmin.form.newTitle") };
}

export default async function NewQuizPage() {
  await requirePermission("teach.manage");
  const t = await getT();
  const sp = await getSpecialties();
  const locale = await getLocale();
  const tz = timeZone();
  const initial = quizFormValues(null, tz);
  return (
    <div className="max-w-3xl">
      <PageHeader title={t("quizAdmin.form.newTitle")} />
      <TeachTabs t={t} active="quizzes" />
      <Card>
        <QuizForm
          initial={initial}
          quarters={quarterChoices(clock.now(), tz).map((q) => ({ value: q, label: quarterText(q, locale) }))}
          specialties={sp.optional(t, null, t("quizAdmin.form.noSpecialty"))}
          zone={zoneName(tz, locale)}
          m={messagesFor(locale).quizAdmin}
          integrity={messagesFor(locale).proctor.form}
          invalid={t("errors.invalidInput")}
        />
      </Card>
    </div>
  );
}
