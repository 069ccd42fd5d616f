/**
 * Reading an uploaded .xlsx with its limits enforced while it is read, for every import that
 * takes a spreadsheet (question bank, member list).
 *
 * An .xlsx is a zip of XML parts; a small upload can inflate to gigabytes (a "zip bomb" of rows,
 * or one huge shared string), and loading the whole workbook first (exceljs's `xlsx.load`) holds
 * all of it in memory before any limit can be checked. Here the zip's directory is read
 * (JSZip, which inflates nothing until asked), each part needed is inflated as a stream and fed
 * to a streaming XML parser (saxes), and reading stops as soon as a limit is passed:
 *
 * - the inflated bytes of all the parts read (`maxXmlBytes`),
 * - the characters of one cell (`maxCellChars`; Excel's own limit is 32,767),
 * - the non-empty rows of one sheet (`maxRows`) and the cells of the whole workbook (`maxCells`).
 *
 * Memory is then bounded by the limits, whatever the file: compressed bytes (the upload itself),
 * plus the inflated XML in flight (one chunk), plus the cells kept.
 *
 * Cell values are what exceljs gives (and what a person sees): shared and inline strings as
 * text (rich text runs joined), numbers, booleans, error codes as text ("#N/A"), the cached
 * result of a formula, and numbers in a date format as a Date (Excel's serial day, midnight
 * UTC for a whole day, 1904 date system honoured).
 */

import { Readable } from "node:stream";
import JSZip from "jszip";
import { SaxesParser, type SaxesTagPlain } from "saxes";

export type XlsxCell = string | number | boolean | Date;

export interface XlsxRow {
  /** The row number as the spreadsheet shows it. */
  row: number;
  /** Index 0 is column A; columns without a value are empty slots. */
  cells: (XlsxCell | undefined)[];
}

export interface XlsxSheet {
  name: string;
  rows: XlsxRow[];
}

export interface XlsxLimits {
  maxRows: number;
  maxCells: number;
  maxCellChars: number;
  maxXmlBytes: number;
}

/** The limit passed, with what a message needs to name it. */
export type XlsxLimitHit =
  | { limit: "rows"; max: number; sheet: string }
  | { limit: "cells"; max: number }
  | { limit: "cellChars"; max: number; sheet: string | null; cell: string | null }
  | { limit: "size"; max: number };

export type XlsxReadResult = { ok: true; sheets: XlsxSheet[] } | { ok: false; reason: "notSpreadsheet" } | { ok: false; reason: "limit"; hit: XlsxLimitHit };

/** Excel's own limit on the characters in a cell. */
export const EXCEL_MAX_CELL_CHARS = 32_767;
const MAX_COLUMN = 16_384; // XFD

class LimitError extends Error {
  constructor(readonly hit: XlsxLimitHit) {
    super(hit.limit);
  }
}

class FormatError extends Error {}

const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const ROOT_REL_TYPE = `${REL_NS}/officeDocument`;
/** Strict OOXML files name their relationships under purl.oclc.org; only the last segment matters. */
const relKind = (type: string | undefined) => type?.slice(type.lastIndexOf("/") + 1) ?? "";

/** Built-in number formats that show a date or time (ECMA-376 §18.8.30, and the CJK ones). */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** exceljs's rule for a custom format: date letters outside quotes and [..] sections. */
function isDateFormat(code: string): boolean {
  const bare = code.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, "");
  return /[ymdhMsb]/.test(bare);
}

