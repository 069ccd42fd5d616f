"use client";

import { type ClipboardEvent, type DragEvent, type ReactNode, useId, useState } from "react";
import type { Messages } from "@/lib/i18n";
import { mediaRefs, mediaUrl, removeMedia } from "@/lib/quiz/media-refs";
import { fmt } from "./editor-ui";

type M = Messages["quizAdmin"]["editor"];

/**
 * Pictures and short clips for one text of a question (stem, option, explanation): a file input
 * that takes images, audio and video (a phone offers its camera and recorder), and on a computer
 * a file pasted into or dropped on the field. Each upload goes to /api/media/questions, which answers the token appended to the text;
 * the pictures the text holds are shown small (a clip as a small player), each with a button
 * that takes it out again. The server judges a file by its content, never by this type.
 */
const isMedia = (f: File) => /^(image|audio|video)\//.test(f.type);

export function MediaAttach({
  text,
  onChange,
  m,
  hint = false,
  children,
}: {
  text: string;
  onChange: (next: string) => void;
  m: M;
  /** Shows what may be added (once per form: on the stem). */
  hint?: boolean;
  children: ReactNode;
}) {
  const inputId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const refs = mediaRefs(text);

  async function upload(files: File[]) {
    // A recorder may give no type: the input's files all go, the server judges them.
    if (!files.length) return;
    setBusy(true);
    setError(null);
    let next = text;
    try {
      for (const f of files) {
        const r = await fetch(`/api/media/questions?name=${encodeURIComponent(f.name || "image")}`, { method: "POST", body: f });
        const body = (await r.json().catch(() => null)) as { ok?: boolean; token?: string; message?: string } | null;
        if (!r.ok || !body?.ok || !body.token) {
          setError(body?.message ?? m.pictureFailed);
          break;
        }
        next = next && !next.endsWith("\n") ? `${next}\n${body.token}` : `${next}${body.token}`;
      }
    } catch {
      setError(m.pictureFailed);
    } finally {
      if (next !== text) onChange(next);
      setBusy(false);
    }
  }

  const onPaste = (e: ClipboardEvent) => {
    const files = [...e.clipboardData.files].filter(isMedia);
    if (!files.length) return;
    e.preventDefault();
    void upload(files);
  };
  const onDrop = (e: DragEvent) => {
    const files = [...e.dataTransfer.files].filter(isMedia);
    if (!files.length) return;
    e.preventDefault();
    void upload(files);
  };

  return (
    <fieldset
      onPaste={onPaste}
      onDrop={onDrop}
      onDragOver={(e) => e.dataTransfer.types.includes("Files") && e.preventDefault()}
      className="m-0 min-w-0 space-y-1.5 border-0 p-0"
    >
      {children}
      {refs.length > 0 && (
        <ul className="flex flex-wrap gap-2">
          {refs.map((r, i) => (
            <li key={r.id} className="relative">
              {r.kind === "image" ? (
                <img
                  src={mediaUrl(r.id, "thumb")}
                  width={r.width}
                  height={r.height}
                  alt={fmt(m.removePicture, { n: i + 1 })}
                  className="h-20 w-auto max-w-40 rounded border border-slate-200 bg-slate-50 object-contain"
                />
              ) : (
                <span className="flex h-20 w-60 max-w-[70vw] flex-col justify-center gap-1 rounded border border-slate-200 bg-slate-50 px-2 text-xs text-slate-600">
                  {fmt(m.clip, { kind: r.kind === "audio" ? m.audio : m.video, n: i + 1 })}
                  {r.kind === "audio" ? (
                    <audio src={mediaUrl(r.id)} controls preload="none" className="h-9 w-full" />
                  ) : (
                    <video src={mediaUrl(r.id)} controls preload="none" playsInline className="h-14 w-full bg-black" />
                  )}
                </span>
              )}
              <button
                type="button"
                className="absolute -right-2 -top-2 min-h-8 min-w-8 rounded-full border border-slate-300 bg-white text-sm text-slate-600 shadow hover:bg-red-50 hover:text-red-700"
                aria-label={
                  r.kind === "image" ? fmt(m.removePicture, { n: i + 1 }) : fmt(m.removeClip, { kind: r.kind === "audio" ? m.audio : m.video, n: i + 1 })
                }
                onClick={() =>
                  onChange(
                    removeMedia(text, r.id)
                      .replace(/\n{3,}/g, "\n\n")
                      .trimEnd(),
                  )
                }
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
        <label
          htmlFor={inputId}
          className="inline-flex min-h-9 cursor-pointer items-center rounded-md border border-slate-300 bg-white px-3 text-sm text-slate-700 hover:bg-slate-50 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-600/30"
        >
          {busy ? m.uploadingPicture : m.addPicture}
          <input
            id={inputId}
            type="file"
            accept="image/*,audio/*,video/*"
            className="sr-only"
            disabled={busy}
            onChange={(e) => {
              const files = [...(e.currentTarget.files ?? [])];
              e.currentTarget.value = "";
              void upload(files);
            }}
          />
        </label>
        {hint && <span>{m.pictureHint}</span>}
      </div>
      {error && (
        <p className="text-sm text-red-700" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
