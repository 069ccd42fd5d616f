"use client";

import { useState } from "react";
import { buttonClass } from "./button";
import { useFormat } from "@/app/_ui/locale";

/**
 * A file field whose words follow the user's language (the native picker's follow the
 * browser's), showing the chosen name and refusing a file over `limitBytes` before it crosses
 * a weak connection. `resetKey` changes when React resets the form after its action.
 */
export function FilePicker({
  label,
  choose,
  noFile,
  tooLarge,
  accept,
  limitBytes,
  resetKey,
  onTooLarge,
  name = "file",
  required = true,
  hint,
}: {
  label: string;
  choose: string;
  noFile: string;
  /** Message with {size} and {limit}. */
  tooLarge: string;
  accept: string;
  limitBytes: number;
  resetKey: unknown;
  onTooLarge: (message: string | null) => void;
  /** The field's name (and id); a second picker on a form needs its own. */
  name?: string;
  required?: boolean;
  hint?: string;
}) {
  const format = useFormat();
  const [fileName, setFileName] = useState<string | null>(null);
  // A new resetKey means the form was reset: forget the name while rendering (no effect needed).
  const [seenResetKey, setSeenResetKey] = useState(resetKey);
  if (seenResetKey !== resetKey) {
    setSeenResetKey(resetKey);
    setFileName(null);
  }
  const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
  return (
    <div className="space-y-1">
      <span className="block text-sm font-medium text-slate-700">{label}</span>
      <div className="flex flex-wrap items-center gap-3">
        <label htmlFor={name} className={buttonClass("secondary", "cursor-pointer has-[:focus-visible]:outline-2")}>
          {choose}
          <input
            id={name}
            name={name}
            type="file"
            required={required}
            className="sr-only"
            accept={accept}
            onChange={(e) => {
              const f = e.currentTarget.files?.[0];
              setFileName(f?.name ?? null);
              onTooLarge(f && f.size > limitBytes ? format(tooLarge, { size: mb(f.size), limit: mb(limitBytes) }) : null);
            }}
          />
        </label>
        <span className="min-w-0 break-all text-sm text-slate-600">{fileName ?? noFile}</span>
      </div>
      {hint && <p className="text-xs text-slate-500">{hint}</p>}
    </div>
  );
}
