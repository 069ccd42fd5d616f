"use client";

import { useCallback, useEffect, useRef } from "react";

type Event =
  | { seq: number; kind: "left"; at: number }
  | { seq: number; kind: "returned"; at: number; awayS: number }
  | { seq: number; kind: "paste"; at: number; position: number; chars: number };
type NewEvent = Event extends infer E ? (E extends Event ? Omit<E, "seq" | "at"> : never) : never;

/** Events kept on the device until sent (the server keeps at most 200 per attempt anyway). */
const MAX_QUEUED = 200;
const BATCH = 50;

function read<T>(key: string, fallback: T): T {
  try {
    const v = localStorage.getItem(key);
    return v === null ? fallback : (JSON.parse(v) as T);
  } catch {
    return fallback;
  }
}
function write(key: string, value: unknown) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or blocked: the log is best-effort.
  }
}

/** A random id for this browser, kept in its storage: another one on the same attempt is logged. */
function deviceId(): string {
  let id = read<string | null>("jr.device", null);
  if (typeof id !== "string" || !/^[A-Za-z0-9_-]{8,64}$/.test(id)) {
    const bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    id = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    write("jr.device", id);
  }
  return id;
}

/**
 * The attempt's integrity log (lib/quiz/attempts/integrity): leaving the page and coming back,
 * pastes, this browser's device id. Kept in local storage and sent best-effort in small batches
 * (keepalive, so a batch sent as the page hides still goes); a failed send waits for the next
 * one. Nothing here ever blocks answering or saving.
 */
export function useIntegrityLog(attemptId: number, opts: { enabled: boolean; now: () => number }) {
  const key = `jr.attempt.${attemptId}.events`;
  const inFlight = useRef(false);
  const later = useRef<ReturnType<typeof setTimeout> | null>(null);
  const { enabled, now } = opts;

  const send = useCallback(async () => {
    if (!enabled || inFlight.current) return;
    inFlight.current = true;
    try {
      for (let round = 0; round < 5; round++) {
        const queue = read<Event[]>(key, []);
        const batch = queue.slice(0, BATCH);
        const res = await fetch(`/api/attempts/${attemptId}/events`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ device: deviceId(), events: batch }),
          keepalive: true,
        });
        // Sent, or refused as it is (a malformed batch would be refused forever): either way done with it.
        if (res.ok || (res.status >= 400 && res.status < 500 && res.status !== 401 && res.status !== 429)) {
          const sent = new Set(batch.map((e) => e.seq));
          const rest = read<Event[]>(key, []).filter((e) => !sent.has(e.seq));
          write(key, rest);
          if (rest.length === 0) break;
        } else break;
      }
    } catch {
      // Offline: the queue waits for the next send.
    } finally {
      inFlight.current = false;
    }
  }, [attemptId, enabled, key]);

  const log = useCallback(
    (e: NewEvent, soon = true) => {
      if (!enabled) return;
      const seq = read<number>(`${key}.seq`, 0) + 1;
      write(`${key}.seq`, seq);
      const queue = [...read<Event[]>(key, []), { ...e, seq, at: Math.round(now()) } as Event].slice(-MAX_QUEUED);
      write(key, queue);
      if (later.current) clearTimeout(later.current);
      if (soon) void send();
      else later.current = setTimeout(() => void send(), 2000);
    },
    [enabled, key, now, send],
  );

  useEffect(() => {
    if (!enabled) return;
    // Opening the attempt reports this device (and sends what a reload left behind).
    void send();
    const onVisibility = () => {
      if (document.visibilityState === "hidden") {
        write(`${key}.leftAt`, now());
        log({ kind: "left" });
      } else {
        const leftAt = read<number | null>(`${key}.leftAt`, null);
        if (typeof leftAt !== "number") return;
        try {
          localStorage.removeItem(`${key}.leftAt`);
        } catch {}
        log({ kind: "returned", awayS: Math.max(0, Math.round((now() - leftAt) / 1000)) });
      }
    };
    const onOnline = () => void send();
    document.addEventListener("visibilitychange", onVisibility);
    window.addEventListener("online", onOnline);
    return () => {
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("online", onOnline);
      if (later.current) clearTimeout(later.current);
    };
  }, [enabled, key, log, now, send]);

  return {
    paste: (position: number, chars: number) => log({ kind: "paste", position, chars }, false),
  };
}
