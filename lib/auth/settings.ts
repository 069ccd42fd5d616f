/**
 * The sign-in and session settings, read from the environment: how long a session may sit unused
 * (shared station PCs: 8 hours) and how long it may live at most, and which addresses are the
 * reverse proxies whose forwarded headers are believed.
 */
import { BlockList, isIP } from "node:net";

function hours(raw: string | undefined, dflt: number, name: string): number {
  if (raw === undefined || raw.trim() === "") return dflt;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > 24 * 366) throw new Error(`${name} must be a number of hours above 0 (got "${raw}")`);
  return n;
}

export interface SessionLimits {
  idleMs: number;
  absoluteMs: number;
}

export function sessionLimits(env: Record<string, string | undefined> = process.env): SessionLimits {
  return {
    idleMs: hours(env.SESSION_IDLE_H, 8, "SESSION_IDLE_H") * 3600_000,
    absoluteMs: hours(env.SESSION_MAX_AGE_H, 30 * 24, "SESSION_MAX_AGE_H") * 3600_000,
  };
}

/**
 * TRUSTED_PROXIES: addresses and CIDR blocks separated by commas or spaces ("10.0.0.1,
 * 192.168.0.0/16, ::1"); null when none is set, and then no forwarded header is believed.
 */
export function trustedProxies(raw: string | undefined = process.env.TRUSTED_PROXIES): BlockList | null {
  const entries = (raw ?? "").split(/[\s,]+/).filter(Boolean);
  if (entries.length === 0) return null;
  const list = new BlockList();
  for (const entry of entries) {
    const [ip, bits] = entry.split("/");
    const family = isIP(ip);
    if (family === 0) throw new Error(`TRUSTED_PROXIES: "${entry}" is not an address or CIDR block`);
    const type = family === 4 ? "ipv4" : "ipv6";
    if (bits === undefined) list.addAddress(ip, type);
    else {
      const prefix = Number(bits);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) throw new Error(`TRUSTED_PROXIES: bad prefix in "${entry}"`);
      list.addSubnet(ip, prefix, type);
    }
  }
  return list;
}
