/**
 * Importing a question file into the bank: the format is told by the content (a zip is an
 * .xlsx, XML with a <quiz> root is Moodle, any other text is GIFT), the extension only breaks
 * ties. The parsers (lib/quiz/import) list every question they cannot read, with its line or
 * row, and hand back the rest; nothing is written then unless the trainer, having seen the
 * list, asks to import the rest (`importRest`). The writing is one transaction: what is
 * written is written whole.
 */

import { inArray, sql } from "drizzle-orm";
import iconv from "iconv-lite";
import type { Db } from "@/db/client";
import { questionMedia, questions, questionVersions } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { can, type Principal } from "@/lib/auth/permissions";
import { forbidden, type Failure } from "@/lib/core/result";
import { ensureCategoryPath } from "../bank";
import { importGift } from "../import/gift";
import { derivedName, importMoodleXml } from "../import/moodle-xml";
import { importCsv, importXlsx, looksLikeTemplateCsv } from "../import/xlsx";
import { readPictureZip } from "../import/picture-zip";
import type { ImportOptions, ImportProblem, ImportResult, ImportedPicture, PictureRow } from "../import/problems";
import { normaliseImage, storeNormalised, type NormalisedImage } from "../media";
import { type CheckedClip, checkClip, sniffClip, storeCheckedClip } from "../clips";
import { mediaRefs, mediaToken } from "../media-refs";
import { IMAGE_MIME } from "@/lib/storage/images";
import { toStored } from "../store";
import type { Question } from "../types";
import { checkQuestion } from "../validate";

export type QuestionFileFormat = "xlsx" | "csv" | "moodle" | "gift";

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (b: Uint8Array, sig: number[]) => b.length >= sig.length && sig.every((x, i) => b[i] === x);

export function detectFormat(fileName: string, bytes: Uint8Array): QuestionFileFormat {
  if (startsWith(bytes, ZIP) || startsWith(bytes, OLE2)) return "xlsx";
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? "";
  // GBK and UTF-8 agree on ASCII, which is all the sniffing needs; UTF-16 has its BOM.
  const utf16 = startsWith(bytes, [0xff, 0xfe]) ? "utf-16le" : startsWith(bytes, [0xfe, 0xff]) ? "utf-16be" : null;
  const head = new TextDecoder(utf16 ?? "utf-8")
    .decode(bytes.subarray(0, 4096))
    .replace(/^\uFEFF/, "")
    .trimStart();
  if (head.startsWith("<?xml") || /^<quiz[\s>]/.test(head)) return "moodle";
  if (ext === "xml") return "moodle";
  if (ext === "xlsx" || ext === "xls") return "xlsx";
  // The template saved as CSV: its header row names the columns (GBK's 题型 is not ASCII, so
  // the head is read as the file's text is).
  const gbkHead = utf16 ? "" : iconv.decode(Buffer.from(bytes.subarray(0, 4096)), "gb18030");
  if (ext === "csv" || looksLikeTemplateCsv(head) || looksLikeTemplateCsv(gbkHead)) return "csv";
  return "gift";
}

export async function parseQuestionFile(
  bytes: Uint8Array,
  fileName: string,
  media: Map<string, ImportedPicture> = new Map(),
  sheet: Pick<ImportOptions, "pictures" | "pictureRows"> = {},
): Promise<{ format: QuestionFileFormat; result: ImportResult }> {
  const format = detectFormat(fileName, bytes);
  const result =
    format === "xlsx"
      ? await importXlsx(bytes, { ...sheet, media })
      : format === "csv"
        ? await importCsv(bytes, { ...sheet, media })
        : format === "moodle"
          ? await importMoodleXml(bytes, { media })
          : await importGift(bytes);
  return { format, result };
}

export interface ImportOutcome {
  created: number;
  /** The questions left out at the trainer's choice (`importRest`): each with where and why. */
  skipped: ImportProblem[];
  /** How many problems there were in all (skipped holds at most MAX_PROBLEMS of them). */
  skippedTotal: number;
  questionIds: number[];
  /** Category paths written to, "采油/抽油机". */
  categories: string[];
}

const CHUNK = 500;
const UNFILED = ["未分类"];

/**
 * Writes parsed questions to the bank in one transaction: every question or none. Questions
 * without a category go to `defaultCategory` (or 未分类). Refuses (writes nothing) when any
 * question fails checkQuestion, which the parsers have already run.
 */
