"use client";
import { useEffect, useState } from "react";
import { buttonClass } from "@/app/_ui/button";

type Labels = Record<"on" | "off" | "active" | "denied" | "unsupported" | "failed", string>;
type State = "checking" | "unsupported" | "off" | "on" | "busy" | "denied" | "failed";

/** The VAPID public key (base64url) as the bytes `pushManager.subscribe` wants. */
function keyBytes(key: string): Uint8Array<ArrayBuffer> {
  const b64 = (key + "=".repeat((4 - (key.length % 4)) % 4)).replace(/-/g, "+").replace(/_/g, "/");
  const raw = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

async function registration(): Promise<ServiceWorkerRegistration | null> {
  const reg = await navigator.serviceWorker.getRegistration("/");
  if (reg) return reg;
  // The app's worker may still be installing on a first visit.
  return Promise.race([navigator.serviceWorker.ready, new Promise<null>((r) => setTimeout(() => r(null), 5000))]);
}

async function post(body: unknown): Promise<boolean> {
  const r = await fetch("/api/push/subscription", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }).catch(
    () => null,
  );
  return !!r?.ok;
}

/**
 * 本设备的推送: asks the browser for permission and a push subscription with the site's VAPID key
 * and hands it to the server; or ends it. Browsers without push (an iPhone before "add to home
 * screen", private windows) are told so.
 */
export function PushDevice({ publicKey, labels }: { publicKey: string; labels: Labels }) {
  const [state, setState] = useState<State>("checking");
  useEffect(() => {
    if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
      setState("unsupported");
      return;
    }
    if (Notification.permission === "denied") {
      setState("denied");
      return;
    }
    void registration().then(async (reg) => {
      if (!reg) return setState("unsupported");
      setState((await reg.pushManager.getSubscription()) ? "on" : "off");
    });
  }, []);

  async function turnOn() {
    setState("busy");
    try {
      if ((await Notification.requestPermission()) !== "granted") return setState("denied");
      const reg = await registration();
      if (!reg) return setState("unsupported");
      const sub =
        (await reg.pushManager.getSubscription()) ?? (await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) }));
      setState((await post({ subscription: sub.toJSON() })) ? "on" : "failed");
    } catch {
      setState("failed");
    }
  }

  async function turnOff() {
    setState("busy");
    try {
      const reg = await registration();
      const sub = await reg?.pushManager.getSubscription();
      if (sub) {
        await post({ remove: sub.endpoint });
        await sub.unsubscribe();
      }
      setState("off");
    } catch {
      setState("failed");
    }
  }

  if (state === "checking") return null;
  const message =
    state === "on"
      ? labels.active
      : state === "denied"
        ? labels.denied
        : state === "unsupported"
          ? labels.unsupported
          : state === "failed"
            ? labels.failed
            : null;
  return (
    <div className="space-y-2" data-testid="push-device" data-state={state}>
      {message && <p className={`text-sm ${state === "on" ? "text-emerald-700" : "text-slate-600"}`}>{message}</p>}
      {(state === "off" || state === "failed" || state === "busy") && (
        <button type="button" className={buttonClass("secondary")} onClick={turnOn} disabled={state === "busy"}>
          {labels.on}
        </button>
      )}
      {state === "on" && (
        <button type="button" className={buttonClass("secondary")} onClick={turnOff}>
          {labels.off}
        </button>
      )}
    </div>
  );
}
