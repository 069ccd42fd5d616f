/**
 * HTML to plain text, for question texts that Moodle (and GIFT's [html]) store as HTML.
 *
 * The bank keeps plain text only and the UI prints it escaped, so no HTML from a file ever
 * reaches a page; this is a reading of the text, not a sanitiser that must be airtight.
 * Paragraphs, line breaks, list items and table rows become line breaks; runs of spaces
 * collapse as a browser would show them (the ideographic space U+3000 is text, not layout,
 * and is kept); entities are decoded; scripts and styles are dropped with their content;
 * <sup>/<sub> become Unicode superscript/subscript characters where they exist (m<sup>3</sup>
 * is m³, H<sub>2</sub>O is H₂O), otherwise ^(…) / _(…), so a formula keeps its meaning.
 * Images and other media cannot be kept: `hasMedia` tells the importer to refuse the
 * question rather than import it without the picture it asks about.
 */

export interface HtmlText {
  text: string;
  hasMedia: boolean;
}

const BLOCK = new Set([
  "p",
  "div",
  "li",
  "tr",
  "ul",
  "ol",
  "table",
  "tbody",
  "thead",
  "tfoot",
  "blockquote",
  "pre",
  "hr",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "section",
  "article",
  "header",
  "footer",
  "dl",
  "dt",
  "dd",
  "figure",
  "figcaption",
]);
const CELL = new Set(["td", "th"]);
const MEDIA = new Set(["img", "video", "audio", "object", "embed", "iframe", "svg", "canvas", "picture"]);
const SRC = /\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i;
const SOURCE_SRC = /<source\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i;
const HREF = /\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i;
const SKIP_CONTENT = new Set(["script", "style", "head", "title", "template", "noscript"]);

const NAMED: Record<string, string> = {
  nbsp: " ",
  lt: "<",
  gt: ">",
  amp: "&",
  quot: '"',
  apos: "'",
  times: "×",
  divide: "÷",
  plusmn: "±",
  deg: "°",
  micro: "µ",
  middot: "·",
  hellip: "…",
  mdash: "—",
  ndash: "–",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
  sup1: "¹",
  sup2: "²",
  sup3: "³",
  frac12: "½",
  frac14: "¼",
  frac34: "¾",
  le: "≤",
  ge: "≥",
  ne: "≠",
  asymp: "≈",
  minus: "−",
  permil: "‰",
  laquo: "«",
  raquo: "»",
  copy: "©",
  reg: "®",
  trade: "™",
  bull: "•",
  larr: "←",
  rarr: "→",
  uarr: "↑",
  darr: "↓",
  harr: "↔",
  infin: "∞",
  radic: "√",
  sum: "∑",
  prod: "∏",
  part: "∂",
  int: "∫",
  prime: "′",
  Prime: "″",
  sect: "§",
  para: "¶",
  cent: "¢",
  pound: "£",
  yen: "¥",
  euro: "€",
  ensp: " ",
  emsp: " ",
  thinsp: " ",
  zwsp: "",
  shy: "",
  sdot: "⋅",
  lowast: "∗",
  equiv: "≡",
  prop: "∝",
  ang: "∠",
  perp: "⊥",
  there4: "∴",
  isin: "∈",
  notin: "∉",
  cap: "∩",
  cup: "∪",
  sub: "⊂",
  sube: "⊆",
  sup: "⊃",
  supe: "⊇",
  forall: "∀",
  exist: "∃",
  empty: "∅",
  nabla: "∇",
  and: "∧",
  or: "∨",
  not: "¬",
  rArr: "⇒",
  lArr: "⇐",
  hArr: "⇔",
  ordm: "º",
  ordf: "ª",
};
const GREEK = [
  "Alpha",
  "Beta",
  "Gamma",
  "Delta",
  "Epsilon",
  "Zeta",
  "Eta",
  "Theta",
  "Iota",
  "Kappa",
  "Lambda",
  "Mu",
  "Nu",
  "Xi",
  "Omicron",
  "Pi",
  "Rho",
  "",
  "Sigma",
  "Tau",
  "Upsilon",
  "Phi",
  "Chi",
  "Psi",
  "Omega",
];
GREEK.forEach((name, i) => {
  if (!name) return;
  NAMED[name] = String.fromCodePoint(0x391 + i);
  NAMED[name.toLowerCase()] = String.fromCodePoint(0x3b1 + i);
});
NAMED.sigmaf = "ς";