async function applyImport(
  db: Db,
  actorUserId: number,
  list: readonly Question[],
  opts: { defaultCategory?: readonly string[]; format?: QuestionFileFormat; fileName?: string } = {},
): Promise<{ ok: true; value: ImportOutcome } | { ok: false; problems: ImportProblem[] }> {
  const problems: ImportProblem[] = [];
  // The parsers have checked every question against the file's rows and lines already; this
  // is the guard for callers that hand in questions from elsewhere.
  for (const q of list) for (const p of checkQuestion(q)) problems.push({ code: p.code, ...(p.params ? { params: p.params } : {}) });
  if (problems.length) return { ok: false, problems };
  if (list.length === 0) return { ok: false, problems: [{ code: "quiz.import.noQuestions" }] };

  const value = await db.transaction(async (tx) => {
    const catIds = new Map<string, number>();
    const pathOf = (q: Question) => (q.category.length ? q.category : opts.defaultCategory?.length ? opts.defaultCategory : UNFILED);
    for (const q of list) {
      const path = pathOf(q);
      const key = JSON.stringify(path);
      if (!catIds.has(key)) catIds.set(key, await ensureCategoryPath(tx, path));
    }
    const ids: number[] = [];
    for (let i = 0; i < list.length; i += CHUNK) {
      const chunk = list.slice(i, i + CHUNK);
      const made = await tx
        .insert(questions)
        .values(chunk.map((q) => ({ categoryId: catIds.get(JSON.stringify(pathOf(q)))!, tags: [...q.tags], createdBy: actorUserId })))
        .returning({ id: questions.id });
      // Serial ids are handed out in the order of the rows: sorted, they line up with the chunk
      // (RETURNING gives one id per row inserted).
      const chunkIds = made.map((m) => m.id).sort((a, b) => a - b);
      await tx.insert(questionVersions).values(chunk.map((q, j) => ({ questionId: chunkIds[j]!, version: 1, createdBy: actorUserId, ...toStored(q) })));
      await tx.execute(sql`UPDATE questions q SET current_version_id = v.id FROM question_versions v
        WHERE v.question_id = q.id AND v.version = 1 AND q.current_version_id IS NULL AND ${inArray(sql`q.id`, chunkIds)}`);
      ids.push(...chunkIds);
    }
    await audit(tx, {
      actorUserId,
      action: "question.import",
      entity: "question",
      after: { format: opts.format ?? null, fileName: opts.fileName ?? null, count: list.length, firstId: ids[0], lastId: ids[ids.length - 1] },
    });
    return {
      created: ids.length,
      skipped: [],
      skippedTotal: 0,
      questionIds: ids,
      categories: [...catIds.keys()].map((k) => (JSON.parse(k) as string[]).join("/")),
    };
  });
  return { ok: true, value };
}

export type ImportFileResult =
  | { ok: true; format: QuestionFileFormat; value: ImportOutcome }
  /** `importable`: how many questions of the file could be imported if the trainer chooses to import the rest. */
  | { ok: false; format: QuestionFileFormat; problems: ImportProblem[]; total: number; importable: number }
  /** Not a trainer: nothing read, nothing written. */
  | Failure;

/**
 * Parse and write a file: the whole import as the page does it. Any trainer adds to the bank.
 * A file with problems writes nothing and lists them, with how many questions could still be
 * imported; with `importRest` those are written and the problems come back as `skipped`.
 */
export async function importQuestionFile(
  db: Db,
  actor: Principal,
  bytes: Uint8Array,
  fileName: string,
  opts: { defaultCategory?: readonly string[]; importRest?: boolean; pictures?: Uint8Array } = {},
): Promise<ImportFileResult> {
  if (!can(actor, "teach.manage")) return forbidden();
  const read = await readImport(db, bytes, fileName, opts.pictures);
  if ("refused" in read) return read.refused;
  const { format, result, media } = read;
  const { importRest, pictures: _zip, ...applyOpts } = opts;
  if (!result.ok && !(importRest && result.rest.length > 0)) {
    return { ok: false, format, problems: result.problems, total: result.total, importable: result.rest.length };
  }
  const stored = await withStoredPictures(db, actor.userId, result.ok ? result.questions : result.rest, media);
  if (!stored.ok) return { ok: false, format, problems: stored.problems, total: stored.problems.length, importable: 0 };
  const list = stored.value;
  const applied = await applyImport(db, actor.userId, list, { ...applyOpts, format, fileName });
  if (!applied.ok) return { ok: false, format, problems: applied.problems, total: applied.problems.length, importable: 0 };
  const skipped = result.ok ? { skipped: [], skippedTotal: 0 } : { skipped: result.problems, skippedTotal: result.total };
  return { ok: true, format, value: { ...applied.value, ...skipped } };
}

