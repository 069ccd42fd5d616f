/**
 * Moodle XML files read into a small tree (elements, attributes, text with CDATA merged in),
 * on saxes, the streaming XML parser exceljs also uses: linear in the input, well-formedness
 * checked as XML 1.0 says.
 *
 * Safe by construction: a DOCTYPE is refused (saxes reports it; nothing of it is read), so
 * there are no entity definitions to expand (no "billion laughs", no external entities); only
 * the five predefined entities and character references are known; nesting is capped. Every
 * error carries the 1-based line, and the message codes say what went wrong in the trainer's
 * terms.
 */

import { SaxesParser } from "saxes";
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
    readonly line: number,
    readonly code: QuizMessageCode,
    readonly params?: MessageParams,
  ) {
    super(code);
  }
}

/** Characters XML 1.0 does not allow anywhere, even as a reference. */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const NAME = /[^\s/>]+/y;

function lineOf(src: string, pos: number): number {
  let line = 1;
  for (let i = src.indexOf("\n"); i !== -1 && i < pos; i = src.indexOf("\n", i + 1)) line++;
  return line;
}

export function parseXml(source: string): XmlResult {
  return run(source, null);
}

/**
 * Reads a document handing each child element of the root to `onChild` as soon as it is
 * complete, then dropping it: memory holds one child at a time, not the whole tree. The root
 * comes back without children. A child of more than `maxNodes` elements and texts is refused
 * while it is read. `onChild` returning false stops reading (the result is then ok).
 */
export function streamXml(source: string, onChild: (child: XmlElement, root: XmlElement) => boolean | undefined, maxNodes: number): XmlResult {
  return run(source, { onChild, maxNodes });
}

interface Streaming {
  onChild: (child: XmlElement, root: XmlElement) => boolean | undefined;
  maxNodes: number;
}

class Stop extends Error {}

function run(source: string, streaming: Streaming | null): XmlResult {
  // XML reads CR LF and lone CR as LF; doing it first keeps line numbers the editor's.
  let src = source.replace(/\r\n?/g, "\n");
  if (src.charCodeAt(0) === 0xfeff) src = src.slice(1);
  const bad = FORBIDDEN.exec(src);
  if (bad) return { ok: false, line: lineOf(src, bad.index), code: "quiz.import.xml.badCharacter" };
  try {
    return { ok: true, root: parse(src, streaming) };
  } catch (e) {
    if (e instanceof XmlError) return { ok: false, line: e.line, code: e.code, ...(e.params ? { params: e.params } : {}) };
    throw e;
  }
}

/** The name of the close tag that ends just before `pos` ("</b >" → "b"). */
function closeTagNameBefore(src: string, pos: number): string {
  const at = src.lastIndexOf("</", pos - 1);
  NAME.lastIndex = at + 2;
  return (at === -1 ? null : NAME.exec(src)?.[0]) ?? "";
}

/** Whether the close tag ending just before `pos` names `name` (the common case, checked cheaply). */
function closesByName(src: string, pos: number, name: string): boolean {
  const at = src.lastIndexOf("</", pos - 1);
  if (at === -1 || !src.startsWith(name, at + 2)) return false;
  const next = src.charCodeAt(at + 2 + name.length);
  return next === 0x3e || next === 0x20 || next === 0x0a || next === 0x09; // ">", or space before it
}

/** saxes's message ("3:4: unexpected close tag.") without its position. */
const messageOf = (e: Error) => e.message.replace(/^\d+:\d+: /, "");