/** Excel's serial day as a Date, as exceljs converts it. */
function excelToDate(v: number, date1904: boolean): Date {
  return new Date(Math.round((v - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
}

/** "B12" → { col: 2, row: 12 }; null when it is not a cell reference. */
function decodeRef(ref: string): { col: number; row: number } | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/.exec(ref);
  if (!m) return null;
  let col = 0;
  for (const ch of m[1]!) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { col, row: Number(m[2]) };
}

/** "xl/worksheets/sheet1.xml" from a relationship target, relative to the part's folder. */
function resolvePart(base: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const parts = base.split("/").slice(0, -1);
  for (const seg of target.split("/")) {
    if (seg === "..") parts.pop();
    else if (seg !== "." && seg !== "") parts.push(seg);
  }
  return parts.join("/");
}

function relsPathOf(part: string): string {
  const i = part.lastIndexOf("/");
  return `${part.slice(0, i + 1)}_rels/${part.slice(i + 1)}.rels`;
}

interface Reader {
  zip: JSZip;
  limits: XlsxLimits;
  bytes: number;
}

/**
 * One zip entry's inflated bytes as they stream (JSZip inflates nothing until asked), so a reader
 * counting them stops a bomb at its limit; the inflating stops when the reader stops.
 */
export async function* zipEntryChunks(file: JSZip.JSZipObject): AsyncGenerator<Buffer> {
  // JSZip's stream is an older readable-stream; wrap() gives it async iteration and backpressure.
  const stream = new Readable().wrap(file.nodeStream("nodebuffer"));
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) yield chunk;
  } finally {
    stream.destroy();
  }
}

/**
 * Streams one part through saxes: `handle` gets each event as it is parsed. The inflated bytes
 * count against `maxXmlBytes` as they arrive, so a bomb stops at the limit, not at its end.
 */
async function parsePart(
  r: Reader,
  path: string,
  handle: {
    open?: (tag: SaxesTagPlain) => void;
    text?: (t: string) => void;
    close?: (tag: SaxesTagPlain) => void;
    /** Called after each chunk with the length of the text node saxes holds, not yet ended. */
    pending?: (length: number) => void;
  },
): Promise<boolean> {
  const file = r.zip.file(path);
  if (!file) return false;
  const parser = new SaxesParser();
  let failure: unknown = null;
  parser.on("error", (e) => {
    failure ??= e;
  });
  parser.on("doctype", () => {
    failure ??= new FormatError("doctype");
  });
  const guard =
    <A>(f: ((a: A) => void) | undefined) =>
    (a: A) => {
      if (failure || !f) return;
      try {
        f(a);
      } catch (e) {
        failure = e;
      }
    };
  parser.on("opentag", guard(handle.open));
  parser.on("closetag", guard(handle.close));
  parser.on("text", guard(handle.text));
  parser.on("cdata", guard(handle.text));

  const decoder = new TextDecoder("utf-8");
  try {
    for await (const chunk of zipEntryChunks(file)) {
      r.bytes += chunk.byteLength;
      if (r.bytes > r.limits.maxXmlBytes) throw new LimitError({ limit: "size", max: r.limits.maxXmlBytes });
      parser.write(decoder.decode(chunk, { stream: true }));
      if (failure) throw failure;
      // saxes hands a text node over only when it ends; a 200 MB cell would be whole in memory
      // by then. Its pending text (a private field at the pinned saxes 5.0.1; were it to go, the
      // size limit still bounds the text) lets the cell limit stop it while it is read.
      const pending = (parser as unknown as { text?: unknown }).text;
      if (typeof pending === "string") handle.pending?.(pending.length);
    }
    parser.write(decoder.decode());
    parser.close();
    if (failure) throw failure;
  } catch (e) {
    if (e instanceof LimitError) throw e;
    throw new FormatError(e instanceof Error ? e.message : String(e));
  }
  return true;
}

async function readRels(r: Reader, part: string): Promise<Map<string, { type: string; target: string }>> {
  const rels = new Map<string, { type: string; target: string }>();
  await parsePart(r, relsPathOf(part), {
    open: (t) => {
      if (t.name !== "Relationship" || t.attributes.TargetMode === "External") return;
      const id = t.attributes.Id;
      const target = t.attributes.Target;
      if (id && target) rels.set(id, { type: relKind(t.attributes.Type), target: resolvePart(part, target) });
    },
  });
  return rels;
}

