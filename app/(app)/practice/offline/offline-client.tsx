"use client";

import Link from "next/link";
import { useCallback, useEffect, useEffectEvent, useState } from "react";
import type { Messages, Translate } from "@/lib/i18n";
import { PRACTICE_CACHE } from "@/lib/pwa";
import type { OfflinePack } from "@/lib/practice/offline";
import { gradeOnPhone, nextIndex } from "@/lib/practice/offline-rules";
import type { Correctness } from "@/lib/quiz/grading";
import { publicView } from "@/lib/quiz/types";
import { answerText } from "@/app/_ui/answer-text";
import { buttonClass } from "@/app/_ui/button";
import { PartMarks } from "@/app/_ui/part-marks";
import { useDateTime, useFormat } from "@/app/_ui/locale";
import { flushPracticeQueue, packKey, QUEUE_EVENT, type QueueChange, queueAnswer, readJson, readQueue, writeJson } from "@/app/_ui/offline-practice";
import { RichText } from "@/app/_ui/rich-text";
import { QuestionInput } from "../../attempts/[id]/question-input";

type M = Messages["practice"]["offline"];
type MQ = Messages["quizTake"];

/** The phone's verdict (gradeOnPhone): right, 部分正确 or wrong, a group's marks per part and the answer given. */
type Feedback = { right: boolean; partial: boolean; parts?: Correctness[]; response: unknown; key: string; explanation: string };
type Sync = "idle" | "syncing" | "offline";

/**
 * 离线练习: the category's questions come from the phone (downloaded while online), each graded
 * there at once with the engine's rules; every answer joins a queue kept on the phone, sent when
 * online (at once, and again when the connection returns). The server grades again.
 */
