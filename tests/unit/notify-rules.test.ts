import { describe, expect, it } from "vitest";
import { dingtalkSign, signedDingtalkUrl } from "@/lib/notifications/channels/dingtalk";
import { markdown } from "@/lib/notifications/channels/types";
import { digestDue, groupDigests, type DueDelivery } from "@/lib/notifications/digest";
import { afterQuietHours } from "@/lib/notifications/preferences";

const TZ = "Asia/Shanghai";
/** An instant given as Shanghai wall time (UTC+8, no summer time). */
const sh = (s: string) => new Date(`${s}+08:00`);

describe("钉钉 robot signature", () => {
  // Vector computed apart from the app: printf '1577262236757\nSEC1234567890abcdef' | openssl dgst -sha256 -hmac SEC1234567890abcdef -binary | base64
  it('is HMAC-SHA256 of "timestamp\\nsecret" keyed by the secret, base64, URL-encoded', () => {
    expect(dingtalkSign(1577262236757, "SEC1234567890abcdef")).toBe("f7qQ1A8KagEZ45y1gasTtKsEq5ERTeDXP9T%2BWkIqzDk%3D");
  });
  it("appends timestamp and sign to the webhook address, and leaves an unsigned robot alone", () => {
    const url = "https://oapi.dingtalk.com/robot/send?access_token=abc";
    expect(signedDingtalkUrl(url, "SEC1234567890abcdef", 1577262236757)).toBe(
      `${url}&timestamp=1577262236757&sign=f7qQ1A8KagEZ45y1gasTtKsEq5ERTeDXP9T%2BWkIqzDk%3D`,
    );
    expect(signedDingtalkUrl(url, undefined, 1577262236757)).toBe(url);
  });
});

describe("quiet hours (site zone)", () => {
  const night = { from: 22 * 60, to: 7 * 60 }; // 22:00–07:00, past midnight
  const lunch = { from: 12 * 60, to: 13 * 60 + 30 };
  it("holds a delivery in quiet hours past midnight until they end the next morning", () => {
    expect(afterQuietHours(sh("2026-12-05T23:10:00"), night, TZ).toISOString()).toBe(sh("2026-12-06T07:00:00").toISOString());
    expect(afterQuietHours(sh("2026-12-06T03:00:00"), night, TZ).toISOString()).toBe(sh("2026-12-06T07:00:00").toISOString());
    expect(afterQuietHours(sh("2026-12-05T22:00:00"), night, TZ).toISOString()).toBe(sh("2026-12-06T07:00:00").toISOString());
  });
  it("lets a delivery outside quiet hours go at once (the end minute is no longer quiet)", () => {
    for (const t of ["2026-12-06T07:00:00", "2026-12-06T12:00:00", "2026-12-05T21:59:00"])
      expect(afterQuietHours(sh(t), night, TZ).toISOString()).toBe(sh(t).toISOString());
  });
  it("handles quiet hours within a day, the last day of a month and no quiet hours", () => {
    expect(afterQuietHours(sh("2026-12-31T12:45:00"), lunch, TZ).toISOString()).toBe(sh("2026-12-31T13:30:00").toISOString());
    expect(afterQuietHours(sh("2026-12-31T23:30:00"), night, TZ).toISOString()).toBe(sh("2027-01-01T07:00:00").toISOString());
    expect(afterQuietHours(sh("2026-12-31T13:30:00"), lunch, TZ).toISOString()).toBe(sh("2026-12-31T13:30:00").toISOString());
    expect(afterQuietHours(sh("2026-12-05T23:10:00"), null, TZ).toISOString()).toBe(sh("2026-12-05T23:10:00").toISOString());
  });
  it("reads the hours in the site's zone, not the server's: 23:10 in Shanghai is 15:10 UTC", () => {
    // Quiet 22:00–07:00 in UTC would not hold 15:10 UTC; in Shanghai it does.
    expect(afterQuietHours(new Date("2026-12-05T15:10:00Z"), night, "UTC").toISOString()).toBe("2026-12-05T15:10:00.000Z");
    expect(afterQuietHours(new Date("2026-12-05T15:10:00Z"), night, TZ).toISOString()).toBe("2026-12-05T23:00:00.000Z");
  });
});

describe("digest", () => {
  const at = sh("2026-12-05T10:00:00");
  it("opens a window of the digest length, and a later event joins an open one", () => {
    expect(digestDue(at, 60, null).toISOString()).toBe(sh("2026-12-05T10:01:00").toISOString());
    const open = sh("2026-12-05T10:00:40");
    expect(digestDue(at, 60, open).toISOString()).toBe(open.toISOString());
    // A window already past (its delivery waiting to be sent) is not joined: a new one opens.
    expect(digestDue(at, 60, sh("2026-12-05T09:59:00")).toISOString()).toBe(sh("2026-12-05T10:01:00").toISOString());
  });
  it("sends one message per member and channel, listing each event; a single event keeps its own text as title", () => {
    const d = (id: number, memberId: number, channel: DueDelivery["channel"]): DueDelivery => ({ id, memberId, channel, text: `事件${id}`, url: `/x/${id}` });
    const batches = groupDigests([d(1, 7, "email"), d(2, 7, "wecom"), d(3, 7, "email"), d(4, 8, "email"), d(5, 7, "email")], (n) => `${n} 条新通知`);
    expect(batches.map((b) => [b.memberId, b.channel, b.ids])).toEqual([
      [7, "email", [1, 3, 5]],
      [7, "wecom", [2]],
      [8, "email", [4]],
    ]);
    expect(batches[0]?.message.title).toBe("3 条新通知");
    expect(batches[0]?.message.items.map((i) => i.text)).toEqual(["事件1", "事件3", "事件5"]);
    expect(batches[1]?.message.title).toBe("事件2");
  });
  it("names the member in a robot's markdown and escapes what markdown would read", () => {
    const md = markdown(
      { memberId: 1, name: "林晓雨", employeeNo: "900004", email: null, phone: null },
      { title: "2 条新通知", items: [{ text: "考试“[A]”已结束", url: "https://x.example/q" }] },
    );
    expect(md).toBe("**2 条新通知**\n林晓雨（900004）\n- [考试“\\[A\\]”已结束](https://x.example/q)");
  });
});
