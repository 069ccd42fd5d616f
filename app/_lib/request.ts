import { headers } from "next/headers";
import { addressFromForwardedFor } from "@/lib/auth/client-address";
import { trustedProxies } from "@/lib/auth/settings";

/**
 * The client's address for throttling: X-Forwarded-For as rewritten at the socket by `npm start`
 * (lib/auth/client-address.ts), read past the proxies listed in TRUSTED_PROXIES only.
 */
export async function clientAddress(): Promise<string> {
  const h = await headers();
  return addressFromForwardedFor(h.get("x-forwarded-for"), trustedProxies());
}

// Any fixed origin does: a path is accepted only if it stays on it.
const BASE = "http://return.invalid";

/**
 * A same-site path to go back to after signing in; anything else becomes "/". Browsers drop tabs
 * and newlines inside a URL and read "\" as "/", so "/\t/evil.example" and "/\\evil.example" are
 * other hosts to them: such strings are refused outright, and what is left must parse, against a
 * fixed origin, to a path on that origin that does not itself start with "//".
 */
export function safeReturnPath(v: unknown): string {
  if (typeof v !== "string" || v.length === 0 || v.length > 2048) return "/";
  if (!v.startsWith("/") || /[\u0000-\u0020\u007f-\u009f\\]/.test(v)) return "/";
  let url: URL;
  try {
    url = new URL(v, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE) return "/";
  const path = url.pathname + url.search + url.hash;
  return path.startsWith("/") && !path.startsWith("//") ? path : "/";
}
