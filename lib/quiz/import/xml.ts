/**
 * A small XML parser for the subset Moodle writes: elements, attributes, text, CDATA,
 * comments, processing instructions and the five predefined entities plus character
 * references. No npm XML parser is a dependency of the project (exceljs brings saxes along,
 * but only as its own dependency), and this subset is small enough to parse exactly.
 *
 * Safe by construction: a DOCTYPE is refused, so there are no entity definitions to expand
 * (no "billion laughs", no external entities); nesting is capped; scanning is linear in the
 * input, with no backtracking regular expressions. Every error carries the 1-based line.
 */

import type { MessageParams, QuizMessageCode } from "../codes";

export interface XmlElement {
  type: "element";
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  /** Line of the element's "<". */
  line: number;
}

export interface XmlText {
  type: "text";
  text: string;
  line: number;
}

export type XmlNode = XmlElement | XmlText;

export type XmlResult = { ok: true; root: XmlElement } | { ok: false; line: number; code: QuizMessageCode; params?: MessageParams };

export const MAX_XML_DEPTH = 64;

class XmlError extends Error {
  constructor(
    readonly pos: number,
    readonly code: QuizMessageCode,
    readonly params?: MessageParams,
  ) {
    super(code);
  }
}

/** Characters XML 1.0 does not allow anywhere, even as a reference. */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const NAME = /[A-Za-z_:][A-Za-z0-9_.:-]*/y;
const SPACE = /[ \t\n\r]*/y;
const PREDEFINED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function isAllowedCodePoint(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** Replaces entity and character references; `base` is the position of `s` in the source. */
function decodeEntities(s: string, base: number): string {
  if (!s.includes("&")) return s;
  let out = "";
  let i = 0;
  while (i < s.length) {
    const amp = s.indexOf("&", i);
    if (amp === -1) {
      out += s.slice(i);
      break;
    }
    out += s.slice(i, amp);
    const semi = s.indexOf(";", amp);
    const ref = semi === -1 || semi - amp > 12 ? null : s.slice(amp + 1, semi);
    let ch: string | undefined;
    if (ref !== null) {
      if (ref in PREDEFINED) ch = PREDEFINED[ref];
      else if (/^#[0-9]{1,7}$/.test(ref) || /^#x[0-9a-fA-F]{1,6}$/.test(ref)) {
        const cp = ref[1] === "x" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
        if (isAllowedCodePoint(cp)) ch = String.fromCodePoint(cp);
      }
    }
    if (ch === undefined) {
      const shown = ref === null ? s.slice(amp, Math.min(s.length, amp + 12)) : `&${ref};`;
      throw new XmlError(base + amp, "quiz.import.xml.badEntity", { entity: shown });
    }
    out += ch;
    i = semi + 1;
  }
  return out;
}

export function parseXml(source: string): XmlResult {
  // XML reads CR LF and lone CR as LF; doing it first keeps line numbers the editor's.
  const src = source.replace(/\r\n?/g, "\n");
  const lineStarts = [0];
  for (let i = src.indexOf("\n"); i !== -1; i = src.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  const lineAt = (pos: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= pos)
        lo = mid; // 1 ≤ mid ≤ hi: inside the array
      else hi = mid - 1;
    }
    return lo + 1;
  };
  try {
    const bad = FORBIDDEN.exec(src);
    if (bad) throw new XmlError(bad.index, "quiz.import.xml.badCharacter");
    return { ok: true, root: parse(src, lineAt) };
  } catch (e) {
    if (e instanceof XmlError) return { ok: false, line: lineAt(Math.min(e.pos, src.length)), code: e.code, ...(e.params ? { params: e.params } : {}) };
    throw e;
  }
}