const SUPER: Record<string, string> = {
  "0": "⁰",
  "1": "¹",
  "2": "²",
  "3": "³",
  "4": "⁴",
  "5": "⁵",
  "6": "⁶",
  "7": "⁷",
  "8": "⁸",
  "9": "⁹",
  "+": "⁺",
  "-": "⁻",
  "−": "⁻",
  "=": "⁼",
  "(": "⁽",
  ")": "⁾",
  n: "ⁿ",
  i: "ⁱ",
};
const SUB: Record<string, string> = {
  "0": "₀",
  "1": "₁",
  "2": "₂",
  "3": "₃",
  "4": "₄",
  "5": "₅",
  "6": "₆",
  "7": "₇",
  "8": "₈",
  "9": "₉",
  "+": "₊",
  "-": "₋",
  "−": "₋",
  "=": "₌",
  "(": "₍",
  ")": "₎",
};

function script(text: string, map: Record<string, string>, fallback: string): string {
  const t = text.trim();
  if (t === "") return "";
  const chars = [...t];
  if (chars.every((c) => c in map)) return chars.map((c) => map[c]).join("");
  return `${fallback}(${t})`;
}

/** HTML character references; unknown names stay as written, as a browser shows them. */
export function decodeHtmlEntities(s: string): string {
  return s.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/g, (m, ref: string) => {
    if (ref[0] === "#") {
      const cp = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : m;
    }
    return Object.hasOwn(NAMED, ref) ? NAMED[ref]! : m;
  });
}

/** End of the tag starting at `lt` (the index after ">"), honouring quoted attribute values; -1 if none. */
function tagEnd(html: string, lt: number): number {
  let quote = "";
  for (let i = lt + 1; i < html.length; i++) {
    const c = html[i];
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ">") return i + 1;
  }
  return -1;
}

interface Level {
  tag: "sup" | "sub" | null;
  text: string;
  /** The last character of `text`, "" while it is empty. */
  last: string;
}

/**
 * The text being built, as a stack: <sup>/<sub> open a new level whose text is converted when
 * it closes. The last character is kept aside because reading one from a string built with +=
 * flattens it, which would make building quadratic.
 */
class Output {
  private readonly base: Level = { tag: null, text: "", last: "" };
  /** The open <sup>/<sub> levels, innermost last. */
  private readonly nested: Level[] = [];

  /** The last character written, "" at the start. */
  last(): string {
    return (this.nested.findLast((l) => l.last !== "") ?? this.base).last;
  }

  add(t: string): void {
    if (t === "") return;
    const top = this.nested.at(-1) ?? this.base;
    top.text += t;
    top.last = t.slice(-1);
  }

  open(tag: "sup" | "sub"): void {
    // Deeper nesting than any formula needs is read as plain text, which bounds last().
    if (this.nested.length < 15) this.nested.push({ tag, text: "", last: "" });
  }

  close(tag: "sup" | "sub"): void {
    const top = this.nested.at(-1);
    if (top?.tag !== tag) return;
    this.nested.pop();
    this.add(tag === "sup" ? script(top.text, SUPER, "^") : script(top.text, SUB, "_"));
  }

  toString(): string {
    return [this.base, ...this.nested].map((l) => l.text).join("");
  }
}

/**
 * `picture` is asked for each <img> with its src, each <audio>/<video> with its src (or its first
 * <source>'s) and each link to a @@PLUGINFILE@@ file: the text to put in its place (a media token,
 * on a line of its own), or null when it cannot be kept (then `hasMedia`; a link stays its text).
 */
