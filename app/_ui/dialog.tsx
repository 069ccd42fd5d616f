"use client";

import { useRef, type ReactNode } from "react";
import { buttonClass } from "./button";

/** A native modal dialog: focus is trapped and Escape closes it without extra code. */
export function Dialog({
  trigger,
  title,
  children,
  closeLabel,
  variant = "secondary",
}: {
  trigger: string;
  title: string;
  children: ReactNode;
  closeLabel: string;
  variant?: "primary" | "secondary" | "danger";
}) {
  const ref = useRef<HTMLDialogElement>(null);
  return (
    <>
      <button type="button" className={buttonClass(variant)} onClick={() => ref.current?.showModal()}>
        {trigger}
      </button>
      <dialog ref={ref} aria-label={title} className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40">
        <div className="flex items-center justify-between border-b border-slate-200 px-4 py-3">
          <h2 className="text-base font-semibold">{title}</h2>
          <button type="button" className={buttonClass("ghost", "min-h-8 px-2")} onClick={() => ref.current?.close()} aria-label={closeLabel}>
            ✕
          </button>
        </div>
        <div className="p-4">{children}</div>
      </dialog>
    </>
  );
}
