import QRCode from "qrcode";

/** A QR code as drawing data: its side in modules, quiet zone included, and one path of its dark modules. */
export interface QrPicture {
  size: number;
  path: string;
}

const QUIET_ZONE = 1;

/**
 * A QR code for a text, made on the server (no script needed in the browser) as numbers and a
 * path the page draws itself: nothing of it is ever read as markup.
 */
export function qrPicture(text: string): QrPicture {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  const n = modules.size;
  const runs: string[] = [];
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && modules.get(row, col)) col++;
      runs.push(`M${start + QUIET_ZONE} ${row + QUIET_ZONE}h${col - start}v1h-${col - start}z`);
    }
  }
  return { size: n + 2 * QUIET_ZONE, path: runs.join("") };
}