/**
 * The file parsed, with the .zip of pictures uploaded with a template sheet (`zip`; its 图片 and
 * 解析图片 columns name the files) read within its limits. A zip that cannot be used refuses the
 * import before the sheet is read (nothing of it could be trusted).
 */
async function readImport(
  db: Db,
  bytes: Uint8Array,
  fileName: string,
  zip: Uint8Array | undefined,
): Promise<
  | { format: QuestionFileFormat; result: ImportResult; media: Map<string, ImportedPicture>; pictureRows: PictureRow[] }
  | { refused: Extract<ImportFileResult, { format: QuestionFileFormat; ok: false }> }
> {
  const media = new Map<string, ImportedPicture>();
  const pictureRows: PictureRow[] = [];
  let sheet: Pick<ImportOptions, "pictures" | "pictureRows"> = { pictureRows };
  if (zip) {
    const format = detectFormat(fileName, bytes);
    const refuse = (problems: ImportProblem[]) => ({ refused: { ok: false as const, format, problems, total: problems.length, importable: 0 } });
    if (format !== "xlsx" && format !== "csv") return refuse([{ code: "quiz.import.zip.onlyTemplate" }]);
    const read = await readPictureZip(zip);
    if (!read.ok) return refuse(read.problems);
    sheet = { pictures: read.files, pictureRows };
  }
  const parsed = await parseQuestionFile(bytes, fileName, media, sheet);
  const result = await withoutUnknownPictures(db, parsed.result, media);
  return { format: parsed.format, result, media, pictureRows };
}

/** How many pictures the preview shows small (the rest by name): bounds what one preview sends. */
const PREVIEW_THUMBS = 40;

export interface ImportPreviewOutcome {
  format: QuestionFileFormat;
  /** Questions that would be imported (all of them when `problems` is empty). */
  importable: number;
  problems: ImportProblem[];
  total: number;
  /** Each row naming pictures, with the files found: a thumbnail (data: URL, made as the editor makes it) or null past PREVIEW_THUMBS or when unreadable. */
  rows: { row: number; stem: string; found: { name: string; thumb: string | null }[] }[];
}

/**
 * What an import would do, writing nothing: the problems, how many questions would be imported,
 * and for a template sheet with a pictures .zip, each row's pictures as found in the zip, shown
 * small. A picture the image pipeline cannot read is a problem here already.
 */
export async function previewQuestionFile(
  db: Db,
  actor: Principal,
  bytes: Uint8Array,
  fileName: string,
  zip?: Uint8Array,
): Promise<{ ok: true; value: ImportPreviewOutcome } | Failure> {
  if (!can(actor, "teach.manage")) return forbidden();
  const read = await readImport(db, bytes, fileName, zip);
  if ("refused" in read) {
    const r = read.refused;
    return { ok: true, value: { format: r.format, importable: 0, problems: r.problems, total: r.total, rows: [] } };
  }
  const { format, result, media, pictureRows } = read;
  const thumbs = new Map<string, string | null>();
  const problems: ImportProblem[] = [];
  for (const row of pictureRows)
    for (const f of row.found) {
      if (thumbs.has(f.media)) continue;
      const pic = media.get(f.media);
      if (pic && sniffClip(pic.bytes)) {
        // A clip is checked as the import will check it (length by ffprobe); no thumbnail.
        if (!(await checkClip(pic.bytes)).ok) problems.push({ row: row.row, code: "quiz.import.clipRefused", params: { name: f.name } });
        thumbs.set(f.media, null);
        continue;
      }
      const img = pic ? await normaliseImage(pic.bytes) : null;
      if (!img?.ok) problems.push({ row: row.row, code: "quiz.import.pictureUnreadable", params: { name: f.name } });
      thumbs.set(f.media, img?.ok && thumbs.size < PREVIEW_THUMBS ? `data:${IMAGE_MIME[img.value.ext]};base64,${img.value.thumb.toString("base64")}` : null);
    }
  const all = result.ok ? problems : [...result.problems, ...problems];
  return {
    ok: true,
    value: {
      format,
      importable: problems.length ? 0 : result.ok ? result.questions.length : result.rest.length,
      problems: all,
      total: (result.ok ? 0 : result.total) + problems.length,
      rows: pictureRows.map((r) => ({ row: r.row, stem: r.stem, found: r.found.map((f) => ({ name: f.name, thumb: thumbs.get(f.media) ?? null })) })),
    },
  };
}

