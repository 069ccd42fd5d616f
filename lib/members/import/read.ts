import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import Papa from "papaparse";
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

/** An exceljs cell value reduced to what a person sees: formulas give their result, rich text its text. */
export function plainCell(v: ExcelJS.CellValue | undefined): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (v instanceof Date) return v;
  if (typeof v === "object") {
    if ("richText" in v) return v.richText.map((r) => r.text).join("");
    if ("formula" in v || "sharedFormula" in v) return plainCell((v as { result?: ExcelJS.CellValue }).result);
    if ("hyperlink" in v) return plainCell((v as { text: ExcelJS.CellValue }).text);
    if ("error" in v) return String(v.error);
  }
  return null;
}

async function readXlsx(file: Uint8Array): Promise<ReadResult> {
  const wb = new ExcelJS.Workbook();
  try {
    // exceljs types its argument as its own Buffer declaration, which a Node Buffer does not satisfy.
    await wb.xlsx.load(Buffer.from(file.buffer, file.byteOffset, file.byteLength) as unknown as Parameters<ExcelJS.Xlsx["load"]>[0]);
  } catch {
    return notSpreadsheet();
  }
  const sheets = wb.worksheets;
  const [firstSheet] = sheets;
  if (!firstSheet) return notSpreadsheet();

  const rowsOf = (ws: ExcelJS.Worksheet): SheetRow[] => {
    const out: SheetRow[] = [];
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const values = row.values as (ExcelJS.CellValue | undefined)[];
      const cells: CellValue[] = [];
      for (let c = 1; c < values.length; c++) cells.push(plainCell(values[c]));
      out.push({ row: rowNumber, cells });
    });
    return out;
  };
  // The members sheet is the first one whose header names a known column (an instructions
  // sheet, or a cover sheet in front, is passed over); failing that, the first sheet, so that
  // the problems reported are about the sheet the user most likely meant.
  for (const ws of sheets) {
    const first = firstNonBlank(ws);
    if (first?.some((c) => isKnownHeader(headerText(c)))) return toSheet(rowsOf(ws));
  }
  return toSheet(rowsOf(firstSheet));
}

function firstNonBlank(ws: ExcelJS.Worksheet): CellValue[] | null {
  for (let r = 1; r <= ws.rowCount; r++) {
    const values = ws.getRow(r).values as (ExcelJS.CellValue | undefined)[];
    const cells: CellValue[] = [];
    for (let c = 1; c < values.length; c++) cells.push(plainCell(values[c]));
    if (!isBlank(cells)) return cells;
  }
  return null;
}
