/**
 * The question bank spreadsheet (题库模板): one question per row under a header row of
 * Chinese column names (see xlsx-columns.ts). Import is all or nothing; every problem is
 * reported with the spreadsheet's row number and the column header as written in the file.
 * Export writes the same template, so a bank exported, edited in Excel or WPS and imported
 * again comes back as it was (the question's title, which the template has no column for,
 * excepted).
 *
 * Defaults for empty cells: 难度 3, 分值 1, no category, no tags, and for 多选 all-or-nothing
 * scoring. 问答 may leave 答案 empty (no reference answer).
 */

import ExcelJS from "exceljs";
import Papa from "papaparse";
import { formatClozeGaps } from "./cloze";
import { EXCEL_MAX_CELL_CHARS, readXlsxBounded, type XlsxLimitHit, type XlsxLimits, type XlsxSheet } from "@/lib/core/xlsx-read";
import {
  OPTION_LABELS,
  DEFAULT_DIFFICULTY,
  DEFAULT_POINTS,
  PART_TYPES,
  partPointsSum,
  partQuestion,
  type ChoiceOption,
  type Difficulty,
  type GroupPart,
  type MultipleScoring,
  type PartKey,
  type PartQuestion,
  type Question,
} from "../types";
import { LIMITS, checkQuestion, type QuestionField } from "../validate";
import { parseDecimal, toNumber } from "../decimal";
import { foldWidth } from "../normalise";
import { formatPlainPath, parsePlainPath } from "./category";
import { readText } from "./text";
import { mediaRefs, mediaToken, withoutMedia } from "../media-refs";
import { pictureKey, pictureNames } from "./picture-zip";
import { formatFillAnswer, formatNumericAnswer, parseChoiceLetters, parseFillAnswer, parseNumericAnswer, parseTrueFalse } from "./answer-text";
import { MAX_QUESTIONS, fail, finish, formatBytes, randomId, tooLarge, unixLines, type ImportOptions, type ImportProblem, type ImportResult } from "./problems";
import {
  IGNORED_HEADERS,
  PICTURES_HEADER,
  SCORING_LABELS,
  TYPE_LABELS,
  XLSX_COLUMNS,
  columnFor,
  headerKey,
  parseDifficulty,
  parseScoring,
  parseTags,
  parseTypeLabel,
  type OptionColumn,
  type XlsxColumnKey,
} from "./xlsx-columns";

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0];
const SHEET_NAME = "题库";
/** How far down a title or notes above the header row may reach. */
const HEADER_SEARCH_ROWS = 10;

type Cell = string | number | boolean | Date | null;

interface Row {
  row: number;
  cells: Map<number, Cell>;
}

function startsWith(bytes: Uint8Array, sig: number[]): boolean {
  return bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b);
}

/** Text of a cell, ends trimmed and line breaks as LF; numbers as typed (no exponent for whole numbers). */
function cellText(v: Cell): string {
  if (v === null) return "";
  if (typeof v === "string") return unixLines(v).trim();
  if (typeof v === "number") return Number.isInteger(v) && Math.abs(v) < 1e21 ? v.toFixed(0) : String(v);
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  return Number.isNaN(v.getTime()) ? "" : v.toISOString().slice(0, 10);
}

function rowsOf(sheet: XlsxSheet): Row[] {
  const out: Row[] = [];
  for (const r of sheet.rows) {
    const cells = new Map<number, Cell>();
    r.cells.forEach((v, i) => {
      if (v !== undefined && cellText(v) !== "") cells.set(i + 1, v);
    });
    if (cells.size) out.push({ row: r.row, cells });
  }
  return out;
}

/** Whether this text is a CSV of the template (a header row naming 题型 and 题干 near its top). */
export function looksLikeTemplateCsv(text: string): boolean {
  const head = text.slice(0, 8192).split("\n").slice(0, HEADER_SEARCH_ROWS);
  return head.some((line) => {
    const keys = line.split(/[,\t;]/).map((c) => columnFor(c.trim().replace(/^"|"$/g, ""))?.key);
    return keys.includes("type") && keys.includes("stem");
  });
}

/**
 * The template saved as CSV (Excel's "CSV UTF-8" or GBK "CSV", WPS alike): read with the same
 * columns and rules as the .xlsx; each record is a row as the spreadsheet numbers it.
 */
