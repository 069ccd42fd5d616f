"use client";

import { useRef, useState } from "react";
import type { Messages } from "@/lib/i18n";
import { buttonClass } from "./button";
import { useFormat } from "./locale";
import { flushReports, queuedReports } from "./offline-lessons";
import { flushPracticeQueue } from "./offline-practice";
import { forgetOfflinePages } from "./service-worker";

type M = Messages["pwa"]["signOut"];

/**
 * The header's sign-out. Sign-out forgets everything kept on this device for offline use, so work
 * not yet accepted by the server goes first: the practice answers and the lesson progress given
 * offline are sent (when online); what is still waiting after that (offline, or the server did not
 * take it) is named in a confirmation — 取消 keeps it, 仍然退出 signs out and loses it. Nothing
 * waiting: one click, as before. Without script the form simply signs out.
 */
export function SignOut({ action, userId, label, m }: { action: (form: FormData) => void | Promise<void>; userId: number; label: string; m: M }) {
  const format = useFormat();
  const form = useRef<HTMLFormElement>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const confirmed = useRef(false);
  const [busy, setBusy] = useState(false);
  const [left, setLeft] = useState({ answers: 0, lessons: 0 });

  const leave = async () => {
    confirmed.current = true;
    dialog.current?.close();
    await forgetOfflinePages().catch(() => undefined);
    form.current?.requestSubmit();
  };

  const onSubmit = (e: React.FormEvent<HTMLFormElement>) => {
    if (confirmed.current) return;
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    void (async () => {
      // Each queue on its own: one failing (storage unavailable) does not hide the other.
      const [answers, lessons] = await Promise.all([flushPracticeQueue(userId).catch(() => 0), flushLessons(userId).catch(() => 0)]);
      setBusy(false);
      if (!answers && !lessons) return leave();
      setLeft({ answers, lessons });
      dialog.current?.showModal();
    })();
  };

  // "2 道练习答案和 1 节课的观看进度": each kind still waiting, named with its count.
  const what = [left.answers ? format(m.answers, { n: left.answers }) : "", left.lessons ? format(m.lessons, { n: left.lessons }) : ""]
    .filter(Boolean)
    .join(m.and);
  return (
    <form ref={form} action={action} onSubmit={onSubmit}>
      <button type="submit" disabled={busy} className="min-h-9 rounded px-2 text-sm text-brand-100 hover:bg-white/10 hover:text-white disabled:opacity-70">
        {busy ? m.syncing : label}
      </button>
      <dialog
        ref={dialog}
        aria-labelledby="sign-out-title"
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40"
        data-testid="sign-out-warning"
      >
        <div className="space-y-4 p-4">
          <h2 id="sign-out-title" className="text-base font-semibold">
            {m.title}
          </h2>
          <div className="space-y-2 text-sm text-slate-700">
            <p>{format(m.pending, { what })}</p>
            <p>{m.hint}</p>
          </div>
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            {/* biome-ignore lint/a11y/noAutofocus: the safe choice takes the focus when the dialog opens */}
            <button type="button" autoFocus className={buttonClass("secondary")} onClick={() => dialog.current?.close()}>
              {m.cancel}
            </button>
            <button type="button" className={buttonClass("danger")} onClick={() => void leave()}>
              {m.confirm}
            </button>
          </div>
        </div>
      </dialog>
    </form>
  );
}

/** Sends the lesson progress watched offline (when online); how many lessons' progress still waits. */
async function flushLessons(userId: number): Promise<number> {
  const n = queuedReports(userId).length;
  return n && navigator.onLine ? (await flushReports(userId)).left : n;
}
