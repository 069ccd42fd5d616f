import type { ReactNode } from "react";

const TONE: Record<string, string> = {
  eligible: "bg-emerald-100 text-emerald-900 ring-emerald-300",
  met: "bg-emerald-100 text-emerald-900 ring-emerald-300",
  expiring: "bg-amber-100 text-amber-900 ring-amber-300",
  missing: "bg-red-100 text-red-900 ring-red-300",
  expired: "bg-red-100 text-red-900 ring-red-300",
  broken: "bg-slate-200 text-slate-700 ring-slate-300",
};

/** A status in its colour; the word is always there too, colour is never the only signal. */
export function StatusPill({ status, children, title }: { status: string; children: ReactNode; title?: string }) {
  return (
    <span
      title={title}
      data-status={status}
      className={`inline-flex items-center whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${TONE[status] ?? TONE.broken}`}
    >
      {children}
    </span>
  );
}
