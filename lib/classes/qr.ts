/** The check-in link a QR code carries: the worker's check-in page with the session and the code. */
export function checkinUrl(origin: string, sessionId: number, code: string): string {
  return `${origin.replace(/\/$/, "")}/classes/check-in?s=${sessionId}&c=${code}`;
}