export async function importCsv(file: Uint8Array | string, opts: ImportOptions = {}): Promise<ImportResult> {
  const size = typeof file === "string" ? file.length : file.byteLength;
  const big = tooLarge(size);
  if (big) return fail([big]);
  const read = typeof file === "string" ? { ok: true as const, text: file } : readText(file);
  if (!read.ok) return fail([read.problem]);
  if (read.text.trim() === "") return fail([{ code: "quiz.import.empty" }]);
  const parsed = Papa.parse<string[]>(read.text, { delimitersToGuess: [",", "\t", ";"], skipEmptyLines: false });
  const rows: Row[] = [];
  parsed.data.forEach((cells, i) => {
    const map = new Map<number, Cell>();
    cells.forEach((c, j) => {
      if (c.trim() !== "") map.set(j + 1, c);
    });
    if (map.size) rows.push({ row: i + 1, cells: map });
  });
  const at = rows.slice(0, HEADER_SEARCH_ROWS).findIndex((row) => {
    const keys = [...row.cells.values()].map((v) => columnFor(cellText(v))?.key);
    return keys.includes("type") && keys.includes("stem");
  });
  return importRows({ rows, at: Math.max(at, 0) }, opts);
}

/** What the streaming reader stops at: a bank of MAX_QUESTIONS rows, with room for title rows above the header. */
const LIMITS_XLSX: XlsxLimits = {
  maxRows: MAX_QUESTIONS + HEADER_SEARCH_ROWS,
  maxCells: (MAX_QUESTIONS + HEADER_SEARCH_ROWS) * 64,
  maxCellChars: EXCEL_MAX_CELL_CHARS,
  maxXmlBytes: 100 * 1024 * 1024,
};

function limitProblem(hit: XlsxLimitHit): ImportProblem {
  switch (hit.limit) {
    case "rows":
      return { code: "quiz.import.xlsx.tooManyRows", params: { sheet: hit.sheet, max: hit.max, limit: MAX_QUESTIONS } };
    case "cells":
      return { code: "quiz.import.xlsx.tooManyCells", params: { max: hit.max } };
    case "cellChars":
      return hit.cell
        ? { code: "quiz.import.xlsx.cellTooLong", params: { sheet: hit.sheet ?? "", cell: hit.cell, max: hit.max } }
        : { code: "quiz.import.xlsx.textTooLong", params: { max: hit.max } };
    case "size":
      return { code: "quiz.import.xlsx.tooBig", params: { max: formatBytes(hit.max) } };
  }
}

interface Header {
  row: number;
  /** Column index (1-based) of each column found, and its header as written. */
  index: Partial<Record<XlsxColumnKey, number>>;
  label: Partial<Record<XlsxColumnKey, string>>;
}

function readHeader(first: Row): { header: Header; problems: ImportProblem[]; known: number } {
  const header: Header = { row: first.row, index: {}, label: {} };
  const problems: ImportProblem[] = [];
  const unknown: string[] = [];
  let known = 0;
  for (const [col, v] of [...first.cells].sort((a, b) => a[0] - b[0])) {
    const text = cellText(v);
    const c = columnFor(text);
    if (!c) {
      if (!IGNORED_HEADERS.has(headerKey(text))) unknown.push(text);
      continue;
    }
    known++;
    if (header.index[c.key] !== undefined) {
      problems.push({ row: first.row, column: text, code: "quiz.import.duplicateColumn", params: { column: text } });
      continue;
    }
    header.index[c.key] = col;
    header.label[c.key] = text;
  }
  const missing = XLSX_COLUMNS.filter((c) => c.required && header.index[c.key] === undefined).map((c) => c.header);
  if (missing.length) problems.unshift({ row: first.row, code: "quiz.import.missingColumns", params: { columns: missing.join("、") } });
  if (unknown.length) problems.push({ row: first.row, code: "quiz.import.unknownColumns", params: { columns: unknown.join("、") } });
  return { header, problems, known };
}

