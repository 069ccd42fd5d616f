import { describe, expect, it } from "vitest";
import { checkCode, codeFor, currentCode, minuteOf, normaliseCode } from "@/lib/core/rotating-code";
import { z } from "zod";
import { classInput, sessionShape, sessionTimes } from "@/lib/classes/input";
import { checkinState, isTechnicianTitle, placeFor } from "@/lib/classes/rules";

describe("the rotating check-in code", () => {
  const secret = "a3f1c0de";
  const t = new Date("2026-11-24T02:00:30Z");

  it("is six digits, the same for the same secret and minute, different across minutes and secrets", () => {
    const m = minuteOf(t);
    expect(codeFor(secret, m)).toMatch(/^\d{6}$/);
    expect(codeFor(secret, m)).toBe(codeFor(secret, m));
    const week = new Set(Array.from({ length: 7 * 24 * 60 }, (_, i) => codeFor(secret, m + i)));
    expect(week.size).toBeGreaterThan(7 * 24 * 60 * 0.99);
    expect(codeFor("another", m)).not.toBe(codeFor(secret, m));
    // Pinned: a stored secret must give the same codes after an upgrade.
    expect([codeFor("pinned-secret", 29_000_000), codeFor("pinned-secret", 29_000_001)]).toEqual(["526320", "802661"]);
  });

  it("changes at the minute and accepts the current and the previous minute only", () => {
    const { code, changesAt } = currentCode(secret, t);
    expect(changesAt.toISOString()).toBe("2026-11-24T02:01:00.000Z");
    expect(checkCode(secret, code, t)).toBe("ok");
    expect(checkCode(secret, code, new Date("2026-11-24T02:01:59Z"))).toBe("ok");
    expect(checkCode(secret, code, new Date("2026-11-24T02:02:00Z"))).toBe("stale");
    expect(checkCode(secret, code, new Date("2026-11-24T01:59:59Z"))).not.toBe("ok");
    expect(checkCode(secret, "12345", t)).toBe("wrong");
    expect(checkCode(secret, "abcdef", t)).toBe("wrong");
  });

  it("reads full-width digits and spaces typed on a phone", () => {
    expect(normaliseCode("１２３ ４５６")).toBe("123456");
    expect(normaliseCode(" 123-456 ")).toBe("123456");
  });
});

describe("class rules", () => {
  const s = {
    startsAt: new Date("2026-11-24T02:00:00Z"),
    endsAt: new Date("2026-11-24T03:30:00Z"),
    checkinOpenedAt: new Date("2026-11-24T01:50:00Z"),
    checkinClosedAt: null,
  };
  it("check-in runs from 30 minutes before the start to the end, once opened and until closed", () => {
    expect(checkinState(s, new Date("2026-11-24T01:29:59Z"))).toBe("early");
    expect(checkinState(s, new Date("2026-11-24T01:30:00Z"))).toBe("open");
    expect(checkinState(s, new Date("2026-11-24T03:30:00Z"))).toBe("open");
    expect(checkinState(s, new Date("2026-11-24T03:30:01Z"))).toBe("ended");
    expect(checkinState({ ...s, checkinOpenedAt: null }, new Date("2026-11-24T02:00:00Z"))).toBe("notOpened");
    expect(checkinState({ ...s, checkinClosedAt: new Date("2026-11-24T02:10:00Z") }, new Date("2026-11-24T02:10:00Z"))).toBe("closed");
  });

  it("gives a place while one is free and nobody waits; otherwise the wait-list", () => {
    expect(placeFor(0, 2, 0)).toBe("enrolled");
    expect(placeFor(1, 2, 0)).toBe("enrolled");
    expect(placeFor(2, 2, 0)).toBe("waitlisted");
    expect(placeFor(1, 2, 1)).toBe("waitlisted");
    expect(placeFor(3, 2, 0)).toBe("waitlisted");
  });

  it("knows a technician title", () => {
    expect(isTechnicianTitle("technician")).toBe(true);
    expect(isTechnicianTitle("senior_technician")).toBe(true);
    expect(isTechnicianTitle("senior")).toBe(false);
    expect(isTechnicianTitle(null)).toBe(false);
  });
});

describe("the class and session forms", () => {
  /** What a form shows: the value, or the first message per field (as the action wrapper does). */
  function parsed<S extends z.ZodType>(schema: S, v: Record<string, string>) {
    const r = schema.safeParse(v);
    if (r.success) return { ok: true, value: r.data };
    const errors: Record<string, string> = {};
    for (const i of r.error.issues) {
      const f = String(i.path[0] ?? "form");
      if (!errors[f]) errors[f] = i.message.includes(".") ? i.message : "errors.invalidInput";
    }
    return { ok: false, errors };
  }
  const parseClassForm = (v: Record<string, string>) => parsed(classInput, v);
  const parseSessionForm = (v: Record<string, string>, tz: string) => parsed(z.object(sessionShape).transform(sessionTimes(tz)), v);
  const good = {
    title: "气动调节阀维护",
    series: "technician",
    description: "",
    specialty: "instrument",
    instructorEmployeeNo: "900003",
    placeOrgUnitId: "",
    room: "会议室",
    onlineUrl: "",
    capacity: "20",
  };
  it("accepts a good class and names each bad field", () => {
    expect(parseClassForm(good)).toMatchObject({ ok: true, value: { capacity: 20, specialty: "instrument", placeOrgUnitId: null } });
    const bad = parseClassForm({ ...good, title: " ", series: "x", capacity: "0", onlineUrl: "ftp://x" });
    expect(bad).toEqual({
      ok: false,
      errors: { title: "errors.required", series: "errors.invalidInput", capacity: "classes.errors.badCapacity", onlineUrl: "classes.errors.badUrl" },
    });
    expect(parseClassForm({ ...good, capacity: "2.5" })).toMatchObject({ ok: false, errors: { capacity: "classes.errors.badCapacity" } });
  });
  it("refuses a place id PostgreSQL cannot hold, a NUL byte and a lone surrogate with a message", () => {
    expect(parseClassForm({ ...good, placeOrgUnitId: "2147483648" })).toEqual({ ok: false, errors: { placeOrgUnitId: "errors.invalidInput" } });
    expect(parseClassForm({ ...good, title: "a\u0000b", room: "\uD800" })).toEqual({
      ok: false,
      errors: { title: "errors.badCharacters", room: "errors.badCharacters" },
    });
  });
  it("reads session times in the site's zone and wants the end after the start", () => {
    const r = parseSessionForm({ startsAt: "2026-11-24T10:00", endsAt: "2026-11-24T11:30" }, "Asia/Shanghai");
    expect(r.ok && (r.value as { startsAt: Date }).startsAt.toISOString()).toBe("2026-11-24T02:00:00.000Z");
    expect(parseSessionForm({ startsAt: "2026-11-24T10:00", endsAt: "2026-11-24T09:00" }, "Asia/Shanghai")).toEqual({
      ok: false,
      errors: { endsAt: "classes.errors.endBeforeStart" },
    });
    expect(parseSessionForm({ startsAt: "nope", endsAt: "2026-11-24T09:00" }, "Asia/Shanghai")).toMatchObject({
      ok: false,
      errors: { startsAt: "classes.errors.badTime" },
    });
  });
});