export function OfflineClient({ userId, categoryId, tz, m, mq }: { userId: number; categoryId: number; tz: string; m: M; mq: MQ }) {
  const format = useFormat();
  const dateTime = useDateTime(tz);
  const t = useCallback<Translate>(
    (key, params) => {
      const [, group, name] = key.split(".");
      const text = (mq as unknown as Record<string, Record<string, string>>)[group ?? ""]?.[name ?? ""] ?? key;
      return format(text, params ?? {});
    },
    [format, mq],
  );
  const [pack, setPack] = useState<OfflinePack | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [index, setIndex] = useState(0);
  const [response, setResponse] = useState<Record<string, unknown> | null>(null);
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [session, setSession] = useState({ answered: 0, right: 0 });
  const [pending, setPending] = useState(0);
  const [sync, setSync] = useState<Sync>("idle");
  const [refused, setRefused] = useState<{ count: number; reason: string | null } | null>(null);
  const [busy, setBusy] = useState(false);

  // Through the one sync of this tab (the layout's background sync may be sending already).
  const flush = useCallback(async () => {
    if (!navigator.onLine) return setSync("offline");
    setSync("syncing");
    await flushPracticeQueue(userId).catch(() => undefined);
    setSync(navigator.onLine ? "idle" : "offline");
  }, [userId]);

  const start = useEffectEvent(async () => {
    const [p, q] = await Promise.all([readJson(packKey(userId, categoryId)), readQueue(userId)]);
    if (p) setPack(p as OfflinePack);
    setPending(q.answers.length);
    setLoaded(true);
    void flush();
  });
  const online = useEffectEvent(() => void flush());
  const offline = useEffectEvent(() => setSync("offline"));
  useEffect(() => {
    void start();
    const on = () => online();
    const off = () => offline();
    // The queue changed here or in the background sync: the count, and what the server refused.
    const changed = (e: Event) => {
      const c = (e as CustomEvent<QueueChange>).detail;
      setPending(c.left);
      if (c.refused) setRefused((r) => ({ count: (r?.count ?? 0) + c.refused, reason: c.reason }));
    };
    window.addEventListener("online", on);
    window.addEventListener("offline", off);
    window.addEventListener(QUEUE_EVENT, changed);
    return () => {
      window.removeEventListener("online", on);
      window.removeEventListener("offline", off);
      window.removeEventListener(QUEUE_EVENT, changed);
    };
  }, []);

  async function download() {
    setBusy(true);
    setNote(null);
    try {
      const res = await fetch("/api/practice/offline", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ categoryId }),
      });
      const body = (await res.json().catch(() => null)) as { ok?: boolean; pack?: OfflinePack; message?: string } | null;
      if (!res.ok || !body?.ok || !body.pack) throw new Error(body?.message ?? String(res.status));
      await writeJson(packKey(userId, categoryId), body.pack);
      setPack(body.pack);
      setIndex(0);
      setFeedback(null);
      setResponse(null);
    } catch (e) {
      setNote(format(m.downloadFailed, { message: e instanceof Error ? e.message : "" }));
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    if (typeof caches !== "undefined") await (await caches.open(PRACTICE_CACHE)).delete(packKey(userId, categoryId));
    setPack(null);
  }

  const item = pack?.questions[index] ?? null;
  const q = item ? publicView(item.question) : null;

  async function submit() {
    if (!item || !q) return;
    const g = gradeOnPhone(item.question, response);
    if (!g.ok) return setNote(m.chooseAnswer);
    setNote(null);
    // Queued before the feedback shows: until then the page would still say every answer is synced
    // (and a worker leaving at once would leave before the answer was kept).
    await queueAnswer(userId, { clientId: crypto.randomUUID(), questionId: item.questionId, response, at: Date.now() });
    setFeedback({
      right: g.right,
      partial: g.partial,
      parts: g.parts,
      response,
      key: answerText(q, item.question.key, t, "key"),
      explanation: item.question.explanation,
    });
    setSession((s) => ({ answered: s.answered + 1, right: s.right + (g.right ? 1 : 0) }));
    void flush();
  }

  function next() {
    setIndex((i) => nextIndex(i, pack?.questions.length ?? 0));
    setResponse(null);
    setFeedback(null);
    setNote(null);
  }

  const reason = refused?.reason === "practice.errors.questionNotFound" ? m.refusedNotOpen : m.refusedInvalid;
  return (
    <div className="space-y-4">
      <section className="space-y-2 rounded-lg border border-slate-200 bg-white p-4" data-testid="offline-status">
        {pack ? (
          <p className="text-sm text-slate-700">{format(m.downloaded, { count: pack.questions.length, at: dateTime(new Date(pack.madeAt)) })}</p>
        ) : (
          loaded && <p className="text-sm text-slate-700">{m.notDownloaded}</p>
        )}
        <div className="flex flex-wrap gap-2">
          <button type="button" className={buttonClass(pack ? "secondary" : "primary", "min-h-12")} onClick={() => void download()} disabled={busy}>
            {busy ? m.downloading : pack ? m.update : m.download}
          </button>
          {pack && (
            <button type="button" className={buttonClass("ghost", "min-h-12")} onClick={() => void remove()}>
              {m.remove}
            </button>
          )}
          <Link href="/practice" className={buttonClass("ghost", "min-h-12")}>
            {m.back}
          </Link>
        </div>
        {sync === "offline" && <p className="text-sm text-amber-800">{m.offlineNow}</p>}
        <p className="text-sm text-slate-600" data-testid="sync-state">
          {pending ? format(m.pending, { count: pending }) : sync === "syncing" ? m.syncing : m.synced}
        </p>
        {refused && (
          <p role="alert" className="text-sm text-red-700">
            {format(m.refused, { count: refused.count, message: reason })}
          </p>
        )}
        {note && (
          <p role="alert" className="text-sm text-red-700">
            {note}
          </p>
        )}
      </section>
      {item && q && (
        <section className="space-y-4 rounded-lg border border-slate-200 bg-white p-4" data-testid="offline-question">
          <p className="text-sm text-slate-500">
            {item.names.join(" / ")} · {index + 1}/{pack?.questions.length}
          </p>
          <p className="whitespace-pre-wrap text-base font-medium text-slate-900" data-testid="stem">
            <RichText text={q.stem} alt={m.picture} />
          </p>
          <fieldset disabled={feedback !== null}>
            <QuestionInput q={q} position={index} value={response} onChange={(r) => setResponse(r as Record<string, unknown>)} m={mq.attempt} />
          </fieldset>
          {feedback ? (
            <div className="space-y-2" data-testid="offline-feedback">
              <p
                className={`font-semibold ${feedback.right ? "text-emerald-700" : feedback.partial ? "text-amber-700" : "text-red-700"}`}
                data-testid="offline-verdict"
              >
                {feedback.right ? m.right : feedback.partial ? t("quizTake.review.partial") : m.wrong}
              </p>
              {q.type === "group" && feedback.parts && (
                <div className="text-sm">
                  <PartMarks q={q} response={feedback.response} marks={feedback.parts} selfCheck t={t} />
                </div>
              )}
              <p className="text-sm">
                <span className="font-medium">{m.key}：</span>
                <span className="whitespace-pre-wrap text-emerald-800">{feedback.key}</span>
              </p>
              {feedback.explanation && (
                <p className="text-sm">
                  <span className="font-medium">{m.explanation}：</span>
                  <span className="whitespace-pre-wrap">{feedback.explanation}</span>
                </p>
              )}
              <button type="button" className={buttonClass("primary", "min-h-12 w-full sm:w-auto")} onClick={next}>
                {m.next}
              </button>
            </div>
          ) : (
            <button type="button" className={buttonClass("primary", "min-h-12 w-full sm:w-auto")} onClick={() => void submit()}>
              {m.submit}
            </button>
          )}
          <p className="text-sm text-slate-600" data-testid="session">
            {format(m.progress, session)}
          </p>
        </section>
      )}
    </div>
  );
}
