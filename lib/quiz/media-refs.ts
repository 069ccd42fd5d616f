/**
 * How question text refers to a picture. The bank stores plain text (the UI escapes it), so a
 * picture is a token in that text, `[[img:<id>:<w>x<h>]]`: the id of a `question_media` row (16
 * lowercase letters and digits, random) and its size, so a page sets width and height without
 * a query and nothing shifts while it loads. Nothing else in the text is ever read as markup: a
 * token is the only thing turned into an element, its id only ever becomes our own media route
 * and its size two clamped numbers. Text that merely looks like a token but is not well formed
 * stays text.
 */

export const MEDIA_ID = /^[a-z0-9]{16}$/;
const TOKEN = /\[\[img:([a-z0-9]{16}):(\d{1,5})x(\d{1,5})\]\]/g;

export interface MediaRef {
  readonly id: string;
  readonly width: number;
  readonly height: number;
}

export type TextSegment = { readonly kind: "text"; readonly text: string } | ({ readonly kind: "image" } & MediaRef);

/** The token for a stored picture. */
export function mediaToken(ref: MediaRef): string {
  return `[[img:${ref.id}:${Math.round(ref.width)}x${Math.round(ref.height)}]]`;
}

/** The start of every token naming `id` (what a database search for it looks for). */
export function mediaTokenPrefix(id: string): string {
  return `[[img:${id}:`;
}

const clampSide = (n: number) => Math.min(Math.max(n, 1), 10_000);

/** The text cut into plain text and pictures, in order; empty text pieces are left out. */
export function splitMedia(text: string): TextSegment[] {
  const out: TextSegment[] = [];
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    if (m.index > last) out.push({ kind: "text", text: text.slice(last, m.index) });
    out.push({ kind: "image", id: m[1]!, width: clampSide(Number(m[2])), height: clampSide(Number(m[3])) });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ kind: "text", text: text.slice(last) });
  return out;
}

/** Every picture the text refers to, each once, in order of first use. */
export function mediaRefs(text: string): MediaRef[] {
  const seen = new Map<string, MediaRef>();
  for (const s of splitMedia(text)) if (s.kind === "image" && !seen.has(s.id)) seen.set(s.id, { id: s.id, width: s.width, height: s.height });
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
