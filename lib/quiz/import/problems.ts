import type { MessageParams, QuizMessageCode } from "../codes";
import type { Question } from "../types";
import type { QuestionProblem } from "../validate";

/**
 * One reason an import was refused, placed where the trainer can find it: `row` (as the
 * spreadsheet numbers it) and `column` (the header as written) for .xlsx, `line` (1-based)
 * for GIFT and Moodle XML. None of them when the problem is about the whole file.
 */
export interface ImportProblem {
  row?: number;
  column?: string;
  line?: number;
  code: QuizMessageCode;
  params?: MessageParams;
}

/**
 * Either every question in the file, in file order, or the reasons some could not be read (at
 * most MAX_PROBLEMS, then one `quiz.import.moreProblems` saying how many more) together with
 * `rest`: the questions that could, in file order. Nothing is dropped without a word: a caller
 * writes `rest` only when the trainer has seen the problems and chosen to import the rest.
 * `rest` is empty when the problem is about the whole file (too large, not text, not parsable).
 */
export type ImportResult = { ok: true; questions: Question[] } | { ok: false; problems: ImportProblem[]; total: number; rest: Question[] };

export interface ImportOptions {
  /**
   * Makes the id of each imported option, called once per option in file order. Defaults to
   * random ids; tests pass a counter to get comparable results.
   */
  newId?: () => string;
  /**
   * Collects the pictures a file carries (Moodle's base64 <file> elements, the older
   * <image_base64>): each under the id of the placeholder token (`[[img:<id>:0x0]]`) put in the
   * text where it stood. The caller stores them and puts the real tokens in (lib/quiz/admin/import.ts).
   */
  media?: Map<string, ImportedPicture>;
  /**
   * The files of the .zip uploaded with a template sheet, by folded name (picture-zip.ts
   * `readPictureZip`): the 图片 and 解析图片 columns name them. Absent: no zip was uploaded.
   */
  pictures?: ReadonlyMap<string, ImportedPicture & { media: boolean }>;
  /** Collects, for each template row naming pictures, the names found in the zip (the preview shows them). */
  pictureRows?: PictureRow[];
}

/** A template row that names pictures: its row number, the start of its stem and the files found. */
export interface PictureRow {
  row: number;
  stem: string;
  found: { name: string; media: string }[];
}

/** A picture read from an import file, not yet stored. */
export interface ImportedPicture {
  name: string;
  bytes: Uint8Array;
}

export const MAX_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_QUESTIONS = 5_000;
export const MAX_PROBLEMS = 500;

/** 12 random base-36 characters: ids that say nothing about an option's position. */
export function randomId(): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => "0123456789abcdefghijklmnopqrstuvwxyz"[b % 36]).join("");
}

export function fail(problems: ImportProblem[], rest: Question[] = []): ImportResult {
  const total = problems.length;
  if (total <= MAX_PROBLEMS) return { ok: false, problems, total, rest };
  return {
    ok: false,
    problems: [...problems.slice(0, MAX_PROBLEMS), { code: "quiz.import.moreProblems", params: { count: total - MAX_PROBLEMS } }],
    total,
    rest,
  };
}

/**
 * Reading stopped at MAX_PROBLEMS problems (a file of errors is not read to its end): the first
 * ones, then one saying that reading stopped. `total` counts those found, a lower bound.
 */
export function stopped(problems: ImportProblem[]): ImportResult {
  const shown = problems.slice(0, MAX_PROBLEMS);
  // Nothing to import "the rest" of: the file was not read to its end.
  return { ok: false, problems: [...shown, { code: "quiz.import.problemsStopped", params: { max: MAX_PROBLEMS } }], total: problems.length, rest: [] };
}

export function finish(questions: Question[], problems: ImportProblem[]): ImportResult {
  if (problems.length) return fail(problems, questions.length > MAX_QUESTIONS ? [] : questions);
  if (questions.length === 0) return fail([{ code: "quiz.import.noQuestions" }]);
  if (questions.length > MAX_QUESTIONS) return fail([{ code: "quiz.import.tooManyQuestions", params: { count: questions.length, limit: MAX_QUESTIONS } }]);
  return { ok: true, questions };
}

/** 21.0 MB: sizes as a person reads them. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} B`;
}

export function tooLarge(bytes: number): ImportProblem | null {
  return bytes > MAX_FILE_BYTES ? { code: "quiz.import.tooLarge", params: { size: formatBytes(bytes), limit: formatBytes(MAX_FILE_BYTES) } } : null;
}

/** A validation problem placed at a line of a text format. */
export function atLine(line: number, p: QuestionProblem): ImportProblem {
  return p.params ? { line, code: p.code, params: p.params } : { line, code: p.code };
}

/** Line breaks as LF: files from Windows bring CR LF, and a stored text has one form only. */
export function unixLines(s: string): string {
  return s.replace(/\r\n?/g, "\n");
}
