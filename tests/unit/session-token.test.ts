import { encode } from "next-auth/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { readSessionClaims } from "@/lib/auth/session-token";

const SECRET = "unit-secret-0123456789abcdef0123456789";
const NAME = "authjs.session-token";

async function token(claims: Record<string, unknown>, opts: { secret?: string; salt?: string; maxAge?: number } = {}) {
  return encode({ token: claims, secret: opts.secret ?? SECRET, salt: opts.salt ?? NAME, maxAge: opts.maxAge ?? 3600 });
}
const jar = (entries: Record<string, string>) => (name: string) => entries[name];

describe("reading the Auth.js session cookie without auth()", () => {
  it("reads what next-auth wrote, under either cookie name", async () => {
    expect(await readSessionClaims(jar({ [NAME]: await token({ uid: 7, sid: "s7" }) }), SECRET)).toEqual({ uid: 7, sid: "s7" });
    const secure = "__Secure-authjs.session-token";
    expect(await readSessionClaims(jar({ [secure]: await token({ uid: 8, sid: "s8" }, { salt: secure }) }), SECRET)).toEqual({ uid: 8, sid: "s8" });
  });

  it("joins a token split into chunks", async () => {
    const t = await token({ uid: 9, sid: "s9" });
    const cut = Math.floor(t.length / 2);
    expect(await readSessionClaims(jar({ [`${NAME}.0`]: t.slice(0, cut), [`${NAME}.1`]: t.slice(cut) }), SECRET)).toEqual({ uid: 9, sid: "s9" });
  });

  it("refuses a token sealed with another secret, for another cookie name, tampered with, expired, or without a user or session id", async () => {
    expect(
      await readSessionClaims(jar({ [NAME]: await token({ uid: 7, sid: "s7" }, { secret: "another-secret-0123456789abcdef01234567" }) }), SECRET),
    ).toBeNull();
    expect(await readSessionClaims(jar({ [NAME]: await token({ uid: 7, sid: "s7" }, { salt: "other" }) }), SECRET)).toBeNull();
    const t = await token({ uid: 7, sid: "s7" });
    const flipped = t.slice(0, -5) + (t.at(-5) === "A" ? "B" : "A") + t.slice(-4);
    expect(await readSessionClaims(jar({ [NAME]: flipped }), SECRET)).toBeNull();
    expect(await readSessionClaims(jar({ [NAME]: await token({ uid: 7, sid: "s7" }, { maxAge: -60 }) }), SECRET)).toBeNull();
    expect(await readSessionClaims(jar({ [NAME]: await token({ sid: "s7" }) }), SECRET)).toBeNull();
    // A token from before server-side sessions (user and session version, no session id) is none.
    expect(await readSessionClaims(jar({ [NAME]: await token({ uid: 7, sv: 3 }) }), SECRET)).toBeNull();
    expect(await readSessionClaims(jar({ [NAME]: "not-a-token" }), SECRET)).toBeNull();
    expect(await readSessionClaims(jar({}), SECRET)).toBeNull();
    expect(await readSessionClaims(jar({ [NAME]: t }), undefined)).toBeNull();
  });

  describe("a token read once (kept, not decrypted again)", () => {
    afterEach(() => vi.useRealTimers());

    it("gives the same claims again, and none once the token has expired", async () => {
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(new Date("2026-12-07T08:00:00Z"));
      const t = await token({ uid: 11, sid: "s11" }, { maxAge: 60 });
      expect(await readSessionClaims(jar({ [NAME]: t }), SECRET)).toEqual({ uid: 11, sid: "s11" });
      expect(await readSessionClaims(jar({ [NAME]: t }), SECRET)).toEqual({ uid: 11, sid: "s11" });
      // 60 s of life and jose's 15 s of tolerance: at 74 s still read, at 76 s gone.
      vi.setSystemTime(new Date("2026-12-07T08:01:14Z"));
      expect(await readSessionClaims(jar({ [NAME]: t }), SECRET)).toEqual({ uid: 11, sid: "s11" });
      vi.setSystemTime(new Date("2026-12-07T08:01:16Z"));
      expect(await readSessionClaims(jar({ [NAME]: t }), SECRET)).toBeNull();
      expect(await readSessionClaims(jar({ [NAME]: t }), SECRET)).toBeNull();
    });

    it("is not taken for another secret or another cookie name", async () => {
      const t = await token({ uid: 12, sid: "s12" });
      expect(await readSessionClaims(jar({ [NAME]: t }), SECRET)).toEqual({ uid: 12, sid: "s12" });
      expect(await readSessionClaims(jar({ [NAME]: t }), "another-secret-0123456789abcdef01234567")).toBeNull();
      expect(await readSessionClaims(jar({ "__Secure-authjs.session-token": t }), SECRET)).toBeNull();
      expect(await readSessionClaims(jar({ [NAME]: t }), SECRET)).toEqual({ uid: 12, sid: "s12" });
    });
  });
});
