"use client";

import { useEffect, useState, type ReactNode } from "react";
import { AttemptClient } from "@/app/(app)/attempts/[id]/attempt-client";
import { LocaleProvider } from "@/app/_ui/locale";
import type { Messages } from "@/lib/i18n";
import { readView, type KeptView } from "@/lib/quiz/offline-view";

type Kept = KeptView<Messages["quizTake"]>;

/**
 * Shown at /attempts/<id> by the service worker without a connection: the attempt from the copy the
 * phone kept when it was opened, taken as online (answers kept on the phone, sent when the connection
 * returns); `children` (the offline page's text) when there is none. `appNames`: the app's name per
 * language, for the header (the shell is the same for everyone, whatever the language).
 */
export function AttemptShell({ appNames, children }: { appNames: Record<string, string>; children: ReactNode }) {
  const [kept, setKept] = useState<Kept | null | undefined>(undefined);
  useEffect(() => {
    const id = /^\/attempts\/(\d+)$/.exec(window.location.pathname)?.[1];
    let found: Kept | null = null;
    try {
      if (id) found = readView<Kept["m"]>(localStorage, Number(id), Date.now());
    } catch {}
    setKept(found);
  }, []);
  if (kept === undefined) return null;
  if (kept === null) return children;
  return (
    <LocaleProvider locale={kept.locale}>
      <div lang={kept.locale} className="min-h-dvh">
        <header className="sticky top-0 z-30 bg-brand-700 text-white shadow">
          <div className="mx-auto flex h-14 max-w-3xl items-center px-3 sm:px-4">
            <span className="truncate font-semibold">{appNames[kept.locale] ?? Object.values(appNames)[0]}</span>
          </div>
        </header>
        <main id="main" className="mx-auto max-w-3xl px-3 py-4 sm:px-4 sm:py-6">
          <AttemptClient view={kept.view} m={kept.m} />
        </main>
      </div>
    </LocaleProvider>
  );
}
