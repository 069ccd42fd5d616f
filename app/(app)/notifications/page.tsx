import Link from "next/link";
import { getDb } from "@/lib/core/db";
import { requireUser } from "@/lib/auth/session";
import { translateCode, type Locale, type Translate } from "@/lib/i18n";
import { formatDateTime } from "@/lib/core/format";
import { listNotifications, type NotificationItem } from "@/lib/notifications";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { getLocale, getT } from "@/app/_lib/i18n";
import { buttonClass } from "@/app/_ui/button";
import { EmptyState } from "@/app/_ui/feedback";
import { PageHeader } from "@/app/_ui/layout";
import { markAllReadAction, openNotificationAction } from "./actions";

export async function generateMetadata() {
  return { title: (await getT())("classes.notifications.title") };
}

/** A reminder's text: params ending in `At` are instants, shown in the reader's language and the site's zone. */
function text(n: NotificationItem, t: Translate, locale: Locale): string {
  const params = Object.fromEntries(
    Object.entries(n.params).map(([k, v]) => [
      k,
      k.endsWith("At") && typeof v === "string" && !Number.isNaN(Date.parse(v)) ? formatDateTime(new Date(v), locale) : v,
    ]),
  );
  return translateCode(t, n.kind, params);
}

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const t = await getT();
  const locale = await getLocale();
  const list = await listNotifications(await getDb(), user);
  const unread = list.filter((n) => !n.readAt).length;
  return (
    <div className="max-w-3xl">
      <PageHeader
        title={t("classes.notifications.title")}
        actions={
          <div className="flex flex-wrap gap-2">
            <Link href="/notifications/settings" className={buttonClass("ghost")}>
              {t("notify.prefs.link")}
            </Link>
            {unread > 0 && (
              <form action={markAllReadAction}>
                <button type="submit" className={buttonClass("secondary")}>
                  {t("classes.notifications.markAllRead")}
                </button>
              </form>
            )}
          </div>
        }
      >
        {unread > 0 && t("classes.notifications.unread", { count: unread })}
      </PageHeader>
      <div className="mb-4 empty:hidden">
        <OutcomeAlert t={t} search={await searchParams} />
      </div>
      {list.length === 0 ? (
        <EmptyState title={t("classes.notifications.empty")} />
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
          {list.map((n) => (
            <li
              key={n.id}
              className={`flex flex-wrap items-start justify-between gap-2 p-3 sm:p-4 ${n.readAt ? "" : "bg-brand-50"}`}
              data-testid="notification"
            >
              <div className="min-w-0 flex-1">
                <p className={`break-words text-sm ${n.readAt ? "text-slate-700" : "font-medium text-slate-900"}`}>{text(n, t, locale)}</p>
                <p className="mt-0.5 text-xs text-slate-500">{formatDateTime(n.createdAt, locale)}</p>
              </div>
              {n.href && (
                <form action={openNotificationAction}>
                  <input type="hidden" name="id" value={n.id} />
                  <button type="submit" className={buttonClass("ghost", "min-h-9 px-3")}>
                    {t("classes.notifications.open")}
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
