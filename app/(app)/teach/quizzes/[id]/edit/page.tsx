import { forbidden, notFound } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { messagesFor } from "@/lib/i18n";
import { getQuiz, quarterChoices, quizFormValues } from "@/lib/quiz/admin";

import { getLocale, getT } from "@/app/_lib/i18n";
import { getSpecialties } from "@/app/_lib/specialties";
import { Alert } from "@/app/_ui/feedback";
import { Card } from "@/app/_ui/layout";
import { QuizForm } from "../../quiz-form";
import { QuizHeader, zoneName } from "../quiz-header";
import { mayChangeContent } from "@/lib/auth/ownership";
import { requirePermission } from "@/lib/auth/session";
import { quarterText } from "@/lib/core/time";
import { timeZone } from "@/lib/core/clock";
import * as clock from "@/lib/core/clock";
import { idParam } from "@/app/_lib/json-route";

export async function generateMetadata() {
  return { title: (await getT())("quizAdmin.form.editTitle") };
}

export default async function EditQuizPage({ params }: { params: Promise<{ id: string }> }) {
  const t = await getT();
  const sp = await getSpecialties();
  const locale = await getLocale();
  const parsedId = idParam.safeParse((await params).id);
  if (!parsedId.success) notFound();
  const id = parsedId.data;
  const user = await requirePermission("teach.manage");
  const quiz = await getQuiz(await getDb(), user, id);
  if (!quiz) notFound();
  if (!mayChangeContent(user, quiz)) forbidden();
  const tz = timeZone();
  const closed = quiz.status === "closed";
  return (
    <div className="max-w-4xl">
      <QuizHeader quiz={quiz} t={t} locale={locale} active="settings" />
      <div className="space-y-4">
        {closed && <Alert tone="warning">{t("quizAdmin.form.closedNotice")}</Alert>}
        <Card>
          <QuizForm
            initial={quizFormValues(quiz, tz)}
            quizId={id}
            quarters={quarterChoices(clock.now(), tz, quiz.quarter).map((q) => ({ value: q, label: quarterText(q, locale) }))}
            specialties={sp.optional(t, quiz.specialty, t("quizAdmin.form.noSpecialty"))}
            zone={zoneName(tz, locale)}
            m={messagesFor(locale).quizAdmin}
            integrity={messagesFor(locale).proctor.form}
            disabled={closed}
            invalid={t("errors.invalidInput")}
          />
        </Card>
      </div>
    </div>
  );
}
