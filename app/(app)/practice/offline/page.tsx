import { timeZone } from "@/lib/core/clock";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { messagesFor } from "@/lib/i18n";
import { categoryNames } from "@/lib/practice/practice";
import { idField, searchValue } from "@/app/_lib/action";
import { getLocale, getT } from "@/app/_lib/i18n";
import { EmptyState } from "@/app/_ui/feedback";
import { PageHeader } from "@/app/_ui/layout";
import { OfflineClient } from "./offline-client";

export async function generateMetadata() {
  return { title: (await getT())("practice.offline.title") };
}

/**
 * 离线练习 for one category: downloads its practice questions onto the phone, then practises them
 * there with feedback at once, online or not; the answers sync when the connection returns.
 */
export default async function OfflinePracticePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("self.learn");
  const t = await getT();
  const cat = idField.safeParse(searchValue(await searchParams, "category"));
  if (!cat.success) return <EmptyState title={t("practice.errors.chooseCategory")} />;
  const names = (await categoryNames(await getDb(), [cat.data])).get(cat.data) ?? [];
  const m = messagesFor(await getLocale());
  return (
    <div className="max-w-2xl space-y-4">
      <PageHeader title={`${t("practice.offline.title")} · ${names.join(" / ")}`}>{t("practice.offline.downloadHint")}</PageHeader>
      <OfflineClient userId={user.userId} categoryId={cat.data} tz={timeZone()} m={m.practice.offline} mq={m.quizTake} />
    </div>
  );
}
