/**
 * The sign-in and session settings, from the configuration: how long a session may sit unused
 * (shared station PCs: 8 hours) and how long it may live at most, and which addresses are the
 * reverse proxies whose forwarded headers are believed.
 */
import { BlockList, isIP } from "node:net";
import { config, parseConfig } from "@/lib/core/config";

export interface SessionLimits {
  idleMs: number;
  absoluteMs: number;
}

/** From the configuration (lib/core/config), or from `env` when given (tests). */
export function sessionLimits(env?: Record<string, string | undefined>): SessionLimits {
  const c = env ? parseConfig(env) : config();
  return { idleMs: c.SESSION_IDLE_H * 3600_000, absoluteMs: c.SESSION_MAX_AGE_H * 3600_000 };
}

/**
 * TRUSTED_PROXIES: addresses and CIDR blocks separated by commas or spaces ("10.0.0.1,
 * 192.168.0.0/16, ::1"); null when none is set, and then no forwarded header is believed.
 */
export function trustedProxies(raw: string | undefined = config().TRUSTED_PROXIES): BlockList | null {
  const entries = (raw ?? "").split(/[\s,]+/).filter(Boolean);
  if (entries.length === 0) return null;
  const list = new BlockList();
  for (const entry of entries) {
    const [ip = "", bits] = entry.split("/");
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
