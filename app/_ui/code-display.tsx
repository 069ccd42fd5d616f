"use client";

import { useEffect, useState } from "react";
import type { QrPicture } from "@/lib/core/qr";
import { useFormat } from "@/app/_ui/locale";

/** What the code's route answers: the state ("open" shows the code), the code, its QR, and counts for `labels.count`. */
export interface CodeState {
  state: string;
  code: string | null;
  qr: QrPicture | null;
  changesAt: string | null;
  [count: string]: unknown;
}

/**
 * A rotating code (a class's check-in, a quiz's proctor code) and its QR on the screen of whoever
 * shows it: refetched when the minute turns and every few seconds for the count under it. The QR
 * comes from the server as a size and a path (lib/core/qr), drawn here as attributes: nothing is
 * inserted as markup. The count's placeholders are the state's numbers (e.g. {checkedIn}).
 */
export function CodeDisplay({
  url,
  initial,
  labels,
}: {
  url: string;
  initial: CodeState;
  labels: { codeLabel: string; changesIn: string; count: string; scanHint: string; states: Record<string, string> };
}) {
  const format = useFormat();
  const [s, setS] = useState(initial);
  // Not read while rendering on the server: the server's clock and the browser's differ, and the
  // seconds left rendered from each would not match when the page hydrates (React error #418).
  const [now, setNow] = useState<number | null>(null);

  useEffect(() => {
    let alive = true;
    const load = async () => {
      try {
        const res = await fetch(url, { cache: "no-store" });
        if (res.ok && alive) setS(await res.json());
      } catch {
        /* offline for a moment: the next tick tries again */
      }
    };
    const poll = setInterval(load, 5000);
    setNow(Date.now());
    const clock = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      alive = false;
      clearInterval(poll);
      clearInterval(clock);
    };
  }, [url]);

  // Fetch at once when the minute turns, not up to five seconds later.
  const left = s.changesAt && now !== null ? Math.max(0, Math.ceil((Date.parse(s.changesAt) - now) / 1000)) : null;
  useEffect(() => {
    if (left === 0)
      fetch(url, { cache: "no-store" })
        .then(async (r) => r.ok && setS(await r.json()))
        .catch(() => {});
  }, [left, url]);

  const count = format(labels.count, Object.fromEntries(Object.entries(s).filter(([, v]) => typeof v === "number")) as Record<string, number>);
  if (s.state !== "open" || !s.code) {
    return (
      <div className="space-y-2 text-center">
        <p className="text-base text-slate-700">{labels.states[s.state] ?? s.state}</p>
        <p className="text-sm text-slate-500">{count}</p>
      </div>
    );
  }
  return (
    <div className="flex flex-col items-center gap-3 text-center">
      <p className="text-sm font-medium text-slate-600">{labels.codeLabel}</p>
      <p className="font-mono text-5xl font-bold tracking-[0.2em] text-slate-900 sm:text-7xl" data-testid="checkin-code" aria-live="polite">
        {s.code}
      </p>
      <p className="min-h-5 text-sm text-slate-500" data-testid="checkin-changes-in">
        {left !== null && format(labels.changesIn, { seconds: String(left) })}
      </p>
      {s.qr && (
        <div className="w-56 max-w-full sm:w-72" data-testid="checkin-qr">
          {/* The code's digits above say the same to a screen reader. */}
          <svg viewBox={`0 0 ${s.qr.size} ${s.qr.size}`} shapeRendering="crispEdges" className="h-auto w-full" aria-hidden="true">
            <rect width={s.qr.size} height={s.qr.size} fill="#ffffff" />
            <path d={s.qr.path} fill="#000000" />
          </svg>
        </div>
      )}
      <p className="text-xs text-slate-500">{labels.scanHint}</p>
      <p className="text-base font-medium text-slate-800" data-testid="checkin-count">
        {count}
      </p>
    </div>
  );
}