export async function importXlsx(file: Uint8Array, opts: ImportOptions = {}): Promise<ImportResult> {
  const big = tooLarge(file.byteLength);
  if (big) return fail([big]);
  if (file.byteLength === 0) return fail([{ code: "quiz.import.empty" }]);
  if (startsWith(file, OLE2)) return fail([{ code: "quiz.import.oldExcel" }]);
  if (!startsWith(file, ZIP)) return fail([{ code: "quiz.import.notSpreadsheet" }]);
  const read = await readXlsxBounded(file, LIMITS_XLSX);
  if (!read.ok) return fail([read.reason === "limit" ? limitProblem(read.hit) : { code: "quiz.import.notSpreadsheet" }]);
  const [firstSheet] = read.sheets;
  if (!firstSheet) return fail([{ code: "quiz.import.notSpreadsheet" }]);

  // The bank is the first sheet with a row naming 题型 and 题干 near its top (a title row may
  // sit above it; an instructions sheet in front is passed over). Failing that, the first
  // sheet's first row, so that the problems reported are about the sheet meant.
  let found: { rows: Row[]; at: number } | null = null;
  for (const ws of read.sheets) {
    const r = rowsOf(ws);
    const at = r.slice(0, HEADER_SEARCH_ROWS).findIndex((row) => {
      const keys = [...row.cells.values()].map((v) => columnFor(cellText(v))?.key);
      return keys.includes("type") && keys.includes("stem");
    });
    if (at !== -1) {
      found = { rows: r, at };
      break;
    }
  }
  return importRows(found ?? { rows: rowsOf(firstSheet), at: 0 }, opts);
}

/** The template's rows, from an .xlsx sheet or a CSV saved from it: `at` is the header row's index. */
function importRows({ rows, at }: { rows: Row[]; at: number }, opts: ImportOptions): ImportResult {
  // Only the first sheet's first row can be missing: a header found is a row.
  const headerRow = rows[at];
  if (!headerRow) return fail([{ code: "quiz.import.empty" }]);

  const { header, problems, known } = readHeader(headerRow);
  if (known === 0)
    return fail([
      {
        row: headerRow.row,
        code: "quiz.import.noHeader",
        params: {
          columns: XLSX_COLUMNS.filter((c) => c.required)
            .map((c) => c.header)
            .join("、"),
        },
      },
    ]);
  if (problems.length) return fail(problems);
  const data = rows.slice(at + 1);
  if (data.length > MAX_QUESTIONS) return fail([{ code: "quiz.import.tooManyQuestions", params: { count: data.length, limit: MAX_QUESTIONS } }]);

  const newId = opts.newId ?? randomId;
  const questions: Question[] = [];
  const zip: ZipContext = { opts, ids: new Map() };
  // Consecutive rows with the same 材料 are one 案例分析, built when the run ends.
  let run: { row: number; material: string; rows: RowRead[] } | null = null;
  const endRun = () => {
    if (!run) return;
    const g = groupOf(run.rows, run.material, newId);
    const at = run.row;
    const column = header.label.material;
    for (const p of g.problems)
      problems.push({
        row: at,
        ...(p.column ? { column: header.label[p.column] } : column ? { column } : {}),
        code: p.code,
        ...(p.params ? { params: p.params } : {}),
      });
    if (g.problems.length === 0) questions.push(g.question);
    run = null;
  };
  for (const row of data) {
    const r = readRow(row, header, newId, zip);
    const material = r.material;
    if (run && material !== run.material) endRun();
    if (!r.ok) {
      problems.push(...r.problems);
      continue;
    }
    if (material === "") questions.push(r.question);
    else {
      run ??= { row: row.row, material, rows: [] };
      run.rows.push(r);
    }
  }
  endRun();
  return finish(questions, problems);
}

/**
 * The rows of one 案例分析 as a group: the material is its stem; each row a part (its own
 * type, stem, options, answer, points); 难度, 分类 and 标签 the first row's (the others the same
 * or empty); 解析 the rows' 解析 joined. Problems name the column they are about.
 */
