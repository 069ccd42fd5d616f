import { describe, expect, it } from "vitest";
import { checkCode, codeFor, minuteOf } from "@/lib/core/rotating-code";
import { integrityInput, MAX_EVENTS_PER_BATCH } from "@/lib/quiz/attempts/integrity";
import { proctorUrl } from "@/app/(app)/proctor/[id]/proctor-url";

const secret = "proctor-test-secret";
const at = new Date("2026-12-06T02:30:20Z");
const m = minuteOf(at);

describe("the proctor code check (lib/core/rotating-code, shared with class check-in)", () => {
  it("accepts the code of this minute and of the one before", () => {
    expect(checkCode(secret, codeFor(secret, m), at)).toBe("ok");
    expect(checkCode(secret, codeFor(secret, m - 1), at)).toBe("ok");
  });

  it("calls a code from 2 to 30 minutes ago expired, anything else wrong", () => {
    expect(checkCode(secret, codeFor(secret, m - 2), at)).toBe("stale");
    expect(checkCode(secret, codeFor(secret, m - 30), at)).toBe("stale");
    const old = codeFor(secret, m - 31);
    // A code 31 minutes old may by chance equal a recent one; only then is it not "wrong".
    const recent = Array.from({ length: 31 }, (_, k) => codeFor(secret, m - k));
    if (!recent.includes(old)) expect(checkCode(secret, old, at)).toBe("wrong");
    expect(checkCode("another-secret", codeFor(secret, m), at)).not.toBe("ok");
  });

  it("reads full-width digits and spaces as a phone types them, and refuses anything not six digits", () => {
    const code = codeFor(secret, m);
    const wide = code.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    expect(checkCode(secret, `${wide.slice(0, 3)} ${wide.slice(3)}`, at)).toBe("ok");
    for (const bad of ["", "12345", "1234567", "abcdef", `${code}0`]) expect(checkCode(secret, bad, at)).toBe("wrong");
  });

  it("puts the quiz, the proctoring and the code in the QR link", () => {
    expect(proctorUrl("https://jr.example/", 12, 7, "004211")).toBe("https://jr.example/quizzes?proctor=12&s=7&c=004211");
  });
});

describe("the integrity batch a browser sends", () => {
  const ok = (body: unknown) => integrityInput.safeParse(body).success;

  it("takes the three kinds with their fields and a device id", () => {
    expect(
      ok({
        device: "a1b2c3d4e5f6a7b8",
        events: [
          { seq: 1, kind: "left", at: 1 },
          { seq: 2, kind: "returned", at: 2, awayS: 95 },
          { seq: 3, kind: "paste", at: 3, position: 2, chars: 40 },
        ],
      }),
    ).toBe(true);
  });

  it("refuses unknown kinds, server-only kinds, extra fields, bad sizes and floods", () => {
    expect(ok({ events: [{ seq: 1, kind: "device", at: 1 }] })).toBe(false);
    expect(ok({ events: [{ seq: 1, kind: "cheated", at: 1 }] })).toBe(false);
    expect(ok({ events: [{ seq: 1, kind: "left", at: 1, note: "x" }] })).toBe(false);
    expect(ok({ events: [{ seq: 0, kind: "left", at: 1 }] })).toBe(false);
    expect(ok({ events: [{ seq: 1, kind: "returned", at: 1, awayS: -5 }] })).toBe(false);
    expect(ok({ events: [{ seq: 1, kind: "paste", at: 1, position: 1, chars: 2_000_000 }] })).toBe(false);
    expect(ok({ device: "<script>", events: [] })).toBe(false);
    expect(ok({ device: "x".repeat(65), events: [] })).toBe(false);
    expect(ok({ events: Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, (_, i) => ({ seq: i + 1, kind: "left", at: 1 })) })).toBe(false);
    expect(ok({ events: [], extra: 1 })).toBe(false);
  });
});
