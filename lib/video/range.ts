/**
 * The Range header of a media request (RFC 9110 §14). One byte range is served; a header in a
 * unit other than bytes, or asking for several ranges, is ignored and the whole file is sent
 * (the RFC allows it, and players only ever ask for one).
 */
type RangeResult =
  | { type: "full" }
  | { type: "range"; start: number; end: number }
  | { type: "unsatisfiable" }
  /** Bytes, but not a valid range spec: answered 416 with a message, like nginx. */
  | { type: "invalid" };

const DIGITS = /^\d+$/;

export function parseRange(header: string | null | undefined, size: number): RangeResult {
  if (header === null || header === undefined) return { type: "full" };
  const h = header.trim();
  if (h === "") return { type: "full" };
  const eq = h.indexOf("=");
  if (eq < 0) return { type: "invalid" };
  const unit = h.slice(0, eq).trim().toLowerCase();
  if (unit !== "bytes") return { type: "full" };
  const specs = h
    .slice(eq + 1)
    .split(",")
    .map((s) => s.trim());
  if (specs.length > 1) return specs.every((s) => /^\d*-\d*$/.test(s) && s !== "-") ? { type: "full" } : { type: "invalid" };
  const spec = specs[0] ?? "";
  const dash = spec.indexOf("-");
  if (dash < 0) return { type: "invalid" };
  const a = spec.slice(0, dash).trim();
  const b = spec.slice(dash + 1).trim();
  if ((a !== "" && !DIGITS.test(a)) || (b !== "" && !DIGITS.test(b)) || (a === "" && b === "")) return { type: "invalid" };
  const first = a === "" ? null : Number(a);
  const last = b === "" ? null : Number(b);
  if ((first !== null && !Number.isSafeInteger(first)) || (last !== null && !Number.isSafeInteger(last))) return { type: "invalid" };
  if (first === null) {
    // Suffix: the last N bytes.
    const n = last as number;
    if (n === 0 || size === 0) return { type: "unsatisfiable" };
    return { type: "range", start: Math.max(0, size - n), end: size - 1 };
  }
  if (last !== null && last < first) return { type: "invalid" };
  if (first >= size) return { type: "unsatisfiable" };
  return { type: "range", start: first, end: last === null ? size - 1 : Math.min(last, size - 1) };
}

/** A strong validator from size and modification time: it changes when the file is replaced. */
export function makeEtag(size: number, mtimeMs: number): string {
  return `"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`;
}

/**
 * If-Range: the range is honoured only when the validator still matches (a strong ETag, or an
 * HTTP date equal to Last-Modified); otherwise the whole, new representation is sent.
 */
export function ifRangeMatches(ifRange: string | null, etag: string, lastModified: Date): boolean {
  if (ifRange === null) return true;
  const v = ifRange.trim();
  if (v.startsWith('"') || v.startsWith("W/")) return v === etag;
  const d = Date.parse(v);
  return Number.isFinite(d) && Math.floor(d / 1000) === Math.floor(lastModified.getTime() / 1000);
}

/** If-None-Match on a GET or HEAD: whether the client's copy is current. */
export function noneMatch(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((t) => t.trim().replace(/^W\//, "") === etag);
}