function groupOf(
  rows: readonly RowRead[],
  material: string,
  newId: () => string,
): { question: Question; problems: { column?: XlsxColumnKey; code: ImportProblem["code"]; params?: ImportProblem["params"] }[] } {
  const problems: { column?: XlsxColumnKey; code: ImportProblem["code"]; params?: ImportProblem["params"] }[] = [];
  const first = rows[0]!;
  for (const column of ["difficulty", "category", "tags"] as const) {
    if (rows.some((r) => r.shared[column] !== "" && r.shared[column] !== first.shared[column])) {
      problems.push({ column, code: "quiz.import.groupMismatch", params: { column: XLSX_COLUMNS.find((c) => c.key === column)!.header } });
    }
  }
  const parts: GroupPart[] = [];
  const keys: PartKey[] = [];
  for (const r of rows) {
    const q = r.question;
    if (q.type === "group" || !(PART_TYPES as readonly string[]).includes(q.type)) {
      problems.push({ column: "type", code: "quiz.question.badPartType", params: { part: parts.length + 1 } });
      continue;
    }
    const { key, explanation: _e, difficulty: _d, category: _c, tags: _t, title: _ti, penalty: _p, ...content } = q as PartQuestion;
    parts.push({ ...content, id: newId() } as GroupPart);
    keys.push(key);
  }
  const question: Question = {
    type: "group",
    stem: material,
    explanation: rows
      .map((r) => r.question.explanation)
      .filter((e) => e !== "")
      .join("\n"),
    difficulty: first.question.difficulty,
    points: partPointsSum(parts),
    category: first.question.category,
    tags: first.question.tags,
    parts,
    key: { parts: keys },
  };
  if (problems.length === 0)
    for (const p of checkQuestion(question))
      problems.push({
        column: p.code === "quiz.question.partCount" ? "material" : (fieldColumn(p.field, p.option) ?? "material"),
        code: p.code,
        ...(p.params ? { params: p.params } : {}),
      });
  return { question, problems };
}

/** A row read: its question (or problems), its 材料 text and the cells a group's rows share. */
type RowRead = { ok: true; question: Question; material: string; shared: Record<"difficulty" | "category" | "tags", string> };
type RowResult = RowRead | { ok: false; problems: ImportProblem[]; material: string };

/** The zip's pictures for this import, and the placeholder id each file named so far has (one per file, however many rows name it). */
interface ZipContext {
  opts: ImportOptions;
  ids: Map<string, string>;
}

const placeholderId = () => Array.from(globalThis.crypto.getRandomValues(new Uint8Array(16)), (b) => "abcdefghijklmnopqrstuvwxyz0123456789"[b % 36]).join("");

