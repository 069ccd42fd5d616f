import { headers } from "next/headers";

/**
 * The client's address for throttling: the last X-Forwarded-For entry, which the nearest proxy
 * (or Next's own server) appended; earlier entries are whatever the client claimed.
 */
export async function clientAddress(): Promise<string> {
  const h = await headers();
  const xff = h.get("x-forwarded-for");
  const last = xff?.split(",").map((s) => s.trim()).filter(Boolean).pop();
  return last || h.get("x-real-ip") || "unknown";
}

/** A same-site path to go back to after signing in; anything else becomes "/". */
export function safeReturnPath(v: unknown): string {
  return typeof v === "string" && v.startsWith("/") && !v.startsWith("//") && !v.startsWith("/\\") ? v : "/";
}
