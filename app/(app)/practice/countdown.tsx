"use client";

import { useEffect, useState } from "react";

/**
 * The time left of a mock exam, counting down to the server's deadline; at zero it submits the
 * exam's form (the server checks the deadline itself: this only saves the worker's answers in time).
 */
export function Countdown({ deadline, formId, label }: { deadline: number; formId: string; label: string }) {
  const [left, setLeft] = useState<number | null>(null);
  useEffect(() => {
    const tick = () => {
      const ms = Math.max(0, deadline - Date.now());
      setLeft(ms);
      if (ms === 0) {
        clearInterval(id);
        (document.getElementById(formId) as HTMLFormElement | null)?.requestSubmit();
      }
    };
    const id = setInterval(tick, 1000);
    tick();
    return () => clearInterval(id);
  }, [deadline, formId]);
  if (left === null) return null;
  const s = Math.ceil(left / 1000);
  const text = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  return (
    <p className="sticky top-16 z-20 rounded-md bg-slate-900 px-3 py-2 text-center text-base font-semibold text-white" data-testid="countdown">
      {label} {text}
    </p>
  );
}
