"use client";
import Link from "next/link";
import { useCallback, useEffect, useState, useSyncExternalStore } from "react";
import { daysLeft, type StoredDownload } from "@/lib/video/offline";
import { useDateTime, useFormat } from "./locale";
import { downloadLesson, flushReports, lessonPath, listDownloads, pruneDownloads, queuedReports, removeDownload } from "./offline-lessons";
import { flushPracticeQueue } from "./offline-practice";

const mb = (bytes: number) => Math.round((bytes / 1e6) * 10) / 10;

/** The user's downloads on this device, re-read whenever they change (any tab of this page). */
function useDownloads(userId: number): StoredDownload[] {
  const read = useCallback(() => JSON.stringify(listDownloads(userId)), [userId]);
  const raw = useSyncExternalStore(
    (cb) => {
      window.addEventListener("jr-downloads", cb);
      window.addEventListener("storage", cb);
      return () => {
        window.removeEventListener("jr-downloads", cb);
        window.removeEventListener("storage", cb);
      };
    },
    read,
    () => "[]",
  );
  return JSON.parse(raw) as StoredDownload[];
}

type Labels = Record<"download" | "size" | "downloading" | "downloaded" | "failed" | "remove", string>;

/** 下载离线观看 on a lesson's page: the size first, then the download, then 已下载 with 删除. */
export function DownloadLesson({
  userId,
  lessonId,
  courseId,
  bytes,
  rung,
  days,
  labels,
}: {
  userId: number;
  lessonId: number;
  courseId: number;
  bytes: number;
  rung: string;
  days: number;
  labels: Labels;
}) {
  const format = useFormat();
  const mine = useDownloads(userId).find((d) => d.lessonId === lessonId);
  const [percent, setPercent] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const start = async () => {
    setError(null);
    setPercent(0);
    try {
      await downloadLesson(userId, lessonId, courseId, setPercent);
    } catch (e) {
      setError(e instanceof Error && e.message && !/^HTTP|fetch/i.test(e.message) ? e.message : labels.failed);
    } finally {
      setPercent(null);
    }
  };
  return (
    <section
      className="mb-3 flex flex-wrap items-center gap-x-3 gap-y-1 rounded-lg border border-slate-200 bg-white p-3 text-sm"
      data-testid="offline-download"
    >
      {mine ? (
        <>
          <span className="text-emerald-700" data-state="downloaded">
            ✓ {labels.downloaded}
          </span>
          <button
            type="button"
            onClick={() => void removeDownload(userId, lessonId)}
            className="min-h-9 rounded-md border border-slate-300 px-3 text-slate-700"
          >
            {labels.remove}
          </button>
        </>
      ) : (
        <>
          <button
            type="button"
            onClick={() => void start()}
            disabled={percent !== null}
            className="min-h-9 rounded-md border border-brand-600 px-3 text-brand-700 disabled:opacity-60"
          >
            {labels.download}
          </button>
          <span className="text-slate-600">{format(labels.size, { mb: mb(bytes), rung, days })}</span>
          {percent !== null && (
            <span className="text-slate-600" aria-live="polite">
              {format(labels.downloading, { percent })}
            </span>
          )}
        </>
      )}
      {error && (
        <p role="alert" className="w-full text-red-700">
          {error}
        </p>
      )}
    </section>
  );
}

