import { beforeAll, describe, expect, it } from "vitest";
import { MEDIA_TOKEN_TTL_MS, readMediaToken, signMediaToken, type MediaGrant } from "@/lib/video/media-token";
import { firstN } from "../helpers/rows";

describe("signed media URLs", () => {
  beforeAll(() => {
    process.env.AUTH_SECRET ??= "unit-test-secret-0123456789abcdef";
  });
  const grant: MediaGrant = { kind: "lesson", id: 7, key: "lessons/7/abc.webm", mime: "video/webm", userId: 3, sessionKey: "k2" };
  const want = { kind: "lesson" as const, id: 7 };

  it("reads back what was signed, for that lesson and kind, until it expires", () => {
    const { token, expiresAt } = signMediaToken(grant, 1_000, 60_000);
    expect(expiresAt).toBe(60_000);
    expect(readMediaToken(token, want, 30_000)).toEqual({ ok: true, value: grant });
    expect(readMediaToken(token, { kind: "lesson", id: 8 }, 30_000)).toMatchObject({ ok: false, kind: "forbidden" });
    // The poster route does not take the video's token.
    expect(readMediaToken(token, { kind: "poster", id: 7 }, 30_000)).toMatchObject({ ok: false, kind: "forbidden" });
    // Expired: told apart from a forged token, so the route may fall back to the viewer's session.
    expect(readMediaToken(token, want, 60_001)).toMatchObject({ ok: false, kind: "gone", code: "video.errors.mediaExpired" });
  });

  it("lives 15 to 20 minutes, the same URL for pages rendered in one 5-minute window", () => {
    const t0 = Date.UTC(2026, 10, 24, 8, 0, 0);
    const a = signMediaToken(grant, t0 + 1_000);
    const b = signMediaToken(grant, t0 + 4 * 60_000);
    expect(a.token).toBe(b.token);
    expect(a.expiresAt - (t0 + 4 * 60_000)).toBeGreaterThanOrEqual(MEDIA_TOKEN_TTL_MS - 5 * 60_000);
    expect(a.expiresAt - (t0 + 1_000)).toBeLessThanOrEqual(MEDIA_TOKEN_TTL_MS);
    expect(MEDIA_TOKEN_TTL_MS).toBeLessThanOrEqual(30 * 60_000);
  });

  it("refuses a token whose payload or signature was changed", () => {
    const { token } = signMediaToken(grant, 1_000, 60_000);
    const [payload, mac] = firstN(token.split("."), 2, "token part");
    const other = Buffer.from(JSON.stringify(["lesson", 7, "lessons/8/other.webm", "video/webm", 3, "k2", 61_000])).toString("base64url");
    expect(readMediaToken(`${other}.${mac}`, want, 2_000)).toMatchObject({ ok: false, kind: "forbidden" });
    // Another user put in: the signature no longer holds.
    const otherUser = Buffer.from(JSON.stringify(["lesson", 7, grant.key, grant.mime, 4, "k2", 60_000])).toString("base64url");
    expect(readMediaToken(`${otherUser}.${mac}`, want, 2_000)).toMatchObject({ ok: false, kind: "forbidden" });
    expect(readMediaToken(`${payload}.${mac.slice(0, -2)}xx`, want, 2_000)).toMatchObject({ ok: false, kind: "forbidden" });
    expect(readMediaToken("garbage", want, 2_000)).toMatchObject({ ok: false, kind: "forbidden" });
  });
});
