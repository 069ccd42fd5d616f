"use client";

import { RichText } from "@/app/_ui/rich-text";
import { useCallback, useEffect, useEffectEvent, useMemo, useRef, useState } from "react";
import type { Messages } from "@/lib/i18n";
import type { AttemptView } from "@/lib/quiz/attempts/view";
import { change, confirm, isAnswered, merge, parseLocal, pending, type LocalState } from "@/lib/quiz/offline";
import { buttonClass } from "@/app/_ui/button";
import { QuestionInput } from "./question-input";
import { useIntegrityLog } from "./integrity-log";
import { useFormat, useLocale } from "@/app/_ui/locale";
import { dropView, keepView } from "@/lib/quiz/offline-view";

type M = Messages["quizTake"];
type Status = "saved" | "saving" | "offline" | "retrying" | "closed" | "submitting" | "submitOffline";

const fmt = (ms: number) => {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, "0");
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
};

/**
 * Taking an attempt. Every change is written to local storage at once and sent to the server
 * shortly after (debounced) with its sequence number; whatever the server has not confirmed is
 * sent again after a dropped connection or a reload. The clock is the server's: the offset is
 * corrected at every save.
 */
export function AttemptClient({ view, m }: { view: AttemptView; m: M }) {
  const format = useFormat();
  const locale = useLocale();
  const key = `jr.attempt.${view.attemptId}`;
  const [local, setLocal] = useState<LocalState>(() => merge(view.answers, null));
  const localRef = useRef(local);
  const [status, setStatus] = useState<Status>("saved");
  const [message, setMessage] = useState<string | null>(null);
  const [index, setIndex] = useState(0);
  const [confirming, setConfirming] = useState(false);
  const offset = useRef(Date.parse(view.serverNow) - Date.now());
  const [now, setNow] = useState(() => Date.now() + offset.current);
  const inFlight = useRef(false);
  const retry = useRef<ReturnType<typeof setTimeout> | null>(null);
  const debounce = useRef<ReturnType<typeof setTimeout> | null>(null);
  const backoff = useRef(1000);
  const finished = useRef(false);
  const deadline = Date.parse(view.deadline);
  const serverNow = useCallback(() => Date.now() + offset.current, []);
  const integrity = useIntegrityLog(view.attemptId, { enabled: !view.preview, now: serverNow });

  const commit = useCallback(
    (next: LocalState) => {
      localRef.current = next;
      setLocal(next);
      try {
        localStorage.setItem(key, JSON.stringify(next));
      } catch {
        // Storage full or blocked: the server copy still gets every answer while online.
      }
    },
    [key],
  );

  const goToReview = useCallback(() => {
    finished.current = true;
    try {
      localStorage.removeItem(key);
      localStorage.removeItem(`${key}.at`);
      dropView(localStorage, view.attemptId);
    } catch {}
    window.location.assign(`/attempts/${view.attemptId}/review`);
  }, [key, view.attemptId]);

  const flush = useCallback(async () => {
    if (inFlight.current || finished.current) return;
    const out = pending(localRef.current);
    if (out.length === 0) {
      setStatus("saved");
      return;
    }
    inFlight.current = true;
    setStatus("saving");
    const sentAt = Date.now();
    try {
      const res = await fetch(`/api/attempts/${view.attemptId}/answers`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ answers: out }),
        keepalive: JSON.stringify(out).length < 60_000,
      });
      const body = (await res.json().catch(() => null)) as { ok?: boolean; serverNow?: string; message?: string } | null;
      if (res.ok && body?.ok) {
        offset.current = Date.parse(body.serverNow!) - (sentAt + Date.now()) / 2;
        commit(confirm(localRef.current, out));
        backoff.current = 1000;
        inFlight.current = false;
        if (pending(localRef.current).length) void flush();
        else setStatus("saved");
        return;
      }
      inFlight.current = false;
      if (res.status === 409) {
        setStatus("closed");
        setMessage(body?.message ?? m.attempt.closedNow);
        setTimeout(goToReview, 2500);
        return;
      }
      if (res.status === 422) {
        // The server refused an answer as malformed: keep it locally but do not loop on it.
        setMessage(body?.message ?? null);
        commit(confirm(localRef.current, out));
        setStatus("retrying");
        return;
      }
      throw new Error(`save ${res.status}`);
    } catch {
      inFlight.current = false;
      setStatus(navigator.onLine ? "retrying" : "offline");
      if (retry.current) clearTimeout(retry.current);
      retry.current = setTimeout(() => void flush(), backoff.current);
      backoff.current = Math.min(backoff.current * 2, 30_000);
    }
  }, [commit, goToReview, m.attempt.closedNow, view.attemptId]);

  const submit = useCallback(async () => {
    if (finished.current) return;
    setConfirming(false);
    setStatus("submitting");
    try {
      const res = await fetch(`/api/attempts/${view.attemptId}/submit`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ answers: pending(localRef.current) }),
      });
      const body = (await res.json().catch(() => null)) as { ok?: boolean; message?: string } | null;
      if (res.ok && body?.ok) return goToReview();
      if (res.status === 409) {
        // Finished meanwhile (the quiz was closed): what was saved before counts; say so and go on.
        setStatus("closed");
        setMessage(body?.message ?? m.attempt.closedNow);
        setTimeout(goToReview, 2500);
        return;
      }
      if (res.status === 400 || res.status === 404 || res.status === 422) {
        setMessage(body?.message ?? null);
        setStatus("retrying");
        return;
      }
      throw new Error(`submit ${res.status}`);
    } catch {
      setStatus("submitOffline");
      if (retry.current) clearTimeout(retry.current);
      retry.current = setTimeout(() => void submit(), 5000);
    }
  }, [goToReview, m.attempt.closedNow, view.attemptId]);

  // Bring in what this device kept (answers given offline, or before a reload): once, after mounting.
  // The questions are kept too, for a reload without a connection (the service worker's shell,
  // app/offline/attempt, shows them from this copy: lib/quiz/offline-view).
  const restore = useEffectEvent(() => {
    try {
      keepView(localStorage, { view, m, locale }, Date.now());
    } catch {}
    let stored: string | null = null;
    try {
      stored = localStorage.getItem(key);
    } catch {}
    const merged = merge(view.answers, parseLocal(stored));
    commit(merged);
    // A reload returns to the question the worker was on.
    let at: number | null = null;
    try {
      at = Number(localStorage.getItem(`${key}.at`));
    } catch {}
    if (at !== null && Number.isInteger(at) && at > 0 && at < view.questions.length) setIndex(at);
    if (pending(merged).length) void flush();
  });
  // Back online: a submission that could not be sent goes now (its timed retry is dropped);
  // otherwise the answers not yet confirmed do.
  const online = useEffectEvent(() => {
    if (status !== "submitOffline") return void flush();
    if (retry.current) clearTimeout(retry.current);
    void submit();
  });
  const hidden = useEffectEvent(() => {
    if (document.visibilityState === "hidden") void flush();
  });
  useEffect(() => {
    restore();
    const onOnline = () => online();
    const onVisibility = () => hidden();
    window.addEventListener("online", onOnline);
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      window.removeEventListener("online", onOnline);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, []);
  // Where the worker is, per attempt on this device, so a reload comes back to it.
  useEffect(() => {
    try {
      localStorage.setItem(`${key}.at`, String(index));
    } catch {}
  }, [key, index]);

  // The timer, on the server's clock; at zero the attempt is submitted.
  useEffect(() => {
    const tick = setInterval(() => {
      const n = Date.now() + offset.current;
      setNow(n);
      if (n >= deadline && !finished.current && status !== "submitting" && status !== "submitOffline" && status !== "closed") {
        setMessage(m.attempt.timeUp);
        void submit();
      }
    }, 1000);
    return () => clearInterval(tick);
  }, [deadline, m.attempt.timeUp, status, submit]);

  const update = (position: number, patch: { response?: unknown; flagged?: boolean }) => {
    if (finished.current || status === "closed") return;
    commit(change(localRef.current, position, patch));
    if (debounce.current) clearTimeout(debounce.current);
    debounce.current = setTimeout(() => void flush(), 600);
    if (status === "saved") setStatus("saving");
  };

  const total = view.questions.length;
  const unsent = pending(local).length;
  const answeredCount = useMemo(() => view.questions.filter((q) => isAnswered(local.answers[q.position]?.response)).length, [local, view.questions]);
  const flaggedCount = useMemo(() => view.questions.filter((q) => local.answers[q.position]?.flagged).length, [local, view.questions]);
  const left = deadline - now;

  const statusText =
    status === "saved"
      ? m.attempt.saved
      : status === "saving"
        ? m.attempt.saving
        : status === "offline"
          ? format(m.attempt.offline, { count: unsent })
          : status === "retrying"
            ? m.attempt.retrying
            : status === "submitting"
              ? m.attempt.submitting
              : status === "submitOffline"
                ? m.attempt.submitOffline
                : m.attempt.closedNow;
  const statusTone =
    status === "saved"
      ? "text-emerald-700"
      : status === "offline" || status === "submitOffline" || status === "retrying" || status === "closed"
        ? "text-amber-800"
        : "text-slate-600";

  const shown = view.layout === "all_on_one" ? view.questions : view.questions.slice(index, index + 1);

  return (
    <div className="pb-28">
      <div className="sticky top-14 z-20 -mx-3 mb-4 border-b border-slate-200 bg-white/95 px-3 py-2 backdrop-blur sm:mx-0 sm:rounded-lg sm:border">
        <div className="flex items-center justify-between gap-3">
          <p className="min-w-0 truncate text-sm font-medium text-slate-900">{view.quizTitle}</p>
          <p className="shrink-0 text-right">
            <span className="sr-only">{m.attempt.timeLeft}</span>
            <span
              className={`font-mono text-lg font-semibold tabular-nums ${left < 5 * 60_000 ? "text-red-700" : "text-slate-900"}`}
              role="timer"
              aria-live="off"
              data-testid="timer"
            >
              {fmt(left)}
            </span>
          </p>
        </div>
        <p className={`mt-0.5 text-xs ${statusTone}`} role="status" aria-live="polite" data-testid="save-status" data-status={status}>
          {statusText}
        </p>
        {message && (
          <p className="mt-1 text-xs text-red-700" role="alert">
            {message}
          </p>
        )}
      </div>

      {view.preview && <p className="mb-3 rounded bg-amber-100 px-3 py-2 text-sm text-amber-900">{m.attempt.preview}</p>}

      <div className="space-y-6">
        {shown.map(({ position, question }) => {
          const a = local.answers[position];
          const n = view.questions.findIndex((q) => q.position === position) + 1;
          return (
            <section
              key={position}
              id={`question-${position}`}
              className="relative overflow-hidden rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
              aria-labelledby={`stem-${position}`}
              onPaste={(e) => integrity.paste(position, e.clipboardData.getData("text").length)}
            >
              {view.watermark && <Watermark text={view.watermark} />}
              <div className="mb-2 flex items-center justify-between gap-2 text-sm text-slate-500">
                <span>
                  {format(m.attempt.questionOf, { n: n, total: total })} · {format(m.attempt.points, { points: question.points })}
                </span>
                <button
                  type="button"
                  aria-pressed={Boolean(a?.flagged)}
                  className={`min-h-9 rounded px-2 text-sm ${a?.flagged ? "bg-amber-100 text-amber-900" : "text-slate-600 hover:bg-slate-100"}`}
                  onClick={() => update(position, { flagged: !a?.flagged })}
                >
                  {a?.flagged ? `⚑ ${m.attempt.unflag}` : `⚐ ${m.attempt.flag}`}
                </button>
              </div>
              {/* A cloze question's text holds its gaps: QuestionInput shows it with the inputs in place. */}
              <h2
                id={`stem-${position}`}
                className={question.type === "cloze" ? "sr-only" : "mb-4 whitespace-pre-wrap text-base font-medium leading-relaxed text-slate-900"}
              >
                <RichText text={question.stem} alt={m.attempt.picture} />
              </h2>
              <QuestionInput
                q={question}
                position={position}
                value={(a?.response as Record<string, unknown> | null) ?? null}
                onChange={(r) => update(position, { response: r })}
                m={m.attempt}
              />
            </section>
          );
        })}
      </div>

      {view.layout === "one_per_page" && (
        <div className="mt-4 flex justify-between gap-3">
          <button
            type="button"
            className={buttonClass("secondary", "flex-1 sm:flex-none")}
            disabled={index === 0}
            onClick={() => setIndex((i) => Math.max(0, i - 1))}
          >
            {m.attempt.previous}
          </button>
          <button
            type="button"
            className={buttonClass("secondary", "flex-1 sm:flex-none")}
            disabled={index >= total - 1}
            onClick={() => setIndex((i) => Math.min(total - 1, i + 1))}
          >
            {m.attempt.next}
          </button>
        </div>
      )}

      <nav aria-label={m.attempt.navigator} className="mt-6 rounded-lg border border-slate-200 bg-white p-3">
        <h2 className="mb-2 text-sm font-semibold text-slate-700">{m.attempt.navigator}</h2>
        <ol className="grid grid-cols-6 gap-2 sm:grid-cols-10">
          {view.questions.map((q, i) => {
            const a = local.answers[q.position];
            const done = isAnswered(a?.response);
            return (
              <li key={q.position}>
                <a
                  href={`#question-${q.position}`}
                  onClick={(e) => {
                    if (view.layout === "one_per_page") {
                      e.preventDefault();
                      setIndex(i);
                    }
                  }}
                  aria-current={view.layout === "one_per_page" && i === index ? "step" : undefined}
                  aria-label={`${i + 1} ${done ? m.attempt.answered : m.attempt.unanswered}${a?.flagged ? ` ${m.attempt.flagged}` : ""}`}
                  className={`relative flex h-10 items-center justify-center rounded border text-sm ${done ? "border-brand-600 bg-brand-600 text-white" : "border-slate-300 bg-white text-slate-700"} ${view.layout === "one_per_page" && i === index ? "ring-2 ring-offset-1 ring-brand-600" : ""}`}
                >
                  {i + 1}
                  {a?.flagged && <span aria-hidden="true" className="absolute -right-1 -top-1 size-3 rounded-full bg-amber-500" />}
                </a>
              </li>
            );
          })}
        </ol>
      </nav>

      <div className="fixed inset-x-0 bottom-0 z-20 border-t border-slate-200 bg-white p-3 sm:static sm:mt-6 sm:border-0 sm:bg-transparent sm:p-0">
        {confirming ? (
          <div className="space-y-2" role="alertdialog" aria-labelledby="confirm-title">
            <p id="confirm-title" className="text-sm font-medium">
              {m.attempt.confirmSubmit}
            </p>
            {total - answeredCount > 0 && <p className="text-sm text-amber-800">{format(m.attempt.unansweredCount, { count: total - answeredCount })}</p>}
            {flaggedCount > 0 && <p className="text-sm text-amber-800">{format(m.attempt.flaggedCount, { count: flaggedCount })}</p>}
            <div className="flex gap-2">
              <button type="button" className={buttonClass("secondary", "flex-1")} onClick={() => setConfirming(false)}>
                {m.attempt.cancel}
              </button>
              <button type="button" className={buttonClass("primary", "flex-1")} onClick={() => void submit()}>
                {m.attempt.submit}
              </button>
            </div>
          </div>
        ) : (
          <button
            type="button"
            className={buttonClass("primary", "w-full sm:w-auto")}
            disabled={status === "submitting" || status === "closed"}
            onClick={() => setConfirming(true)}
          >
            {status === "submitting" ? m.attempt.submitting : m.attempt.submit}
          </button>
        )}
      </div>
    </div>
  );
}

/** The worker's name and number over a question, faint and behind nothing the worker taps. */
function Watermark({ text }: { text: string }) {
  return (
    <div aria-hidden="true" data-testid="watermark" className="pointer-events-none absolute inset-0 z-10 select-none overflow-hidden">
      <div className="absolute -inset-1/2 flex rotate-[-24deg] flex-wrap content-center justify-center gap-x-12 gap-y-10">
        {Array.from({ length: 40 }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the same text repeated, never reordered
          <span key={i} className="whitespace-nowrap text-sm font-medium text-slate-900/[0.07]">
            {text}
          </span>
        ))}
      </div>
    </div>
  );
}
