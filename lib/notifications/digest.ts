/**
 * One message instead of a burst: the deliveries due for a member on a channel go as one message.
 * A new delivery joins the member's window on that channel if one is open (pending, not yet due),
 * so events within the window share its due time and leave together.
 */
import type { Channel, OutgoingMessage } from "./channels/types";

export interface DueDelivery {
  id: number;
  memberId: number;
  channel: Channel;
  /** The event's text, ready in the site's language. */
  text: string;
  url: string | null;
}

export interface Batch {
  memberId: number;
  channel: Channel;
  ids: number[];
  message: OutgoingMessage;
}

/** Groups due deliveries by member and channel (in the order given) and writes one message per group. */
export function groupDigests(rows: DueDelivery[], title: (count: number, memberId: number) => string): Batch[] {
  const groups = new Map<string, DueDelivery[]>();
  for (const r of rows) {
    const key = `${r.memberId}:${r.channel}`;
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.values()].map((g) => {
    const head = g[0] as DueDelivery;
    return {
      memberId: head.memberId,
      channel: head.channel,
      ids: g.map((r) => r.id),
      message: { title: g.length === 1 ? head.text : title(g.length, head.memberId), items: g.map((r) => ({ text: r.text, url: r.url })) },
    };
  });
}

/**
 * When a new delivery is due: with the window already open for this member and channel (a pending
 * delivery due later than `now`), at that one's time; otherwise `now` plus the window.
 */
export function digestDue(now: Date, windowS: number, openUntil: Date | null): Date {
  if (openUntil && openUntil.getTime() > now.getTime()) return openUntil;
  return new Date(now.getTime() + windowS * 1000);
}