/**
 * Questions whose text names a picture by its token (`[[img:<id>:…]]` written as text, as
 * export writes a picture where Moodle's format has no file for it, or a file made by hand) that
 * is not in this bank's media are taken out and listed, named: imported, they would show no
 * picture. The file's own pictures (placeholders in `media`) are not tokens of the bank yet.
 */
async function withoutUnknownPictures(db: Db, result: ImportResult, media: ReadonlyMap<string, ImportedPicture>): Promise<ImportResult> {
  const list = result.ok ? result.questions : result.rest;
  const named = list.map((q) => mediaRefs(JSON.stringify(q)).filter((r) => !media.has(r.id)));
  const ids = [...new Set(named.flat().map((r) => r.id))];
  if (ids.length === 0) return result;
  const known = new Set((await db.select({ id: questionMedia.id }).from(questionMedia).where(inArray(questionMedia.id, ids))).map((r) => r.id));
  const problems: ImportProblem[] = [];
  const kept = list.filter((q, i) => {
    if (named[i]!.every((r) => known.has(r.id))) return true;
    problems.push({ code: "quiz.import.pictureNotInBank", params: { question: q.title ?? derivedName(q.stem) } });
    return false;
  });
  if (problems.length === 0) return result;
  const before = result.ok ? [] : result.problems;
  return { ok: false, problems: [...before, ...problems], total: (result.ok ? 0 : result.total) + problems.length, rest: kept };
}

/**
 * Stores the pictures an import file carried (normalised like an upload; one row per content)
 * and puts their tokens where the parser left placeholders. A picture the image library cannot
 * read refuses the import, named, before anything is written to the bank.
 */
async function withStoredPictures(
  db: Db,
  userId: number,
  list: readonly Question[],
  media: ReadonlyMap<string, ImportedPicture>,
): Promise<{ ok: true; value: Question[] } | { ok: false; problems: ImportProblem[] }> {
  if (media.size === 0) return { ok: true, value: [...list] };
  const tokens = new Map<string, string>();
  const problems: ImportProblem[] = [];
  // Only the pictures of the questions written (a skipped row's pictures are not stored).
  const used = new Set(mediaRefs(JSON.stringify(list)).map((r) => r.id));
  // Every picture is read before any is stored: one that cannot be read leaves nothing behind.
  const ready: [string, NormalisedImage, string][] = [];
  const clips: [string, CheckedClip, ImportedPicture][] = [];
  for (const [id, pic] of media) {
    if (!used.has(id)) continue;
    if (sniffClip(pic.bytes)) {
      const c = await checkClip(pic.bytes);
      if (c.ok) clips.push([id, c.value, pic]);
      else problems.push({ code: "quiz.import.clipRefused", params: { name: pic.name } });
      continue;
    }
    const r = await normaliseImage(pic.bytes);
    if (r.ok) ready.push([id, r.value, pic.name]);
    else problems.push({ code: "quiz.import.pictureUnreadable", params: { name: pic.name } });
  }
  if (problems.length) return { ok: false, problems };
  for (const [id, img, name] of ready) tokens.set(id, mediaToken(await storeNormalised(db, userId, img, name)));
  for (const [id, clip, pic] of clips) tokens.set(id, mediaToken(await storeCheckedClip(db, userId, pic.bytes, clip, pic.name)));
  // Placeholders are well-formed tokens of ids made by the parser: a JSON-wide replace is exact.
  const value = list.map(
    (q) =>
      JSON.parse(
        JSON.stringify(q).replace(
          /\[\[(?:img:([a-z0-9]{16}):0x0|(?:audio|video):([a-z0-9]{16}))\]\]/g,
          (t, a?: string, b?: string) => tokens.get(a ?? b ?? "") ?? t,
        ),
      ) as Question,
  );
  return { ok: true, value };
}
