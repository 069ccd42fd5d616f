import { notFound, redirect } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { messagesFor } from "@/lib/i18n";
import { getAttemptView } from "@/lib/quiz/attempts";
import { getLocale, getT } from "@/app/_lib/i18n";
import { idParam } from "@/app/_lib/json-route";
import { AttemptClient } from "./attempt-client";

export async function generateMetadata() {
  return { title: (await getT())("quizTake.title") };
}

export default async function AttemptPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermission("self.learn");
  const parsed = idParam.safeParse((await params).id);
  if (!parsed.success) notFound();
  const id = parsed.data;
  const view = await getAttemptView(await getDb(), id, user.memberId);
  if (!view.ok) notFound();
  if (view.value.state !== "in_progress") redirect(`/attempts/${id}/review`);
  return <AttemptClient view={view.value} m={messagesFor(await getLocale()).quizTake} />;
}