/** 下载整门课程 on a course page: every lesson that can be downloaded, one after the other. */
export function DownloadCourse({
  userId,
  courseId,
  lessons,
  labels,
}: {
  userId: number;
  courseId: number;
  lessons: { lessonId: number; bytes: number }[];
  labels: Labels & { downloadCourse: string; courseSize: string };
}) {
  const format = useFormat();
  const have = new Set(useDownloads(userId).map((d) => d.lessonId));
  const missing = lessons.filter((l) => !have.has(l.lessonId));
  const [percent, setPercent] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!lessons.length) return null;
  const total = missing.reduce((s, l) => s + l.bytes, 0);
  const start = async () => {
    setError(null);
    let done = 0;
    try {
      for (const l of missing) {
        await downloadLesson(userId, l.lessonId, courseId, (p) => setPercent(Math.round(((done + (p / 100) * l.bytes) / Math.max(1, total)) * 100)));
        done += l.bytes;
      }
    } catch {
      setError(labels.failed);
    } finally {
      setPercent(null);
    }
  };
  return (
    <section className="mb-4 flex flex-wrap items-center gap-x-3 gap-y-1 rounded-lg border border-slate-200 bg-white p-3 text-sm" data-testid="offline-course">
      {missing.length === 0 ? (
        <span className="text-emerald-700">✓ {labels.downloaded}</span>
      ) : (
        <>
          <button
            type="button"
            onClick={() => void start()}
            disabled={percent !== null}
            className="min-h-9 rounded-md border border-brand-600 px-3 text-brand-700 disabled:opacity-60"
          >
            {labels.downloadCourse}
          </button>
          <span className="text-slate-600">{format(labels.courseSize, { n: missing.length, mb: mb(total) })}</span>
          {percent !== null && <span aria-live="polite">{format(labels.downloading, { percent })}</span>}
        </>
      )}
      {error && (
        <p role="alert" className="w-full text-red-700">
          {error}
        </p>
      )}
    </section>
  );
}

/** 已下载: the list on this device, with size, expiry and 删除; expired or no longer allowed ones are removed on opening. */
export function DownloadsList({
  userId,
  tz,
  labels,
}: {
  userId: number;
  /** The site's time zone: the expiry is shown as the rest of the site shows dates. */
  tz: string;
  labels: Record<"empty" | "expires" | "open" | "remove" | "removedSome" | "total" | "pending", string>;
}) {
  const format = useFormat();
  const dateTime = useDateTime(tz);
  const list = useDownloads(userId);
  const [removed, setRemoved] = useState(0);
  const [pending, setPending] = useState(0);
  useEffect(() => {
    void pruneDownloads(userId).then(setRemoved);
    setPending(queuedReports(userId).length);
  }, [userId]);
  const total = list.reduce((s, d) => s + d.bytes, 0);
  return (
    <div className="space-y-3" data-testid="downloads">
      {removed > 0 && <p className="text-sm text-amber-700">{format(labels.removedSome, { n: removed })}</p>}
      {pending > 0 && <p className="text-sm text-slate-600">{format(labels.pending, { n: pending })}</p>}
      {list.length === 0 ? (
        <p className="text-sm text-slate-600">{labels.empty}</p>
      ) : (
        <>
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {list.map((d) => (
              <li key={d.lessonId} className="flex flex-wrap items-center gap-x-3 gap-y-1 p-3 text-sm" data-lesson={d.lessonId}>
                <span className="min-w-0 basis-full break-words font-medium text-slate-800 sm:basis-0 sm:flex-1">{d.title}</span>
                <span className="text-slate-600">
                  {mb(d.bytes)} MB · {d.rung}
                </span>
                <span className="text-slate-600">
                  {format(labels.expires, { date: dateTime(new Date(d.expiresAt)), days: daysLeft(d.expiresAt, Date.now(), tz) })}
                </span>
                <Link href={lessonPath(d.courseId, d.lessonId)} className="min-h-9 rounded-md border border-brand-600 px-3 py-1.5 text-brand-700">
                  {labels.open}
                </Link>
                <button
                  type="button"
                  onClick={() => void removeDownload(userId, d.lessonId)}
                  className="min-h-9 rounded-md border border-slate-300 px-3 text-slate-700"
                >
                  {labels.remove}
                </button>
              </li>
            ))}
          </ul>
          <p className="text-xs text-slate-500">{format(labels.total, { mb: mb(total) })}</p>
        </>
      )}
    </div>
  );
}

/**
 * In every signed-in page: sends the progress watched and the practice answers given offline once
 * the connection is there (on opening a page and when the browser comes back online). Shows nothing.
 */
export function OfflineSync({ userId }: { userId: number }) {
  useEffect(() => {
    const sync = () => {
      if (!navigator.onLine) return;
      if (queuedReports(userId).length) void flushReports(userId);
      void flushPracticeQueue(userId).catch(() => undefined);
    };
    sync();
    window.addEventListener("online", sync);
    return () => window.removeEventListener("online", sync);
  }, [userId]);
  return null;
}
