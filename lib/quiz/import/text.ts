import iconv from "iconv-lite";
import type { ImportProblem } from "./problems";

/**
 * A text file's content, in the encodings trainers' files come in, or a clear refusal:
 *
 * 1. a BOM decides: UTF-8, UTF-16 LE or BE ("Unicode text" from Notepad);
 * 2. a Moodle XML file's `encoding` declaration is honoured (UTF-8, GBK/GB2312/GB18030, or any
 *    other encoding iconv-lite knows, e.g. ISO-8859-1 or Shift_JIS); an encoding it does not
 *    know is refused by name;
 * 3. without either: a NUL byte means binary (refused); valid UTF-8 is UTF-8 (pure ASCII is too);
 * 4. otherwise GBK, as Notepad and WPS save on a Chinese Windows — only when the bytes read as
 *    Chinese text: every multi-byte sequence valid GB18030, and at least 80 % of the two-byte
 *    characters GB2312's hanzi or punctuation (lead 0xA1–0xA9 or 0xB0–0xF7 but not the kana
 *    rows 0xA4/0xA5, trail 0xA1–0xFE: the 6,763 common hanzi and the full-width punctuation
 *    Chinese writing is made of). Latin-1 text (an accented letter followed by an ASCII
 *    letter), Shift-JIS text (kana and most kanji have lead bytes below 0xA1) and EUC-JP text
 *    (kana rows) fail this, and are refused instead of imported as garbage. Japanese in EUC-JP
 *    written in kanji alone is byte for byte possible Chinese and cannot be told apart.
 */

export type TextResult = { ok: true; text: string } | { ok: false; problem: ImportProblem };

const GB_SHARE = 0.8;

const starts = (b: Uint8Array, sig: number[]) => b.length >= sig.length && sig.every((x, i) => b[i] === x);

/** The encoding named in `<?xml … encoding="…"?>` at the start of the file, if any. */
function declaredEncoding(bytes: Uint8Array): string | null {
  // The declaration is ASCII in every encoding this reads without a BOM.
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 200));
  const m = /^<\?xml\s[^>]*?\bencoding\s*=\s*(["'])([A-Za-z][A-Za-z0-9._-]*)\1/.exec(head);
  return m ? m[2]! : null;
}

/** Whether bytes that are not UTF-8 read as GBK/GB18030 Chinese (rule 4 above). */
function looksLikeGbk(bytes: Uint8Array): boolean {
  let pairs = 0;
  let gb2312 = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x80) continue;
    if (b === 0x80 || b === 0xff) return false;
    const b2 = bytes[i + 1];
    if (b2 === undefined) return false;
    if (b2 >= 0x30 && b2 <= 0x39) {
      // GB18030 four-byte sequence: lead, digit, lead, digit.
      const b3 = bytes[i + 2];
      const b4 = bytes[i + 3];
      if (b3 === undefined || b4 === undefined || b3 < 0x81 || b3 > 0xfe || b4 < 0x30 || b4 > 0x39) return false;
      pairs++;
      i += 3;
      continue;
    }
    if (b2 < 0x40 || b2 === 0x7f || b2 === 0xff) return false;
    pairs++;
    // GB2312's hanzi (rows 0xB0–0xF7) and its punctuation and symbols (0xA1–0xA3, 0xA6–0xA9);
    // not its kana rows (0xA4, 0xA5), which Chinese text does not use but EUC-JP Japanese,
    // laid out the same way, is full of.
    if (b2 >= 0xa1 && ((b >= 0xb0 && b <= 0xf7) || (b >= 0xa1 && b <= 0xa9 && b !== 0xa4 && b !== 0xa5))) gb2312++;
    i++;
  }
  return pairs > 0 && gb2312 >= GB_SHARE * pairs;
}

function decodeStrict(bytes: Uint8Array, encoding: string): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

const GBK_NAMES = new Set(["gbk", "gb2312", "gb18030", "cp936", "x-gbk", "euc-cn"]);

export function readText(bytes: Uint8Array): TextResult {
  const notText: TextResult = { ok: false, problem: { code: "quiz.import.notText" } };
  const unknown: TextResult = { ok: false, problem: { code: "quiz.import.unknownEncoding" } };
  let text: string | null;
  if (starts(bytes, [0xef, 0xbb, 0xbf])) text = decodeStrict(bytes, "utf-8");
  else if (starts(bytes, [0xff, 0xfe])) text = decodeStrict(bytes, "utf-16le");
  else if (starts(bytes, [0xfe, 0xff])) text = decodeStrict(bytes, "utf-16be");
  else {
    if (bytes.indexOf(0) !== -1) return notText;
    const declared = declaredEncoding(bytes);
    const name = declared?.toLowerCase();
    if (name !== undefined && name !== "utf-8" && name !== "utf8" && name !== "us-ascii" && name !== "ascii") {
      if (GBK_NAMES.has(name)) {
        text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), "gb18030");
        if (text.includes("\uFFFD")) return unknown;
      } else if (iconv.encodingExists(name) && !name.startsWith("utf-16") && !name.startsWith("utf-32")) {
        text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), name);
      } else return { ok: false, problem: { code: "quiz.import.xml.unsupportedEncoding", params: { encoding: declared! } } };
    } else {
      text = decodeStrict(bytes, "utf-8");
      // Declared UTF-8 but not UTF-8: the declaration is wrong, and guessing would be too.
      if (text === null && declared === null && looksLikeGbk(bytes))
        text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), "gb18030");
      if (text === null) return unknown;
    }
  }
  if (text === null) return unknown;
  return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}
