import iconv from "iconv-lite";

/**
 * A text file's content: UTF-8 (with or without a BOM), else GB18030, which covers the GBK
 * that Notepad and WPS save on a Chinese Windows. Null when it is neither, or holds NUL
 * (a binary file).
 */
export function decodeText(bytes: Uint8Array): string | null {
  if (bytes.indexOf(0) !== -1) return null;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), "gb18030");
    if (text.includes("\uFFFD")) return null;
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
