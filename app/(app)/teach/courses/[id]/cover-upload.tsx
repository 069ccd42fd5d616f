"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

/** Sends a cover image to the media route (checked there by its content). */
export function CoverUpload({ courseId, label, hint }: { courseId: number; label: string; hint: string }) {
  const router = useRouter();
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  return (
    <div className="space-y-1">
      <label className="block">
        <span className="mb-1 block text-sm font-medium text-slate-700">{label}</span>
        <input
          type="file"
          accept="image/jpeg,image/png,image/webp"
          disabled={busy}
          className="block w-full max-w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2"
          onChange={async (e) => {
            const f = e.target.files?.[0];
            if (!f) return;
            setBusy(true);
            setError("");
            const r = await fetch(`/api/media/courses/${courseId}/cover`, { method: "PUT", body: f }).catch(() => null);
            setBusy(false);
            if (r?.ok) router.refresh();
            else setError(r ? (((await r.json().catch(() => ({}))) as { message?: string }).message ?? r.statusText) : "…");
          }}
        />
      </label>
      <p className="text-xs text-slate-500">{hint}</p>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
