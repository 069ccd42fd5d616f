/** What a channel sends: one message for one member, carrying one or more events (a digest). */
export interface OutgoingMessage {
  /** One line: the event's text, or "N 条新通知" for a digest. */
  title: string;
  /** Each event: its text and, where it points somewhere, an address. */
  items: { text: string; url: string | null }[];
}

/** Who it is for, as far as the channel needs to know. */
export interface Recipient {
  memberId: number;
  name: string;
  employeeNo: string;
  email: string | null;
  phone: string | null;
}

/** What a send did: sent, or only written to the log (the SMS `log` adapter). */
export type SendOutcome = "sent" | "logged";

/** A channel's sender: resolves when the other side took the message, throws with the reason otherwise. */
export type Sender = (to: Recipient, m: OutgoingMessage) => Promise<SendOutcome>;

export const CHANNELS = ["push", "email", "wecom", "dingtalk", "sms"] as const;
export type Channel = (typeof CHANNELS)[number];

/** The message as plain lines (email body, SMS, 企业微信 text). */
export function plainText(m: OutgoingMessage): string {
  return [m.title, ...m.items.map((i) => (i.url ? `- ${i.text} ${i.url}` : `- ${i.text}`))].join("\n");
}

/** The message as Markdown (企业微信 / 钉钉 robots), with the member named. */
export function markdown(to: Recipient, m: OutgoingMessage): string {
  const esc = (s: string) => s.replace(/([[\]()*_`#>])/g, "\\$1");
  return [
    `**${esc(m.title)}**`,
    `${esc(to.name)}（${esc(to.employeeNo)}）`,
    ...m.items.map((i) => (i.url ? `- [${esc(i.text)}](${i.url})` : `- ${esc(i.text)}`)),
  ].join("\n");
}

/** POSTs JSON and reads a robot's answer: HTTP 2xx and `errcode` 0 (or absent), else an error naming what came back. */
export async function postJson(url: string, body: unknown, timeoutMs = 10_000): Promise<void> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json; charset=utf-8" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
  let parsed: { errcode?: unknown; errmsg?: unknown } | null = null;
  try {
    parsed = JSON.parse(text) as { errcode?: unknown; errmsg?: unknown };
  } catch {
    parsed = null;
  }
  if (parsed && typeof parsed === "object" && parsed.errcode !== undefined && Number(parsed.errcode) !== 0)
    throw new Error(`errcode ${String(parsed.errcode)}: ${String(parsed.errmsg ?? "").slice(0, 200)}`);
}