export function htmlToText(html: string, picture?: (src: string) => string | null): HtmlText {
  const out = new Output();
  let hasMedia = false;
  let pre = 0;
  const breakLine = () => {
    const last = out.last();
    if (last !== "" && last !== "\n") out.add("\n");
  };
  const addText = (raw: string) => {
    let t = decodeHtmlEntities(raw);
    if (pre === 0) {
      t = t.replace(/[ \t\n\r\f]+/g, " ");
      const last = out.last();
      if (t.startsWith(" ") && (last === "" || last === " " || last === "\n")) t = t.slice(1);
    }
    out.add(t);
  };

  let lower: string | undefined;
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf("<", i);
    if (lt === -1) {
      addText(html.slice(i));
      break;
    }
    if (lt > i) addText(html.slice(i, lt));
    if (html.startsWith("<!--", lt)) {
      const end = html.indexOf("-->", lt + 4);
      i = end === -1 ? html.length : end + 3;
      continue;
    }
    const m = /^<(\/?)([a-zA-Z][a-zA-Z0-9]*)/.exec(html.slice(lt, lt + 40));
    if (!m) {
      // A "<" that starts no tag ("a < b") is text.
      addText("<");
      i = lt + 1;
      continue;
    }
    const closing = m[1] === "/";
    const name = m[2]!.toLowerCase();
    const end = tagEnd(html, lt);
    const keep = (token: string) => {
      breakLine();
      out.add(token);
      out.add("\n");
    };
    if ((name === "audio" || name === "video") && !closing && end !== -1) {
      // A player: its src, or its first <source>; what is inside (fallback text) is not shown.
      lower ??= html.toLowerCase();
      const close = lower.indexOf(`</${name}`, end);
      const closeEnd = close === -1 ? -1 : tagEnd(html, close);
      const whole = html.slice(lt, closeEnd === -1 ? end : closeEnd);
      const src = picture ? (SRC.exec(html.slice(lt, end)) ?? SOURCE_SRC.exec(whole)) : null;
      const kept = src ? picture!(decodeHtmlEntities(src[1] ?? src[2] ?? src[3] ?? "")) : null;
      if (kept === null) hasMedia = true;
      else keep(kept);
      i = closeEnd === -1 ? end : closeEnd;
      continue;
    }
    if (name === "a" && !closing && end !== -1 && picture) {
      // A link to a file of the question (Moodle's media filter plays those): the file, kept.
      const href = HREF.exec(html.slice(lt, end));
      const target = href ? decodeHtmlEntities(href[1] ?? href[2] ?? href[3] ?? "") : "";
      const kept = target.startsWith("@@PLUGINFILE@@/") ? picture(target) : null;
      if (kept !== null) {
        keep(kept);
        lower ??= html.toLowerCase();
        const close = lower.indexOf("</a", end);
        const closeEnd = close === -1 ? -1 : tagEnd(html, close);
        i = closeEnd === -1 ? end : closeEnd;
        continue;
      }
    }
    if (MEDIA.has(name)) {
      const src = name === "img" && !closing && end !== -1 && picture ? SRC.exec(html.slice(lt, end)) : null;
      const kept = src ? picture!(decodeHtmlEntities(src[1] ?? src[2] ?? src[3] ?? "")) : null;
      if (kept === null) {
        // The closing tag of a player already read says nothing more.
        if (!(closing && (name === "audio" || name === "video"))) hasMedia = true;
      } else keep(kept);
    }
    // A tag the text ends inside shows nothing in a browser, and nothing here; stopping
    // rather than reading the "<" as text keeps this linear on any input.
    if (end === -1) break;
    i = end;
    if (!closing && SKIP_CONTENT.has(name)) {
      lower ??= html.toLowerCase();
      const close = lower.indexOf(`</${name}`, i);
      const after = close === -1 ? -1 : tagEnd(html, close);
      i = after === -1 ? html.length : after;
      continue;
    }
    if (MEDIA.has(name)) continue;
    if (name === "br") out.add("\n");
    else if (BLOCK.has(name)) {
      breakLine();
      if (name === "pre") pre = Math.max(0, pre + (closing ? -1 : 1));
    } else if (CELL.has(name)) {
      const last = out.last();
      if (!closing && last !== "" && last !== " " && last !== "\n") out.add(" ");
    } else if (name === "sup" || name === "sub") {
      if (closing) out.close(name);
      else out.open(name);
    }
  }
  const text = out
    .toString()
    .split("\n")
    .map((line) => line.replace(/^[ \t]+|[ \t]+$/g, ""))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return { text, hasMedia };
}