/** The text of one cell as it is read, refused as soon as it passes the limit. */
class TextBuffer {
  private parts: string[] = [];
  private length = 0;
  constructor(
    private readonly max: number,
    private readonly where: () => { sheet: string | null; cell: string | null },
  ) {}
  add(t: string) {
    this.check(t.length);
    this.length += t.length;
    this.parts.push(t);
  }
  /** Refuses when `more` characters would take the cell past the limit. */
  check(more: number) {
    if (this.length + more > this.max) throw new LimitError({ limit: "cellChars", max: this.max, ...this.where() });
  }
  take(): string {
    const s = this.parts.join("");
    this.parts = [];
    this.length = 0;
    return s;
  }
}

async function readSharedStrings(r: Reader, path: string | undefined): Promise<string[]> {
  const strings: string[] = [];
  if (!path) return strings;
  const buf = new TextBuffer(r.limits.maxCellChars, () => ({ sheet: null, cell: null }));
  let inT = false;
  let phonetic = 0;
  await parsePart(r, path, {
    open: (t) => {
      if (t.name === "si") buf.take();
      else if (t.name === "rPh") phonetic++;
      else if (t.name === "t" && phonetic === 0) inT = true;
    },
    text: (s) => {
      if (inT) buf.add(s);
    },
    pending: (n) => {
      if (inT) buf.check(n);
    },
    close: (t) => {
      if (t.name === "t") inT = false;
      else if (t.name === "rPh") phonetic--;
      else if (t.name === "si") strings.push(buf.take());
    },
  });
  return strings;
}

/** For each cell style (the `s` of a cell), whether its number format shows a date. */
async function readDateStyles(r: Reader, path: string | undefined): Promise<boolean[]> {
  const out: boolean[] = [];
  if (!path) return out;
  const custom = new Map<number, string>();
  let inCellXfs = false;
  await parsePart(r, path, {
    open: (t) => {
      if (t.name === "numFmt") custom.set(Number(t.attributes.numFmtId), t.attributes.formatCode ?? "");
      else if (t.name === "cellXfs") inCellXfs = true;
      else if (t.name === "xf" && inCellXfs) {
        const id = Number(t.attributes.numFmtId ?? 0);
        const code = custom.get(id);
        out.push(code !== undefined ? isDateFormat(code) : DATE_FORMAT_IDS.has(id));
      }
    },
    close: (t) => {
      if (t.name === "cellXfs") inCellXfs = false;
    },
  });
  return out;
}

interface SheetContext {
  strings: string[];
  dateStyles: boolean[];
  date1904: boolean;
}

async function readSheet(r: Reader, path: string, name: string, ctx: SheetContext, cellsSoFar: { n: number }): Promise<XlsxRow[]> {
  const rows: XlsxRow[] = [];
  let row: XlsxRow | null = null;
  let nextRow = 1;
  let nextCol = 1;
  let cell: { ref: string | null; col: number; t: string; s: number } | null = null;
  let value: string | null = null;
  let inValue = false;
  let inInline = false;
  const buf = new TextBuffer(r.limits.maxCellChars, () => ({ sheet: name, cell: cell?.ref ?? null }));

  const finishCell = () => {
    if (!row || !cell || value === null) return;
    let v: XlsxCell | undefined;
    switch (cell.t) {
      case "s": {
        const i = Number(value);
        v = Number.isInteger(i) ? ctx.strings[i] : undefined;
        break;
      }
      case "str":
      case "inlineStr":
      case "e":
        v = value;
        break;
      case "b":
        v = value.trim() !== "0";
        break;
      case "d": {
        const d = new Date(value);
        v = Number.isNaN(d.getTime()) ? value : d;
        break;
      }
      default: {
        const n = Number.parseFloat(value);
        if (Number.isNaN(n)) v = undefined;
        else v = ctx.dateStyles[cell.s] ? excelToDate(n, ctx.date1904) : n;
      }
    }
    if (v === undefined) return;
    if (++cellsSoFar.n > r.limits.maxCells) throw new LimitError({ limit: "cells", max: r.limits.maxCells });
    row.cells[cell.col - 1] = v;
  };

  await parsePart(r, path, {
    open: (t) => {
      switch (t.name) {
        case "row": {
          const n = Number(t.attributes.r ?? nextRow);
          row = { row: Number.isInteger(n) && n > 0 ? n : nextRow, cells: [] };
          nextRow = row.row + 1;
          nextCol = 1;
          break;
        }
        case "c": {
          if (!row) break;
          const ref = t.attributes.r ?? null;
          const at = ref ? decodeRef(ref) : null;
          const col = at?.col ?? nextCol;
          if (col > MAX_COLUMN) throw new FormatError("column");
          nextCol = col + 1;
          cell = { ref, col, t: t.attributes.t ?? "n", s: Number(t.attributes.s ?? 0) };
          value = null;
          break;
        }
        case "v":
          if (cell) inValue = true;
          break;
        case "is":
          if (cell) inInline = true;
          break;
        case "t":
          if (cell && inInline) inValue = true;
          break;
      }
    },
    text: (s) => {
      if (inValue) buf.add(s);
    },
    pending: (n) => {
      if (inValue) buf.check(n);
    },
    close: (t) => {
      switch (t.name) {
        case "v":
          if (inValue) value = buf.take();
          inValue = false;
          break;
        case "t":
          // Rich inline text: the runs' texts joined, like shared strings.
          if (inInline && inValue) inValue = false;
          break;
        case "is":
          if (inInline) value = buf.take();
          inInline = false;
          break;
        case "c":
          finishCell();
          cell = null;
          value = null;
          break;
        case "row":
          if (row && row.cells.length > 0) {
            if (rows.length >= r.limits.maxRows) throw new LimitError({ limit: "rows", max: r.limits.maxRows, sheet: name });
            rows.push(row);
          }
          row = null;
          break;
      }
    },
  });
  return rows;
}