function parse(src: string, streaming: Streaming | null): XmlElement {
  const parser = new SaxesParser({ position: true });
  /** Nodes in the child of the root being read (streaming). */
  let nodes = 0;
  const count = () => {
    if (streaming && stack.length >= 2 && ++nodes > streaming.maxNodes) {
      const child = stack[1]!;
      throw new XmlError(child.line, "quiz.import.xml.elementTooLarge", { tag: child.name, max: streaming.maxNodes });
    }
  };
  /** The open elements, innermost last. */
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  /** Where the text since the last markup started. */
  let textLine = 1;

  const addText = (text: string, line: number) => {
    const top = stack.at(-1);
    // saxes reports text outside the root as an error of its own; whitespace there is nothing.
    // Streaming keeps nothing directly under the root but its complete children.
    if (!top || (streaming && stack.length === 1)) return;
    count();
    const last = top.children[top.children.length - 1];
    if (last && last.type === "text") last.text += text;
    else top.children.push({ type: "text", text, line });
  };

  parser.on("doctype", () => {
    throw new XmlError(parser.line, "quiz.import.xml.doctype");
  });
  parser.on("opentagstart", (tag) => {
    if (stack.length >= MAX_XML_DEPTH) throw new XmlError(parser.line, "quiz.import.xml.tooDeep");
    const el: XmlElement = { type: "element", name: tag.name, attrs: {}, children: [], line: parser.line };
    const parent = stack.at(-1);
    if (parent && !(streaming && stack.length === 1)) parent.children.push(el);
    else if (!parent) root ??= el;
    if (streaming && stack.length === 1) nodes = 0;
    stack.push(el);
    count();
  });
  parser.on("opentag", (tag) => {
    const el = stack.at(-1)!; // the element opentagstart pushed
    el.attrs = { ...(tag.attributes as Record<string, string>) }; // saxes gives a null-prototype object
    textLine = parser.line;
  });
  parser.on("closetag", (tag) => {
    const el = stack.pop();
    // saxes closes the open element when a close tag does not match it, and reports that after.
    if (!tag.isSelfClosing && !closesByName(src, parser.position, tag.name)) {
      const found = closeTagNameBefore(src, parser.position);
      throw new XmlError(parser.line, "quiz.import.xml.mismatchedTag", { found, expected: el?.name ?? tag.name });
    }
    textLine = parser.line;
    if (streaming && el && stack.length === 1 && streaming.onChild(el, stack[0]!) === false) throw new Stop();
  });
  parser.on("text", (t) => {
    addText(t, textLine);
    textLine = parser.line;
  });
  parser.on("cdata", (t) => {
    addText(t, textLine);
    textLine = parser.line;
  });
  parser.on("comment", () => {
    textLine = parser.line;
  });
  parser.on("processinginstruction", () => {
    textLine = parser.line;
  });
  parser.on("error", (e) => {
    throw errorOf(messageOf(e));
  });

  const errorOf = (msg: string): XmlError => {
    const line = parser.line;
    if (msg.startsWith("undefined entity") || msg.includes("character entity") || msg.includes("entity name")) {
      const amp = src.lastIndexOf("&", parser.position - 1);
      return new XmlError(line, "quiz.import.xml.badEntity", { entity: src.slice(amp, Math.min(parser.position, amp + 12)) });
    }
    if (msg.startsWith("duplicate attribute"))
      return new XmlError(line, "quiz.import.xml.duplicateAttribute", { name: msg.replace(/^duplicate attribute: |\.$/g, "") });
    if (msg.startsWith("documents may contain only one root") || msg.startsWith("text data outside of root node"))
      return new XmlError(line, "quiz.import.xml.contentOutsideRoot");
    if (msg.startsWith("disallowed character.")) return new XmlError(line, "quiz.import.xml.badCharacter");
    if (msg.startsWith("document must contain a root element")) return new XmlError(line, "quiz.import.xml.unexpectedEnd");
    if (msg.startsWith("unclosed tag") || msg.startsWith("unexpected end")) return atEnd();
    return new XmlError(line, "quiz.import.xml.badSyntax");
  };

  /** The file ended inside something: say what, where it started. */
  const atEnd = (): XmlError => {
    // An "&" whose reference never ended swallowed the rest of the file.
    const entity = (parser as unknown as { entity?: unknown }).entity;
    if (typeof entity === "string" && entity !== "") {
      const amp = src.lastIndexOf(`&${entity.slice(0, 20)}`);
      return new XmlError(lineOf(src, amp), "quiz.import.xml.badEntity", { entity: src.slice(amp, amp + 12) });
    }
    for (const [open, close] of [
      ["<![CDATA[", "]]>"],
      ["<!--", "-->"],
      ["<?", "?>"],
    ] as const) {
      const at = src.lastIndexOf(open);
      if (at !== -1 && src.indexOf(close, at + open.length) === -1) return new XmlError(lineOf(src, at), "quiz.import.xml.unexpectedEnd");
    }
    const open = stack.at(-1);
    if (open) return new XmlError(open.line, "quiz.import.xml.unclosedTag", { tag: open.name });
    return new XmlError(parser.line, "quiz.import.xml.unexpectedEnd");
  };

  try {
    parser.write(src).close();
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
  }
  if (!root) throw new XmlError(parser.line, "quiz.import.xml.unexpectedEnd");
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