function parse(src: string, lineAt: (pos: number) => number): XmlElement {
  /** The open elements, innermost last, each with the source position of its "<". */
  const stack: { el: XmlElement; at: number }[] = [];
  let root: XmlElement | null = null;
  let i = src.charCodeAt(0) === 0xfeff ? 1 : 0;

  const readName = (at: number): string | null => {
    NAME.lastIndex = at;
    const m = NAME.exec(src);
    return m ? m[0] : null;
  };
  const skipSpace = (at: number): number => {
    SPACE.lastIndex = at;
    SPACE.exec(src);
    return SPACE.lastIndex;
  };
  const expectEnd = (marker: string, from: number, start: number): number => {
    const end = src.indexOf(marker, from);
    if (end === -1) throw new XmlError(start, "quiz.import.xml.unexpectedEnd");
    return end;
  };
  const addText = (text: string, pos: number) => {
    const top = stack.at(-1)?.el;
    if (!top) {
      if (/[^ \t\n]/.test(text)) throw new XmlError(pos, "quiz.import.xml.contentOutsideRoot");
      return;
    }
    const last = top.children[top.children.length - 1];
    if (last && last.type === "text") last.text += text;
    else top.children.push({ type: "text", text, line: lineAt(pos) });
  };

  while (i < src.length) {
    const lt = src.indexOf("<", i);
    if (lt !== i) {
      const end = lt === -1 ? src.length : lt;
      addText(decodeEntities(src.slice(i, end), i), i);
      i = end;
      continue;
    }
    if (src.startsWith("<?", i)) {
      i = expectEnd("?>", i + 2, i) + 2;
    } else if (src.startsWith("<!--", i)) {
      i = expectEnd("-->", i + 4, i) + 3;
    } else if (src.startsWith("<![CDATA[", i)) {
      if (stack.length === 0) throw new XmlError(i, "quiz.import.xml.contentOutsideRoot");
      const end = expectEnd("]]>", i + 9, i);
      addText(src.slice(i + 9, end), i);
      i = end + 3;
    } else if (src.startsWith("<!DOCTYPE", i)) {
      throw new XmlError(i, "quiz.import.xml.doctype");
    } else if (src.startsWith("</", i)) {
      const name = readName(i + 2);
      if (name === null) throw new XmlError(i, "quiz.import.xml.badSyntax");
      const after = skipSpace(i + 2 + name.length);
      if (src[after] !== ">") throw new XmlError(i, after >= src.length ? "quiz.import.xml.unexpectedEnd" : "quiz.import.xml.badSyntax");
      const open = stack.pop()?.el;
      if (!open) throw new XmlError(i, "quiz.import.xml.badSyntax");
      if (open.name !== name) throw new XmlError(i, "quiz.import.xml.mismatchedTag", { found: name, expected: open.name });
      i = after + 1;
    } else {
      const name = readName(i + 1);
      if (name === null) throw new XmlError(i, i + 1 >= src.length ? "quiz.import.xml.unexpectedEnd" : "quiz.import.xml.badSyntax");
      if (root && stack.length === 0) throw new XmlError(i, "quiz.import.xml.contentOutsideRoot");
      const el: XmlElement = { type: "element", name, attrs: {}, children: [], line: lineAt(i) };
      let p = i + 1 + name.length;
      let selfClosing = false;
      for (;;) {
        const q = skipSpace(p);
        if (q >= src.length) throw new XmlError(i, "quiz.import.xml.unclosedTag", { tag: name });
        if (src[q] === ">") {
          p = q + 1;
          break;
        }
        if (src.startsWith("/>", q)) {
          p = q + 2;
          selfClosing = true;
          break;
        }
        if (q === p) throw new XmlError(q, "quiz.import.xml.badSyntax"); // attributes need a space before them
        const attr = readName(q);
        if (attr === null) throw new XmlError(q, "quiz.import.xml.badSyntax");
        let r = skipSpace(q + attr.length);
        if (src[r] !== "=") throw new XmlError(q, "quiz.import.xml.badSyntax");
        r = skipSpace(r + 1);
        const quote = src[r];
        if (quote !== '"' && quote !== "'") throw new XmlError(r, "quiz.import.xml.badSyntax");
        const close = src.indexOf(quote, r + 1);
        if (close === -1) throw new XmlError(r, "quiz.import.xml.unexpectedEnd");
        const raw = src.slice(r + 1, close);
        if (raw.includes("<")) throw new XmlError(r, "quiz.import.xml.badSyntax");
        if (Object.hasOwn(el.attrs, attr)) throw new XmlError(q, "quiz.import.xml.duplicateAttribute", { name: attr });
        el.attrs[attr] = decodeEntities(raw, r + 1);
        p = close + 1;
      }
      const parent = stack.at(-1)?.el;
      if (parent) parent.children.push(el);
      else root = el;
      if (!selfClosing) {
        if (stack.length >= MAX_XML_DEPTH) throw new XmlError(i, "quiz.import.xml.tooDeep");
        stack.push({ el, at: i });
      }
      i = p;
    }
  }
  // The innermost element left open is reported where it starts: that is where to look.
  const open = stack.at(-1);
  if (open) throw new XmlError(open.at, "quiz.import.xml.unclosedTag", { tag: open.el.name });
  if (!root) throw new XmlError(src.length, "quiz.import.xml.unexpectedEnd");
  return root;
}

// ---------------------------------------------------------------------------------------------
// Reading a parsed tree

export function childElements(el: XmlElement, name?: string): XmlElement[] {
  return el.children.filter((c): c is XmlElement => c.type === "element" && (name === undefined || c.name === name));
}

export function firstChild(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c): c is XmlElement => c.type === "element" && c.name === name);
}

/** All the text inside an element, in document order. */
export function textContent(el: XmlElement): string {
  let out = "";
  for (const c of el.children) out += c.type === "text" ? c.text : textContent(c);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Writing

export function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A CDATA section for any text; "]]>" inside is split across two sections. */
export function cdata(s: string): string {
  return `<![CDATA[${s.replace(/]]>/g, "]]]]><![CDATA[>")}]]>`;
}
