import QRCode from "qrcode";

/** The check-in link a QR code carries: the worker's check-in page with the session and the code. */
export function checkinUrl(origin: string, sessionId: number, code: string): string {
  return `${origin.replace(/\/$/, "")}/classes/check-in?s=${sessionId}&c=${code}`;
}

/** An SVG QR code for a text, rendered on the server (no script needed in the browser). */
export async function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
}
