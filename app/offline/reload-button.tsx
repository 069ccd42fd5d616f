"use client";

/** Tries the page again: the worker shows this page in place of the one asked for, so a reload asks for that one. */
export function ReloadButton({ label }: { label: string }) {
  return (
    <button
      type="button"
      onClick={() => window.location.reload()}
      className="inline-flex min-h-10 items-center rounded-md bg-brand-700 px-4 text-sm font-medium text-white hover:bg-brand-800"
    >
      {label}
    </button>
  );
}
