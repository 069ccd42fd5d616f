import iconv from "iconv-lite";
import Papa from "papaparse";
import { EXCEL_MAX_CELL_CHARS, readXlsxBounded, type XlsxLimitHit, type XlsxLimits, type XlsxRow, type XlsxSheet } from "@/lib/core/xlsx-read";
import { isKnownHeader } from "./columns";
import { MAX_FILE_BYTES, MAX_ROWS, formatBytes, problem, type CellValue, type Problem, type Sheet, type SheetRow } from "./types";

type ReadResult = { ok: true; sheet: Sheet } | { ok: false; problems: Problem[] };

const fail = (p: Problem): ReadResult => ({ ok: false, problems: [p] });
const notSpreadsheet = () => fail(problem(null, null, "import.errors.notSpreadsheet"));

function startsWith(bytes: Uint8Array, sig: number[] | string): boolean {
  const s = typeof sig === "string" ? [...sig].map((c) => c.charCodeAt(0)) : sig;
  if (bytes.length < s.length) return false;
  return s.every((b, i) => bytes[i] === b);
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]; // legacy .xls (and .doc)
/** Formats people upload by mistake that could otherwise get past the text checks. */
const OTHER_BINARY: (number[] | string)[] = [
  "%PDF-",
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  "GIF8",
  [0x1f, 0x8b], // gzip
  "Rar!",
  [0x37, 0x7a, 0xbc, 0xaf], // 7z
  "{\\rtf",
];

/**
 * Reads an .xlsx or CSV file into a header and its data rows. The format is decided by the
 * content, never by the file name: an .xlsx is a zip, a CSV is text in UTF-8 (with or without
 * a BOM), GBK/GB18030 as Excel saves it on a Chinese Windows, or UTF-16 ("Unicode text").
 */
export async function readSpreadsheet(file: Uint8Array): Promise<ReadResult> {
  if (file.byteLength > MAX_FILE_BYTES) {
    return fail(problem(null, null, "import.errors.tooLarge", { size: formatBytes(file.byteLength), limit: formatBytes(MAX_FILE_BYTES) }));
  }
  if (file.byteLength === 0) return fail(problem(null, null, "import.errors.empty"));
  if (startsWith(file, ZIP)) return readXlsx(file);
  if (startsWith(file, OLE2)) return fail(problem(null, null, "import.errors.oldExcel"));
  if (OTHER_BINARY.some((sig) => startsWith(file, sig))) return notSpreadsheet();
  const text = decodeText(file);
  if (text === null) return notSpreadsheet();
  return readCsv(text);
}

/** The file's text, or null when it is not text in an encoding we know. */
export function decodeText(bytes: Uint8Array): string | null {
  let text: string;
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    try {
      text = new TextDecoder(bytes[0] === 0xff ? "utf-16le" : "utf-16be", { fatal: true }).decode(bytes);
    } catch {
      return null;
    }
  } else {
    // A NUL never appears in a text file in these encodings; it is the surest sign of binary.
    if (bytes.indexOf(0) !== -1) return null;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes); // strips a BOM
    } catch {
      // Not UTF-8: Excel's "CSV" on a Chinese Windows is GBK, which GB18030 contains.
      text = iconv.decode(bytes, "gb18030");
      if (text.includes("\uFFFD")) return null;
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // Control characters other than tab, line breaks and form feed mean it is not a table of text.
  if (/[\x00-\x08\x0B\x0E-\x1F\x7F]/.test(text)) return null;
  return text;
}

function isBlank(cells: CellValue[]): boolean {
  return cells.every((c) => c === null || (typeof c === "string" && c.trim() === ""));
}

function headerText(c: CellValue): string {
  if (c === null) return "";
  if (c instanceof Date) return Number.isNaN(c.getTime()) ? "" : c.toISOString().slice(0, 10);
  return String(c).trim();
}

/** Header, then data rows, skipping blank rows but keeping each row's own number. */
function toSheet(rows: SheetRow[]): ReadResult {
  let header: SheetRow | undefined;
  const data: SheetRow[] = [];
  for (const r of rows) {
    if (isBlank(r.cells)) continue;
    if (!header) {
      header = r;
      continue;
    }
    if (data.length >= MAX_ROWS) return tooManyRows(rows);
    data.push(r);
  }
  if (!header) return fail(problem(null, null, "import.errors.empty"));
  if (data.length === 0) return fail(problem(null, null, "import.errors.noRows"));
  return { ok: true, sheet: { headerRow: header.row, header: header.cells.map(headerText), rows: data } };
}

function tooManyRows(rows: SheetRow[]): ReadResult {
  let n = -1; // the header
  for (const r of rows) if (!isBlank(r.cells)) n++;
  return fail(problem(null, null, "import.errors.tooManyRows", { rows: n, limit: MAX_ROWS }));
}

function readCsv(text: string): ReadResult {
  if (text.trim() === "") return fail(problem(null, null, "import.errors.empty"));
  const parsed = Papa.parse<string[]>(text, { delimitersToGuess: [",", "\t", ";", "|"], skipEmptyLines: false });
  const unclosed = parsed.errors.find((e) => e.code === "MissingQuotes");
  if (unclosed) return fail(problem(unclosed.row == null ? null : unclosed.row + 1, null, "import.errors.badQuotes"));
  // In a CSV each record is one spreadsheet row, even when a quoted cell holds a line break.
  const rows = parsed.data.map((cells, i) => ({ row: i + 1, cells: cells as CellValue[] }));
  return toSheet(rows);
}

/** Stops reading a sheet past the largest import, with room for blank and title rows. */
const XLSX_LIMITS: XlsxLimits = {
  maxRows: MAX_ROWS + 100,
  maxCells: (MAX_ROWS + 100) * 32,
  maxCellChars: EXCEL_MAX_CELL_CHARS,
  maxXmlBytes: 200 * 1024 * 1024,
};

function limitProblem(hit: XlsxLimitHit): Problem {
  switch (hit.limit) {
    case "rows":
      return problem(null, null, "import.errors.rowsStopped", { sheet: hit.sheet, limit: MAX_ROWS });
    case "cells":
      return problem(null, null, "import.errors.cellsStopped", { max: hit.max });
    case "cellChars":
      return hit.cell
        ? problem(null, null, "import.errors.cellTooLong", { sheet: hit.sheet ?? "", cell: hit.cell, max: hit.max })
        : problem(null, null, "import.errors.textTooLong", { max: hit.max });
    case "size":
      return problem(null, null, "import.errors.unpackedTooLarge", { max: formatBytes(hit.max) });
  }
}

async function readXlsx(file: Uint8Array): Promise<ReadResult> {
  const read = await readXlsxBounded(file, XLSX_LIMITS);
  if (!read.ok) return read.reason === "limit" ? fail(limitProblem(read.hit)) : notSpreadsheet();
  const cellsOf = (r: XlsxRow) => Array.from(r.cells, (c): CellValue => c ?? null);
  const rowsOf = (sheet: XlsxSheet): SheetRow[] => sheet.rows.map((r) => ({ row: r.row, cells: cellsOf(r) }));
  // The members sheet is the first one whose header names a known column (an instructions
  // sheet, or a cover sheet in front, is passed over); failing that, the first sheet, so that
  // the problems reported are about the sheet the user most likely meant.
  for (const sheet of read.sheets) {
    const first = sheet.rows.map(cellsOf).find((cells) => !isBlank(cells));
    if (first?.some((c) => isKnownHeader(headerText(c)))) return toSheet(rowsOf(sheet));
  }
  // The reader gives at least one sheet.
  return toSheet(rowsOf(read.sheets[0]!));
}
