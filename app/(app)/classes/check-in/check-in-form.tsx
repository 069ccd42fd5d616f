"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { Alert } from "@/app/_ui/feedback";
import { buttonClass } from "@/app/_ui/button";
import { controlClass } from "@/app/_ui/field";
import type { ActionState } from "@/app/_lib/action";
import { checkInAction } from "../actions";

interface Labels {
  code: string;
  submit: string;
  scan: string;
  stopScan: string;
  scanUnsupported: string;
  cameraDenied: string;
  scanning: string;
}

/** Minimal typing for the Barcode Detection API (Chromium on Android has it; others fall back to typing). */
interface Detector {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}
type DetectorCtor = new (opts: { formats: string[] }) => Detector;

/**
 * The worker's check-in: six digits typed, or a QR code scanned with the camera where the
 * browser can read one (BarcodeDetector). The QR carries the check-in link with the session and
 * the code; a scan fills both and submits.
 */
export function CheckInForm({ labels, sessionId, code }: { labels: Labels; sessionId: string; code: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(checkInAction, { status: "idle" });
  const tone = state.status === "error" ? "error" : (state.data as { already?: boolean } | undefined)?.already ? "info" : "success";
  const [scanning, setScanning] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const [canScan, setCanScan] = useState(false);
  const videoRef = useRef<HTMLVideoElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const sessionRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    setCanScan(typeof window !== "undefined" && "BarcodeDetector" in window && !!navigator.mediaDevices?.getUserMedia);
  }, []);

  useEffect(() => {
    if (!scanning) return;
    let stream: MediaStream | null = null;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    (async () => {
      try {
        const Ctor = (window as unknown as { BarcodeDetector: DetectorCtor }).BarcodeDetector;
        const detector = new Ctor({ formats: ["qr_code"] });
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
        const video = videoRef.current!;
        video.srcObject = stream;
        await video.play();
        const tick = async () => {
          if (stopped) return;
          try {
            const found = await detector.detect(video);
            const hit = found.map((f) => readLink(f.rawValue)).find(Boolean);
            if (hit) {
              codeRef.current!.value = hit.code;
              if (hit.sessionId) sessionRef.current!.value = hit.sessionId;
              setScanning(false);
              formRef.current?.requestSubmit();
              return;
            }
          } catch {
            /* a frame that could not be read: try the next */
          }
          timer = setTimeout(tick, 300);
        };
        tick();
      } catch {
        setNote(labels.cameraDenied);
        setScanning(false);
      }
    })();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [scanning, labels.cameraDenied]);

  return (
    <div className="space-y-4">
      {state.message && <Alert tone={tone}>{state.message}</Alert>}
      {note && <Alert tone="warning">{note}</Alert>}
      <form ref={formRef} action={action} className="space-y-3">
        <input ref={sessionRef} type="hidden" name="sessionId" defaultValue={sessionId} />
        <label htmlFor="code" className="block text-sm font-medium text-slate-700">
          {labels.code}
        </label>
        <input
          ref={codeRef}
          id="code"
          name="code"
          defaultValue={code}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={12}
          required
          className={`${controlClass} text-center font-mono text-2xl tracking-[0.3em]`}
        />
        <button type="submit" disabled={pending} aria-busy={pending} className={buttonClass("primary", "w-full")}>
          {labels.submit}
        </button>
      </form>
      {canScan ? (
        <div className="space-y-2">
          <button type="button" onClick={() => setScanning((s) => !s)} className={buttonClass("secondary", "w-full")}>
            {scanning ? labels.stopScan : labels.scan}
          </button>
          {scanning && (
            <>
              <p className="text-sm text-slate-600">{labels.scanning}</p>
              <video ref={videoRef} playsInline muted className="aspect-square w-full max-w-sm rounded-md bg-black object-cover" />
            </>
          )}
        </div>
      ) : (
        <p className="text-xs text-slate-500">{labels.scanUnsupported}</p>
      )}
    </div>
  );
}

/** The code (and session) from a scanned check-in link, or from a bare six-digit code. */
function readLink(raw: string): { code: string; sessionId: string | null } | null {
  if (/^\d{6}$/.test(raw.trim())) return { code: raw.trim(), sessionId: null };
  try {
    const u = new URL(raw);
    const c = u.searchParams.get("c");
    if (u.pathname.endsWith("/classes/check-in") && c && /^\d{6}$/.test(c)) return { code: c, sessionId: u.searchParams.get("s") };
  } catch {
    /* not a link */
  }
  return null;
}