function readRow(row: Row, header: Header, newId: () => string, zip: ZipContext): RowResult {
  const problems: ImportProblem[] = [];
  const col = (key: XlsxColumnKey) => header.index[key];
  const raw = (key: XlsxColumnKey): Cell => {
    const i = col(key);
    return i === undefined ? null : (row.cells.get(i) ?? null);
  };
  const text = (key: XlsxColumnKey) => cellText(raw(key));
  const report = (key: XlsxColumnKey | null, code: ImportProblem["code"], params?: ImportProblem["params"]) => {
    const column = key ? header.label[key] : undefined;
    problems.push({ row: row.row, ...(column ? { column } : {}), code, ...(params ? { params } : {}) });
  };

  const material = text("material");
  const typeText = text("type");
  const type = parseTypeLabel(typeText);
  if (type === "group") {
    report("type", "quiz.import.groupNeedsRows");
    return { ok: false, problems, material };
  }
  if (!type || type === "matching" || type === "ordering" || type === "cloze") {
    // The template has no columns for a matching, ordering or cloze key: said so by name.
    report("type", type ? "quiz.import.typeNeedsXml" : "quiz.import.unknownType", { value: typeText });
    return { ok: false, problems, material };
  }

  // Options: filled from A without gaps; the letters refer to these positions.
  const optionTexts: string[] = [];
  let gap: string | null = null;
  for (const l of OPTION_LABELS) {
    const t = text(`option${l}`);
    if (t === "") {
      gap ??= l;
      continue;
    }
    if (gap !== null) {
      report(`option${gap}` as OptionColumn, "quiz.import.optionGap", { label: gap });
      gap = null;
    }
    optionTexts.push(t);
  }

  const answer = text("answer");
  const difficultyText = text("difficulty");
  const difficulty: Difficulty | null = difficultyText === "" ? DEFAULT_DIFFICULTY : parseDifficulty(difficultyText);
  if (difficulty === null) report("difficulty", "quiz.question.badDifficulty", { value: difficultyText });
  const points = readPoints(raw("points"));
  if (points === null) report("points", "quiz.question.badPoints", { value: text("points"), max: LIMITS.maxPoints });
  const unit = text("unit");
  if (unit !== "" && type !== "numeric") report("unit", "quiz.import.unitNotAllowed");
  const scoringText = text("scoring");
  let scoring: MultipleScoring = "all_or_nothing";
  if (scoringText !== "") {
    if (type !== "multiple") report("scoring", "quiz.import.scoringNotAllowed");
    else {
      const s = parseScoring(scoringText);
      if (s) scoring = s;
      else report("scoring", "quiz.import.badScoring", { value: scoringText });
    }
  }
  if (answer === "" && type !== "essay") report("answer", "quiz.import.missingAnswer");

  // Pictures named in 图片 / 解析图片: placeholder tokens on lines of their own under the text,
  // the files handed to the caller (ImportOptions.media), which stores them as the editor does.
  const found: { name: string; media: string }[] = [];
  const pictureLines = (key: "images" | "explanationImages"): string => {
    const names = pictureNames(text(key));
    if (names.length === 0) return "";
    const files = zip.opts.pictures;
    if (!files) {
      // An exported sheet lists pictures its text already shows as tokens: nothing to add.
      if (mediaRefs(`${text("stem")} ${text("explanation")}`).length === 0) report(key, "quiz.import.zip.none", { names: names.join("、") });
      return "";
    }
    const tokens: string[] = [];
    for (const name of names) {
      const k = pictureKey(name);
      const f = files.get(k);
      if (!f) report(key, "quiz.import.zip.missing", { name });
      else if (!f.media) report(key, "quiz.import.zip.notImage", { name });
      else {
        let id = zip.ids.get(k);
        if (!id) {
          id = placeholderId();
          zip.ids.set(k, id);
          zip.opts.media?.set(id, { name: f.name, bytes: f.bytes });
        }
        if (!found.some((x) => x.media === id)) found.push({ name: f.name, media: id });
        tokens.push(mediaToken({ id, width: 0, height: 0 }));
      }
    }
    return tokens.length ? `\n${tokens.join("\n")}` : "";
  };
  const stemPictures = pictureLines("images");
  const explanationPictures = pictureLines("explanationImages");
  if (found.length) zip.opts.pictureRows?.push({ row: row.row, stem: withoutMedia(text("stem")).slice(0, 60), found });

  const common = {
    stem: text("stem") + stemPictures,
    explanation: text("explanation") + explanationPictures,
    difficulty: difficulty ?? DEFAULT_DIFFICULTY,
    points: points ?? DEFAULT_POINTS,
    category: parsePlainPath(text("category")),
    tags: parseTags(text("tags")),
  };
  const noOptions = () => {
    if (optionTexts.length) report("optionA", "quiz.import.optionsNotAllowed");
  };

  let question: Question | null = null;
  switch (type) {
    case "single":
    case "multiple": {
      const options: ChoiceOption[] = optionTexts.map((t) => ({ id: newId(), text: t }));
      if (answer === "") break;
      const letters = parseChoiceLetters(answer);
      if (!letters) {
        report("answer", "quiz.import.badChoiceAnswer", { value: answer });
        break;
      }
      const ids: string[] = [];
      for (const l of letters) {
        const o = options[OPTION_LABELS.indexOf(l)];
        if (o) ids.push(o.id);
        else report("answer", "quiz.question.answerNotAnOption", { answer: l });
      }
      if (ids.length !== letters.length) break;
      if (type === "single") {
        if (ids.length !== 1) {
          report("answer", "quiz.question.singleNeedsOne");
          break;
        }
        question = { type, ...common, options, key: { correct: ids[0]! } };
      } else question = { type, ...common, options, scoring, key: { correct: ids } };
      break;
    }
    case "truefalse": {
      // Some banks write 判断 as a two-option choice: A 正确, B 错误, answer A.
      const [wordA, wordB] = optionTexts.length === 2 ? optionTexts.map(parseTrueFalse) : [];
      const optionWords = typeof wordA === "boolean" && typeof wordB === "boolean" && wordA !== wordB ? ([wordA, wordB] as const) : null;
      if (optionTexts.length && !optionWords) report("optionA", "quiz.import.optionsNotAllowed");
      if (answer === "") break;
      const letters = optionWords ? parseChoiceLetters(answer) : null;
      const value =
        optionWords && letters && letters.length === 1 && (letters[0] === "A" || letters[0] === "B")
          ? optionWords[letters[0] === "A" ? 0 : 1]
          : parseTrueFalse(answer);
      if (value === null) report("answer", "quiz.import.badTrueFalse", { value: answer });
      else question = { type, ...common, key: { correct: value } };
      break;
    }
    case "fill": {
      noOptions();
      if (answer === "") break;
      const blanks = parseFillAnswer(answer);
      if (blanks.length === 0 || (blanks.length === 1 && blanks[0]?.length === 0)) report("answer", "quiz.import.badFillAnswer", { value: answer });
      else question = { type, ...common, key: { blanks } };
      break;
    }
    case "numeric": {
      noOptions();
      if (answer === "") break;
      const key = parseNumericAnswer(answer);
      if (!key) report("answer", "quiz.import.badNumericAnswer", { value: answer });
      else question = { type, ...common, unit, key };
      break;
    }
    case "essay":
      noOptions();
      question = { type, ...common, key: { reference: answer } };
      break;
  }

  if (question) {
    for (const p of checkQuestion(question)) {
      const key = fieldColumn(p.field, p.option);
      report(key && header.index[key] !== undefined ? key : null, p.code, p.params);
    }
  } else if (problems.length === 0) {
    report("answer", "quiz.import.missingAnswer");
  }
  return problems.length || !question
    ? { ok: false, problems, material }
    : { ok: true, question, material, shared: { difficulty: difficultyText, category: text("category"), tags: text("tags") } };
}

