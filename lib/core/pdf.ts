/**
 * PDF documents (certificates, 一人一档): pdfkit on A4 with a Chinese font embedded as a subset
 * (only the glyphs used go into the file, ≈ 50 KB for a page rather than the font's 20 MB).
 * The font is Noto Sans CJK SC from Debian's `fonts-noto-cjk` (README: the install step); the
 * PostScript face name picks the Simplified Chinese face out of the .ttc collection. Without it
 * a PDF cannot show Chinese, so rendering stops with an error that names the package.
 */
import { existsSync, readFileSync } from "node:fs";
import * as fontkit from "fontkit";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import { fastCff, fastSubsets } from "./pdf-cff";

const NOTO_DIR = "/usr/share/fonts/opentype/noto";
const FONTS = {
  regular: { file: `${NOTO_DIR}/NotoSansCJK-Regular.ttc`, face: "NotoSansCJKsc-Regular" },
  bold: { file: `${NOTO_DIR}/NotoSansCJK-Bold.ttc`, face: "NotoSansCJKsc-Bold" },
} as const;

/** The font names a drawing uses with `doc.font(…)`. */
export const FONT = { regular: "cjk", bold: "cjk-bold" } as const;

export class PdfFontMissing extends Error {
  constructor(file: string) {
    super(`PDF font missing: ${file}. Install Debian's fonts-noto-cjk (apt-get install -y fonts-noto-cjk).`);
    this.name = "PdfFontMissing";
  }
}

export type Pdf = PDFKit.PDFDocument;

type Face = Parameters<PDFKit.PDFDocument["registerFont"]>[1];

/** Shaped strings kept per face (a unit's files repeat their headings, titles, days and units). */
const LAYOUT_CACHE = 20_000;

interface Run {
  glyphs: unknown[];
  positions: Record<string, number>[];
}

/**
 * Shaping a string with Noto CJK's OpenType features costs ≈ 1 ms in fontkit, and pdfkit keeps
 * what it shaped for one document only: a person's file shapes a few hundred strings, most of
 * them the same from one file to the next. This keeps each face's shaped strings for the
 * process (least recently used out past LAYOUT_CACHE). pdfkit scales the positions it gets in
 * place, so each call hands out fresh copies of them; the glyphs are fontkit's shared objects.
 */
function cacheLayout(font: { layout: (text: string, features?: unknown) => Run }): void {
  const shape = font.layout.bind(font);
  const cache = new Map<string, { glyphs: unknown[]; positions: Record<string, number>[] }>();
  font.layout = (text: string, features?: unknown) => {
    if (features !== undefined) return shape(text, features);
    let hit = cache.get(text);
    if (hit) {
      cache.delete(text);
      cache.set(text, hit);
    } else {
      const run = shape(text);
      hit = {
        glyphs: run.glyphs,
        positions: run.positions.map((p) => ({ xAdvance: p.xAdvance!, yAdvance: p.yAdvance!, xOffset: p.xOffset!, yOffset: p.yOffset! })),
      };
      cache.set(text, hit);
      if (cache.size > LAYOUT_CACHE) cache.delete(cache.keys().next().value!);
    }
    const positions = hit.positions.map((p) => ({ ...p }));
    return {
      glyphs: hit.glyphs,
      positions,
      get advanceWidth() {
        let w = 0;
        for (const p of positions) w += p.xAdvance!;
        return w;
      },
    };
  };
}

// Read and parsed once per process (≈ 40 MB for both faces): parsing the collection again for each
// document took more than half of a certificate's time. pdfkit takes a parsed font as it is and
// makes each document's subset from it, written by lib/core/pdf-cff's fast paths (same bytes).
let fontData: { regular: Face; bold: Face } | null = null;
function fonts(): { regular: Face; bold: Face } {
  if (!fontData) {
    fastCff();
    for (const f of Object.values(FONTS)) if (!existsSync(f.file)) throw new PdfFontMissing(f.file);
    const parse = (f: { file: string; face: string }) => {
      const font = fontkit.create(readFileSync(f.file), f.face);
      cacheLayout(font as unknown as Parameters<typeof cacheLayout>[0]);
      fastSubsets(font as unknown as Parameters<typeof fastSubsets>[0]);
      return font as unknown as Face;
    };
    fontData = { regular: parse(FONTS.regular), bold: parse(FONTS.bold) };
  }
  return fontData;
}

/** A4 in PDF points (1/72 inch). */
export const A4 = { width: 595.28, height: 841.89 } as const;

/**
 * Renders one document: `draw` writes its pages on an A4 document whose fonts are registered
 * (FONT.regular is current). Returns the file's bytes. `bufferPages` keeps every page open until
 * the end, for footers that name the page count.
 */
export async function renderPdf(
  info: { title: string; subject?: string; bufferPages?: boolean },
  draw: (doc: Pdf) => void | Promise<void>,
): Promise<Uint8Array> {
  const data = fonts();
  const doc = new PDFDocument({
    size: "A4",
    margin: 56,
    info: { Title: info.title, Subject: info.subject ?? "", Producer: "JobReady" },
    autoFirstPage: true,
    bufferPages: info.bufferPages ?? false,
  });
  doc.registerFont(FONT.regular, data.regular, FONTS.regular.face);
  doc.registerFont(FONT.bold, data.bold, FONTS.bold.face);
  doc.font(FONT.regular);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on("end", () => resolve());
    doc.on("error", reject);
  });
  await draw(doc);
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

/** Draws `text` as a QR code (vector squares, medium error correction) of `size` points at (x, y). */
export function drawQr(doc: Pdf, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const n = qr.modules.size;
  const quiet = 2;
  const cell = size / (n + 2 * quiet);
  doc.save();
  doc.rect(x, y, size, size).fill("#ffffff");
  doc.fillColor("#000000");
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) doc.rect(x + (c + quiet) * cell, y + (r + quiet) * cell, cell, cell);
  doc.fill();
  doc.restore();
}
