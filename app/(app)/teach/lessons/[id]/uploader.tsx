"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { buttonClass } from "@/app/_ui/button";
import { useFormat } from "@/app/_ui/locale";

type Labels = Record<"choose" | "start" | "resume" | "uploading" | "checking" | "done" | "paused" | "measuring" | "hint" | "noEtag", string>;

/** What the server says of an upload in flight (GET /api/lessons/uploads/<id>). */
interface Progress {
  received: number;
  state: string;
  direct: boolean;
  partSize: number;
  partsIn: number[];
}

/** The duration as the browser reads it: used when the server has no ffprobe. */
function browserDuration(file: File): Promise<number | null> {
  return new Promise((resolve) => {
    const v = document.createElement("video");
    const url = URL.createObjectURL(file);
    const done = (d: number | null) => {
      URL.revokeObjectURL(url);
      resolve(d);
    };
    v.preload = "metadata";
    v.onloadedmetadata = () => done(Number.isFinite(v.duration) && v.duration > 0 ? v.duration : null);
    v.onerror = () => done(null);
    setTimeout(() => done(null), 15_000);
    v.src = url;
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const postJson = (url: string, body: unknown) => fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

/**
 * Sends a video in chunks to the upload routes, or, when the server stores media in a bucket that
 * takes them (a direct upload), as parts PUT straight to the bucket with presigned URLs the server
 * hands out one part at a time. A chunk or part that fails is retried; after a dropped connection
 * "resume" asks the server how far it got (which parts are in) and goes on from there, also after
 * a page reload (the upload id is remembered per file in this browser).
 */
export function Uploader({ lessonId, labels }: { lessonId: number; labels: Labels }) {
  const format = useFormat();
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<"idle" | "measuring" | "uploading" | "checking" | "paused" | "done" | "error">("idle");
  const [percent, setPercent] = useState(0);
  const [message, setMessage] = useState("");
  const memoKey = (f: File) => `jr-upload:${lessonId}:${f.name}:${f.size}:${f.lastModified}`;

  async function errorOf(r: Response): Promise<string> {
    try {
      const j = (await r.json()) as { message?: string };
      return j.message ?? r.statusText;
    } catch {
      return r.statusText;
    }
  }

  async function run(f: File) {
    setMessage("");
    setPhase("measuring");
    const durationS = await browserDuration(f);
    let uploadId = localStorage.getItem(memoKey(f));
    let chunk = 8 * 1024 * 1024;
    let offset = 0;
    let direct = false;
    let partsIn: number[] = [];
    if (uploadId) {
      const s = await fetch(`/api/lessons/uploads/${uploadId}`).catch(() => null);
      const j = s?.ok ? ((await s.json()) as Progress) : null;
      if (j && j.state === "receiving") ({ received: offset, direct, partSize: chunk, partsIn } = j);
      else uploadId = null;
    }
    if (!uploadId) {
      const r = await postJson(`/api/lessons/${lessonId}/uploads`, { fileName: f.name, size: f.size, direct: true });
      if (!r.ok) {
        setPhase("error");
        setMessage(await errorOf(r));
        return;
      }
      const j = (await r.json()) as { uploadId: string; chunkSize: number; direct: boolean };
      uploadId = j.uploadId;
      chunk = j.chunkSize;
      direct = j.direct;
      localStorage.setItem(memoKey(f), uploadId);
    }
    setPhase("uploading");
    const sent = direct ? await sendParts(f, uploadId, chunk, new Set(partsIn)) : await sendChunks(f, uploadId, chunk, offset);
    if (!sent) return;
    setPercent(100);
    setPhase("checking");
    const r = await postJson(`/api/lessons/uploads/${uploadId}/complete`, { durationS });
    localStorage.removeItem(memoKey(f));
    if (!r.ok) {
      setPhase("error");
      setMessage(await errorOf(r));
      return;
    }
    const j = (await r.json()) as { durationS: number };
    const m = Math.floor(j.durationS / 60);
    const s = String(Math.round(j.durationS % 60)).padStart(2, "0");
    setMessage(format(labels.done, { duration: `${m}:${s}` }));
    setPhase("done");
    router.refresh();
  }

  /** The server refused: this upload is over (its id forgotten), the message shown. */
  async function refused(f: File, r: Response) {
    localStorage.removeItem(memoKey(f));
    setPhase("error");
    setMessage(await errorOf(r));
  }

  /** After a send that failed `failures` times in a row: paused past 4 (false), else a wait of that many seconds (true). */
  async function waitToRetry(failures: number): Promise<boolean> {
    if (failures > 4) {
      setPhase("paused");
      return false;
    }
    await sleep(1000 * failures);
    return true;
  }

  /** Through the server: chunk after chunk from `offset`, each at the offset the server got to. */
  async function sendChunks(f: File, uploadId: string, chunk: number, from: number): Promise<boolean> {
    let offset = from;
    let failures = 0;
    while (offset < f.size) {
      setPercent(Math.floor((offset / f.size) * 100));
      try {
        const r = await fetch(`/api/lessons/uploads/${uploadId}?offset=${offset}`, { method: "PUT", body: f.slice(offset, offset + chunk) });
        if (r.ok) {
          offset = ((await r.json()) as { received: number }).received;
          failures = 0;
          continue;
        }
        if (r.status === 409) {
          const s = await fetch(`/api/lessons/uploads/${uploadId}`);
          offset = ((await s.json()) as { received: number }).received;
          continue;
        }
        await refused(f, r);
        return false;
      } catch {
        if (!(await waitToRetry(++failures))) return false;
        const s = await fetch(`/api/lessons/uploads/${uploadId}`).catch(() => null);
        if (s?.ok) offset = ((await s.json()) as { received: number }).received;
      }
    }
    return true;
  }

  /**
   * Straight to the bucket: for each part not yet in, a presigned URL from the server, the PUT to
   * the bucket, and the part's ETag (the bucket's answer) reported to the server.
   */
  async function sendParts(f: File, uploadId: string, partSize: number, partsIn: Set<number>): Promise<boolean> {
    const count = Math.ceil(f.size / partSize);
    const base = `/api/lessons/uploads/${uploadId}`;
    let failures = 0;
    for (let n = 1; n <= count; ) {
      if (partsIn.has(n)) {
        n++;
        continue;
      }
      setPercent(Math.min(99, Math.floor(((partsIn.size * partSize) / f.size) * 100)));
      try {
        const u = await postJson(`${base}/part-urls`, { partNumbers: [n] });
        if (!u.ok) {
          await refused(f, u);
          return false;
        }
        const { urls } = (await u.json()) as { urls: { url: string }[] };
        const put = await fetch(urls[0]?.url ?? "", { method: "PUT", body: f.slice((n - 1) * partSize, n * partSize) });
        if (!put.ok) throw new Error(`the object store answered ${put.status}`);
        const etag = put.headers.get("ETag");
        if (!etag) {
          setPhase("error");
          setMessage(labels.noEtag);
          return false;
        }
        const r = await postJson(`${base}/parts`, { partNumber: n, etag });
        if (!r.ok) {
          await refused(f, r);
          return false;
        }
        partsIn.add(n);
        failures = 0;
        n++;
      } catch {
        if (!(await waitToRetry(++failures))) return false;
      }
    }
    return true;
  }

  const busy = phase === "measuring" || phase === "uploading" || phase === "checking";
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">{labels.hint}</p>
      <label className="block">
        <span className="mb-1 block text-sm font-medium text-slate-700">{labels.choose}</span>
        <input
          ref={input}
          type="file"
          accept="video/mp4,video/webm,.mp4,.webm"
          disabled={busy}
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setPhase("idle");
            setMessage("");
            setPercent(0);
          }}
          className="block w-full max-w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2"
        />
      </label>
      <button type="button" disabled={!file || busy} onClick={() => file && void run(file)} className={buttonClass("primary")}>
        {phase === "paused" ? labels.resume : labels.start}
      </button>
      {(phase === "uploading" || phase === "checking" || phase === "paused" || phase === "done") && (
        <div>
          <progress max={100} value={percent} className="h-2 w-full" aria-label={format(labels.uploading, { percent: percent })} />
          <p className="text-sm text-slate-600" aria-live="polite">
            {phase === "uploading"
              ? format(labels.uploading, { percent: percent })
              : phase === "checking"
                ? labels.checking
                : phase === "paused"
                  ? format(labels.paused, { percent: percent })
                  : ""}
          </p>
        </div>
      )}
      {phase === "measuring" && <p className="text-sm text-slate-600">{labels.measuring}</p>}
      {message && (
        <p role={phase === "error" ? "alert" : "status"} className={`text-sm ${phase === "error" ? "text-red-700" : "text-emerald-700"}`}>
          {message}
        </p>
      )}
    </div>
  );
}