function fieldColumn(field: QuestionField, option?: number): XlsxColumnKey | null {
  switch (field) {
    case "options":
      return `option${OPTION_LABELS[option ?? 0] ?? "A"}` as OptionColumn;
    case "type":
    case "stem":
    case "answer":
    case "explanation":
    case "difficulty":
    case "category":
    case "points":
    case "unit":
    case "tags":
    case "scoring":
      return field;
    case "title":
      return null;
  }
}

/** Empty is the default; otherwise a number, typed in a number cell or as text. */
function readPoints(v: Cell): number | null {
  if (v === null) return DEFAULT_POINTS;
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  const t = foldWidth(cellText(v));
  if (t === "") return DEFAULT_POINTS;
  const d = parseDecimal(t.replace(/分$/, "").trim());
  return d ? toNumber(d) : null;
}

// ---------------------------------------------------------------------------------------------
// Export

function answerText(q: Question): string {
  switch (q.type) {
    case "single":
    case "multiple": {
      const correct = new Set(q.type === "single" ? [q.key.correct] : q.key.correct);
      return q.options.map((o, i) => (correct.has(o.id) ? OPTION_LABELS[i] : "")).join("");
    }
    case "truefalse":
      return q.key.correct ? "对" : "错";
    case "fill":
      return formatFillAnswer(q.key.blanks);
    case "numeric":
      return formatNumericAnswer(q.key);
    case "essay":
      return q.key.reference;
    case "matching":
      return q.items.map((item) => `${item.text} -> ${q.choices.find((c) => c.id === q.key.pairs[item.id])?.text ?? ""}`).join("；");
    case "ordering":
      return q.items.map((item) => item.text).join("；");
    case "cloze":
      return formatClozeGaps(q.stem, q.gaps, q.key.gaps);
    case "group":
      return "";
  }
}

/** A question's rows: one, or a group's parts one a row with its material in 材料 (the explanation on the first). */
function rowsOfQuestion(q: Question): Record<XlsxColumnKey, string | number>[] {
  if (q.type !== "group") return [rowOf(q)];
  return q.parts.map((_, i) => ({
    ...rowOf({ ...partQuestion(q, i), explanation: i === 0 ? q.explanation : "", category: q.category, tags: q.tags }),
    material: q.stem,
  }));
}

function rowOf(q: Question): Record<XlsxColumnKey, string | number> {
  const row = {
    type: TYPE_LABELS[q.type],
    stem: q.stem,
    answer: answerText(q),
    explanation: q.explanation,
    difficulty: q.difficulty,
    category: formatPlainPath(q.category),
    points: q.points,
    unit: q.type === "numeric" ? q.unit : "",
    tags: q.tags.join("，"),
    scoring: q.type === "multiple" ? SCORING_LABELS[q.scoring] : "",
    // The pictures a question shows are tokens in its text (named in 已含图片): none to add from a zip.
    images: "",
    explanationImages: "",
    material: "",
  } as Record<XlsxColumnKey, string | number>;
  OPTION_LABELS.forEach((l, i) => {
    row[`option${l}`] = q.type === "single" || q.type === "multiple" ? (q.options[i]?.text ?? "") : "";
  });
  return row;
}

