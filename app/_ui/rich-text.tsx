import type { ReactNode } from "react";
import { type MediaRef, mediaUrl, splitMedia } from "@/lib/quiz/media-refs";

/**
 * Question text with its pictures (lib/quiz/media-refs.ts): text stays text (React escapes it),
 * and only a well-formed picture token becomes an <img> of our own media route, lazy, with its
 * width and height so nothing shifts while it loads, scaled down to the column on a phone. With
 * `enlarge`, a tap opens the full picture (not inside a label, where a tap must choose). A clip
 * token becomes a player with preload="none": nothing is fetched until it is played (the route
 * answers byte ranges, so a player can seek).
 */
export function RichText({ text, alt, enlarge = true, className }: { text: string; alt: string; enlarge?: boolean; className?: string }) {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const s of splitMedia(text)) {
    const key = `${s.kind}-${at}`;
    at += s.kind === "text" ? s.text.length : 1;
    if (s.kind === "text") parts.push(<span key={key}>{s.text}</span>);
    else if (s.kind === "image") parts.push(picture(s, key, alt, enlarge));
    else parts.push(clip(s.kind, s.id, key));
  }
  return <span className={className}>{parts}</span>;
}

function picture(s: MediaRef, key: string, alt: string, enlarge: boolean): ReactNode {
  const img = (
    <img
      src={mediaUrl(s.id)}
      srcSet={`${mediaUrl(s.id, "thumb")} 320w, ${mediaUrl(s.id)} ${s.width}w`}
      sizes="(max-width: 640px) 100vw, 640px"
      width={s.width}
      height={s.height}
      loading="lazy"
      decoding="async"
      alt={alt}
      data-media={s.id}
      className="my-2 block h-auto max-h-[70vh] w-auto max-w-full rounded border border-slate-200 bg-slate-50 object-contain"
    />
  );
  return enlarge ? (
    <a key={key} href={mediaUrl(s.id)} target="_blank" rel="noopener" className="block w-fit">
      {img}
    </a>
  ) : (
    <span key={key} className="block w-fit">
      {img}
    </span>
  );
}

function clip(kind: "audio" | "video", id: string, key: string): ReactNode {
  const common = { src: mediaUrl(id), controls: true, preload: "none", "data-media": id } as const;
  return (
    <span key={key} className="my-2 block w-full max-w-[640px]">
      {kind === "audio" ? (
        <audio {...common} className="block w-full" />
      ) : (
        <video {...common} playsInline className="block aspect-video w-full rounded border border-slate-200 bg-black" />
      )}
    </span>
  );
}
