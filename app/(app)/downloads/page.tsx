import { requirePermission } from "@/lib/auth/session";
import { timeZone } from "@/lib/core/clock";
import { DOWNLOAD_DAYS } from "@/lib/video/offline";
import { messagesFor } from "@/lib/i18n";
import { getLocale, getT } from "@/app/_lib/i18n";
import { PageHeader } from "@/app/_ui/layout";
import { DownloadsList } from "@/app/_ui/offline-downloads";

export async function generateMetadata() {
  return { title: (await getT())("video.offline.title") };
}

/** 已下载: the lessons downloaded on this device (kept in the browser, listed by it). */
export default async function DownloadsPage() {
  const user = await requirePermission("self.learn");
  const t = await getT();
  return (
    <div className="max-w-3xl">
      <PageHeader title={t("video.offline.title")} />
      <p className="mb-4 text-sm text-slate-600">{t("video.offline.intro", { days: DOWNLOAD_DAYS })}</p>
      <DownloadsList
        userId={user.userId}
        tz={timeZone()}
        labels={{
          empty: t("video.offline.empty"),
          expires: messagesFor(await getLocale()).video.offline.expires,
          open: t("video.offline.open"),
          remove: t("video.offline.remove"),
          removedSome: t("video.offline.removedSome", { n: "{n}" }),
          total: t("video.offline.total", { mb: "{mb}" }),
          pending: t("video.offline.pending", { n: "{n}" }),
        }}
      />
    </div>
  );
}