/**
 * The workbook's sheets in the order Excel shows them, each with its non-empty rows; or why it
 * cannot be read (not an .xlsx) or which limit it passed.
 */
export async function readXlsxBounded(bytes: Uint8Array, limits: XlsxLimits): Promise<XlsxReadResult> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes, { checkCRC32: false, createFolders: false });
  } catch {
    return { ok: false, reason: "notSpreadsheet" };
  }
  const r: Reader = { zip, limits, bytes: 0 };
  try {
    const rootRels = await readRels(r, "");
    const workbookPath = [...rootRels.values()].find((x) => x.type === relKind(ROOT_REL_TYPE))?.target ?? "xl/workbook.xml";
    const sheetRefs: { name: string; rid: string }[] = [];
    let date1904 = false;
    const found = await parsePart(r, workbookPath, {
      open: (t) => {
        if (t.name === "workbookPr") date1904 = t.attributes.date1904 === "1" || t.attributes.date1904 === "true";
        else if (t.name === "sheet") {
          const rid = t.attributes["r:id"] ?? Object.entries(t.attributes).find(([k]) => k.endsWith(":id"))?.[1];
          if (rid) sheetRefs.push({ name: t.attributes.name ?? "", rid });
        }
      },
    });
    if (!found) return { ok: false, reason: "notSpreadsheet" };
    const rels = await readRels(r, workbookPath);
    const partOf = (kind: string) => [...rels.values()].find((x) => x.type === kind)?.target;
    const strings = await readSharedStrings(r, partOf("sharedStrings"));
    const dateStyles = await readDateStyles(r, partOf("styles"));
    const ctx: SheetContext = { strings, dateStyles, date1904 };
    const cells = { n: 0 };
    const sheets: XlsxSheet[] = [];
    for (const ref of sheetRefs) {
      const rel = rels.get(ref.rid);
      if (rel?.type !== "worksheet") continue; // chart sheets and the like hold no rows
      sheets.push({ name: ref.name, rows: await readSheet(r, rel.target, ref.name, ctx, cells) });
    }
    if (sheets.length === 0) return { ok: false, reason: "notSpreadsheet" };
    return { ok: true, sheets };
  } catch (e) {
    if (e instanceof LimitError) return { ok: false, reason: "limit", hit: e.hit };
    if (e instanceof FormatError) return { ok: false, reason: "notSpreadsheet" };
    throw e;
  }
}
