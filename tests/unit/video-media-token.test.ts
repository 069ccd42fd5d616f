import { beforeAll, describe, expect, it } from "vitest";
import { readMediaToken, signMediaToken } from "@/lib/video/media-token";

describe("signed media URLs", () => {
  beforeAll(() => {
    process.env.AUTH_SECRET ??= "unit-test-secret-0123456789abcdef";
  });
  const grant = { lessonId: 7, key: "lessons/7/abc.webm", mime: "video/webm" };

  it("reads back what was signed, for that lesson, until it expires", () => {
    const t = signMediaToken(grant, 1_000, 60_000);
    expect(readMediaToken(t, 7, 30_000)).toEqual(grant);
    expect(readMediaToken(t, 8, 30_000)).toBeNull();
    expect(readMediaToken(t, 7, 61_001)).toBeNull();
  });

  it("refuses a token whose payload or signature was changed", () => {
    const t = signMediaToken(grant, 1_000, 60_000);
    const [payload, mac] = t.split(".");
    const other = Buffer.from(JSON.stringify([7, "lessons/8/other.webm", "video/webm", 61_000])).toString("base64url");
    expect(readMediaToken(`${other}.${mac}`, 7, 2_000)).toBeNull();
    expect(readMediaToken(`${payload}.${mac.slice(0, -2)}xx`, 7, 2_000)).toBeNull();
    expect(readMediaToken("garbage", 7, 2_000)).toBeNull();
  });
});