const HELP: [string, string][] = [
  ["题型", "单选、多选、判断、填空、数值、问答（也可写 单选题、多选题、判断题、填空题、简答题 等）。"],
  ["题干", "题目内容，原样保存（中文标点、公式、单位）。"],
  ["选项A–选项H", "选择题从 A 起依次填写，至少 2 个、最多 8 个；其他题型不填。"],
  [
    "答案",
    "选择题填字母，如 A、ABD 或 A,B,D；判断题填 对/错（或 正确/错误、√/×、T/F）；填空题多个空用“；”分隔，同一空的多个可接受答案用“|”分隔；数值题如 12.5、12.5±0.5、12.5±2%；问答题可填参考答案。",
  ],
  ["解析", "答题后按考试设置显示。"],
  ["难度", "1–5（或 容易、较易、中等、较难、困难），留空为 3。"],
  ["分类", "用“/”分级，如 采油/抽油机/日常维护。"],
  ["分值", "大于 0，最多两位小数，留空为 1。"],
  ["单位", "仅数值题，如 MPa，显示在输入框旁。"],
  ["标签", "多个用逗号或顿号分隔。"],
  ["计分方式", "仅多选题：全对得分（默认）或 部分得分（选对一项得一份，选错一项扣一份，最低 0 分）。"],
  [
    "图片",
    "显示在题干下方的图片：填写图片文件名（如 压力表.jpg），多张用“;”或“，”分隔；导入时把这些图片打包成一个 .zip（可以带文件夹），与本表一起上传。图片须为 JPG、PNG 或 WebP，单张不超过 10 MB，会自动缩小并生成缩略图；也可以是短音视频（MP3、M4A、OGG、WAV、MP4、WebM，单个不超过 20 MB、3 分钟），显示为播放器。",
  ],
  ["解析图片", "显示在解析下方的图片，填写方法同“图片”。"],
  [
    "材料",
    "案例分析（一段材料下的几个小题）：每个小题写一行，题型写小题的题型（单选、多选、判断、填空、数值，或最多一个问答小题：答案列填参考答案，可留空，由培训师阅卷评分），相邻几行在“材料”列填同一段材料即为一道案例分析题（2–10 个小题，总分为各小题分值之和；难度、分类、标签以第一行为准，解析写在任一行）。普通题目此列留空。",
  ],
  ["已含图片", "导出时列出每题已有的图片文件名（图片以 [[img:…]] 标记留在文字中，导回同一题库时不变）；导入时不读此列。"],
  ["注意", "整份文件要么全部导入，要么不导入；出错时会列出行号和列名。"],
];

/**
 * The bank as an .xlsx in the import template, plus a 说明 sheet; with no questions, an empty
 * template. Pictures stay tokens in the text (imported into the same bank, they are the same
 * pictures); when any question shows one, a 图片 column names each question's pictures by the
 * file names in `pictureNames` (media id → name), so none is lost without a word. The picture
 * files themselves are not in the sheet (Moodle XML carries them).
 */
export async function exportXlsx(questions: readonly Question[], pictureNames: ReadonlyMap<string, string> = new Map()): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "JobReady";
  const ws = wb.addWorksheet(SHEET_NAME, { views: [{ state: "frozen", ySplit: 1 }] });
  const pictures = questions.map((q) => mediaRefs(JSON.stringify(q)).map((r) => pictureNames.get(r.id) ?? r.id));
  const textStyle = { numFmt: "@", alignment: { wrapText: true, vertical: "top" as const } };
  ws.columns = [
    ...XLSX_COLUMNS.map((c) => ({
      header: c.header,
      key: c.key,
      width: c.width,
      // Text stays text when edited in Excel: "1/2" must not turn into a date, "007" keep its zeros.
      style: c.key === "difficulty" || c.key === "points" ? {} : textStyle,
    })),
    ...(pictures.some((p) => p.length > 0) ? [{ header: PICTURES_HEADER, key: "pictures", width: 24, style: textStyle }] : []),
  ];
  ws.getRow(1).font = { bold: true };
  questions.forEach((q, i) => {
    rowsOfQuestion(q).forEach((row, k) => {
      ws.addRow({ ...row, ...(k === 0 && pictures[i]!.length ? { pictures: pictures[i]!.join("\n") } : {}) });
    });
  });

  const help = wb.addWorksheet("说明");
  help.columns = [
    { header: "列", key: "column", width: 14 },
    { header: "填写说明", key: "help", width: 90, style: { alignment: { wrapText: true, vertical: "top" } } },
  ];
  help.getRow(1).font = { bold: true };
  for (const [column, text] of HELP) help.addRow({ column, help: text });

  return Buffer.from(await wb.xlsx.writeBuffer());
}
