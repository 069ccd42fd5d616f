/**
 * How question text refers to a picture or a clip. The bank stores plain text (the UI escapes it), so a
 * picture is a token in that text, `[[img:<id>:<w>x<h>]]`: the id of a `question_media` row (16
 * lowercase letters and digits, random) and its size, so a page sets width and height without
 * a query and nothing shifts while it loads. Nothing else in the text is ever read as markup: a
 * token is the only thing turned into an element, its id only ever becomes our own media route
 * and its size two clamped numbers. Text that merely looks like a token but is not well formed
 * stays text. A short audio or video clip is `[[audio:<id>]]` / `[[video:<id>]]` (lib/quiz/clips.ts):
 * a player of our media route that loads nothing until it is played.
 */

export const MEDIA_ID = /^[a-z0-9]{16}$/;
const TOKEN = /\[\[(?:img:([a-z0-9]{16}):(\d{1,5})x(\d{1,5})|(audio|video):([a-z0-9]{16}))\]\]/g;

/** What a token shows: a picture, or a clip played in the page. */
export type MediaKind = "image" | "audio" | "video";

export interface MediaRef {
  readonly id: string;
  readonly width: number;
  readonly height: number;
}

/** A medium in text: a clip's width and height are 0 (a player sizes itself). */
export type MediaUse = { readonly kind: MediaKind } & MediaRef;

export type TextSegment = { readonly kind: "text"; readonly text: string } | MediaUse;

/** The token for a stored picture, or for a clip with its kind. */
export function mediaToken(ref: MediaRef & { readonly kind?: MediaKind }): string {
  if (ref.kind === "audio" || ref.kind === "video") return `[[${ref.kind}:${ref.id}]]`;
  return `[[img:${ref.id}:${Math.round(ref.width)}x${Math.round(ref.height)}]]`;
}

/** What every token naming `id` contains (what a database search for it looks for), one per kind. */
export function mediaTokenPrefixes(id: string): string[] {
  return [`[[img:${id}:`, `[[audio:${id}]]`, `[[video:${id}]]`];
}

const clampSide = (n: number) => Math.min(Math.max(n, 1), 10_000);

/** The text cut into plain text and pictures, in order; empty text pieces are left out. */
export function splitMedia(text: string): TextSegment[] {
  const out: TextSegment[] = [];
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    if (m.index > last) out.push({ kind: "text", text: text.slice(last, m.index) });
    if (m[1]) out.push({ kind: "image", id: m[1], width: clampSide(Number(m[2])), height: clampSide(Number(m[3])) });
    else out.push({ kind: m[4] as "audio" | "video", id: m[5]!, width: 0, height: 0 });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ kind: "text", text: text.slice(last) });
  return out;
}

/** Every picture and clip the text refers to, each once, in order of first use. */
export function mediaRefs(text: string): MediaUse[] {
  const seen = new Map<string, MediaUse>();
  for (const s of splitMedia(text)) if (s.kind !== "text" && !seen.has(s.id)) seen.set(s.id, s);
  return [...seen.values()];
}

/** The text without its picture tokens (search, plain exports, short previews). */
export function withoutMedia(text: string): string {
  return text.replace(TOKEN, "").trim();
}

/** The text with every token naming `id` taken out (the editor's "remove"). */
export function removeMedia(text: string, id: string): string {
  return splitMedia(text)
    .filter((s) => s.kind === "text" || s.id !== id)
    .map((s) => (s.kind === "text" ? s.text : mediaToken(s)))
    .join("");
}

/** The URL our media route serves a picture at; `thumb` for the small one. */
export function mediaUrl(id: string, size: "full" | "thumb" = "full"): string {
  return `/api/media/questions/${id}${size === "thumb" ? "?size=thumb" : ""}`;
}
