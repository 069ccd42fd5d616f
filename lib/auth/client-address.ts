/**
 * The client's address for sign-in throttling. Forwarded headers are believed only from the
 * proxies in TRUSTED_PROXIES: otherwise anyone could claim a new address with each try.
 *
 * Next's own server writes the socket's address into X-Forwarded-For only when the request has
 * none, so a client could still choose it. `npm start` therefore serves through a small HTTP
 * server (scripts/serve.ts) that rewrites the header at the socket with `forwardedForAtSocket`:
 * the socket's address alone, or, when that is a trusted proxy, the proxy's header with the
 * proxy's address appended. `addressFromForwardedFor` then walks it from the right past the
 * trusted proxies.
 */
import type { BlockList } from "node:net";
import { isIP } from "node:net";

/** "1.2.3.4:5678", "[::1]:80", "::ffff:10.0.0.1" → the bare address, or null when not one. */
export function bareAddress(raw: string): string | null {
  let s = raw.trim();
  const bracket = /^\[([^\]]+)\](?::\d+)?$/.exec(s);
  if (bracket?.[1]) s = bracket[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(s)) s = s.slice(0, s.lastIndexOf(":"));
  s = s.replace(/%.*$/, "");
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(s);
  if (mapped?.[1]) s = mapped[1];
  return isIP(s) ? s.toLowerCase() : null;
}

function trusts(list: BlockList | null, ip: string): boolean {
  return !!list && list.check(ip, isIP(ip) === 4 ? "ipv4" : "ipv6");
}

/** Whether the connection comes from a proxy listed in TRUSTED_PROXIES. */
export function fromTrustedProxy(peer: string | undefined, trusted: BlockList | null): boolean {
  const socket = peer ? bareAddress(peer) : null;
  return !!socket && trusts(trusted, socket);
}

/** The header the app sees, made at the socket: see the module comment. */
export function forwardedForAtSocket(incoming: string | string[] | undefined, peer: string | undefined, trusted: BlockList | null): string {
  const socket = peer ? (bareAddress(peer) ?? "unknown") : "unknown";
  const prior = Array.isArray(incoming) ? incoming.join(", ") : incoming;
  return fromTrustedProxy(peer, trusted) && prior ? `${prior}, ${socket}` : socket;
}

/**
 * The nearest address that is not a trusted proxy, walking X-Forwarded-For from the right; an
 * IPv6 client counts as its /64, which one household or phone holds whole.
 */
export function addressFromForwardedFor(xff: string | null | undefined, trusted: BlockList | null): string {
  const hops = (xff ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  let chosen: string | null = null;
  for (const hop of hops.toReversed()) {
    const ip = bareAddress(hop);
    if (!ip) break; // garbage from beyond the last proxy: stop at what we have
    chosen = ip;
    if (!trusts(trusted, ip)) break;
  }
  return chosen ? throttleKeyAddress(chosen) : "unknown";
}

/** IPv4 as it is; IPv6 cut to its /64 prefix. */
export function throttleKeyAddress(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  const [head, tail] = ip.split("::");
  const left = head ? head.split(":") : [];
  const right = tail !== undefined && tail ? tail.split(":") : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
