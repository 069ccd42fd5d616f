import Link from "next/link";
import { requireUser, signOutHere } from "@/lib/auth/session";
import { messagesFor } from "@/lib/i18n";
import { getLocale, getT } from "@/app/_lib/i18n";
import { currentNav } from "@/app/_lib/nav";
import { getDb } from "@/lib/core/db";
import { unreadCount } from "@/lib/notifications";
import { LocaleSwitch } from "@/app/_ui/locale-switch";
import { NavIcon } from "@/app/_ui/nav-icon";
import { SignOut } from "@/app/_ui/sign-out";
import { OfflineSync } from "@/app/_ui/offline-downloads";

async function signOutAction() {
  "use server";
  await signOutHere();
}

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  const t = await getT();
  const locale = await getLocale();
  const db = await getDb();
  const nav = await currentNav();
  const unread = await unreadCount(db, user);

  const links = (
    <nav aria-label={t("common.menu")} className="space-y-5">
      {nav.map((s) => (
        <div key={s.section}>
          <h2 className="px-3 text-xs font-semibold uppercase tracking-wide text-slate-500">{t(s.label)}</h2>
          <ul className="mt-1 space-y-0.5">
            {s.items.map((it) => (
              <li key={it.href}>
                <Link
                  href={it.href}
                  className="flex min-h-10 items-center gap-2.5 rounded-md px-3 text-sm text-slate-800 hover:bg-brand-50 hover:text-brand-800"
                >
                  <NavIcon name={it.icon} className="size-4 shrink-0 text-slate-500" />
                  {t(it.label)}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );

  return (
    <div className="min-h-dvh">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        {t("common.skipToContent")}
      </a>
      <header className="sticky top-0 z-30 bg-brand-700 text-white shadow print:hidden">
        <div className="mx-auto flex h-14 max-w-7xl items-center gap-2 px-3 sm:px-4">
          <details className="group relative lg:hidden">
            <summary
              className="flex min-h-10 min-w-10 cursor-pointer list-none items-center justify-center rounded hover:bg-white/10"
              aria-label={t("common.menu")}
            >
              <svg aria-hidden="true" viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="2">
                <path d="M4 6h16M4 12h16M4 18h16" />
              </svg>
            </summary>
            <div className="fixed inset-x-0 top-14 z-40 max-h-[calc(100dvh-3.5rem)] overflow-y-auto border-b border-slate-200 bg-white p-3 text-slate-900 shadow-lg">
              {links}
            </div>
          </details>
          <Link href="/" className="mr-auto truncate text-base font-semibold tracking-wide">
            {t("app.name")}
          </Link>
          <Link
            href="/notifications"
            className="relative flex min-h-10 min-w-10 items-center justify-center rounded hover:bg-white/10"
            aria-label={t("classes.notifications.bell", { count: unread })}
            data-testid="bell"
          >
            <svg aria-hidden="true" viewBox="0 0 24 24" className="size-5" fill="none" stroke="currentColor" strokeWidth="2">
              <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9M10 21a2 2 0 0 0 4 0" />
            </svg>
            {unread > 0 && (
              <span className="absolute right-0.5 top-0.5 min-w-4 rounded-full bg-red-600 px-1 text-center text-[10px] font-bold leading-4">
                {unread > 99 ? "99+" : unread}
              </span>
            )}
          </Link>
          <LocaleSwitch locale={locale} label={t("common.language")} />
          <span className="hidden max-w-40 truncate text-sm text-brand-100 sm:inline" title={t("common.signedInAs", { name: user.name })}>
            {user.name}
          </span>
          <SignOut action={signOutAction} userId={user.userId} label={t("common.signOut")} m={messagesFor(locale).pwa.signOut} />
        </div>
      </header>
      <div className="mx-auto flex max-w-7xl gap-6 px-3 py-4 sm:px-4 sm:py-6 print:block print:p-0">
        <aside className="hidden w-52 shrink-0 lg:block print:hidden">{links}</aside>
        <main id="main" className="min-w-0 flex-1">
          <OfflineSync userId={user.userId} />
          {children}
        </main>
      </div>
    </div>
  );
}
