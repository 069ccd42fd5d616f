import { describe, expect, it } from "vitest";
import { sameOriginJson } from "@/lib/auth/same-origin";
import { safeReturnPath } from "@/app/_lib/request";
import { addressFromForwardedFor, bareAddress, forwardedForAtSocket, fromTrustedProxy, throttleKeyAddress } from "@/lib/auth/client-address";
import { passwordProblem } from "@/lib/auth/password";
import { sessionLimits, trustedProxies } from "@/lib/auth/settings";

describe("the path to go back to after signing in", () => {
  // Each of these, as a redirect's Location, takes a browser to another host (or is not a path).
  const hostile = [
    "/\t/evil.example",
    "/%09/evil.example".replace("%09", "\t"),
    "/\n/evil.example",
    "/\r\n/evil.example",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "\\\\evil.example",
    "/./\\evil.example",
    "/.//evil.example",
    "/a/..//evil.example",
    "/ /evil.example",
    "/\u0000/evil.example",
    "/\u007f/evil.example",
    "https://evil.example/",
    "http:/evil.example",
    "javascript:alert(1)",
    " /evil",
    "evil.example",
    "",
  ];
  it.each(hostile)("refuses %j", (v) => {
    expect(safeReturnPath(v)).toBe("/");
  });

  it("refuses what is not a string, and a path longer than 2048 characters", () => {
    expect(safeReturnPath(`/${"a".repeat(3000)}`)).toBe("/");
    for (const v of [undefined, null, 42, ["/x"], { toString: () => "/x" }]) expect(safeReturnPath(v)).toBe("/");
  });

  it("keeps a same-site path with its query and fragment, encoded forms as they are (never decoded into a host)", () => {
    expect(safeReturnPath("/members/12?tab=account#roles")).toBe("/members/12?tab=account#roles");
    expect(safeReturnPath("/%2F%2Fevil.example")).toBe("/%2F%2Fevil.example");
    expect(safeReturnPath("/%5Cevil.example")).toBe("/%5Cevil.example");
    expect(safeReturnPath("/%09/evil.example")).toBe("/%09/evil.example");
    expect(safeReturnPath("/members?q=%E6%9E%97")).toBe("/members?q=%E6%9E%97");
    expect(safeReturnPath("/courses/3/../4")).toBe("/courses/4");
    expect(safeReturnPath("/")).toBe("/");
    // Whatever comes back is a path that a browser resolves on the same origin.
    for (const v of ["/a", "/%2F%2Fevil.example", "/.%2E//x", "/members?next=//evil.example"]) {
      const out = safeReturnPath(v);
      expect(new URL(out, "https://app.example").origin).toBe("https://app.example");
    }
  });
});

describe("the client's address for sign-in throttling", () => {
  const none = trustedProxies("");
  const proxies = trustedProxies("10.0.0.2, 192.168.0.0/16 ::1");

  it("believes no forwarded header without TRUSTED_PROXIES: the connection's address replaces what the client sent", () => {
    expect(none).toBeNull();
    const header = forwardedForAtSocket("1.2.3.4, 5.6.7.8", "203.0.113.9", none);
    expect(header).toBe("203.0.113.9");
    expect(addressFromForwardedFor(header, none)).toBe("203.0.113.9");
    // A made-up address per try changes nothing.
    expect(addressFromForwardedFor(forwardedForAtSocket(`198.51.100.${Math.floor(Math.random() * 250)}`, "203.0.113.9", none), none)).toBe("203.0.113.9");
  });

  it("from a trusted proxy, takes the nearest address that is not a proxy, however many the client made up", () => {
    expect(fromTrustedProxy("10.0.0.2", proxies)).toBe(true);
    expect(fromTrustedProxy("::ffff:10.0.0.2", proxies)).toBe(true);
    expect(fromTrustedProxy("10.0.0.3", proxies)).toBe(false);
    const header = forwardedForAtSocket("6.6.6.6, 7.7.7.7, 203.0.113.9", "10.0.0.2", proxies);
    expect(header).toBe("6.6.6.6, 7.7.7.7, 203.0.113.9, 10.0.0.2");
    expect(addressFromForwardedFor(header, proxies)).toBe("203.0.113.9");
    // Two proxies in a row (one in a trusted block).
    expect(addressFromForwardedFor("1.1.1.1, 203.0.113.9, 192.168.4.4, 10.0.0.2", proxies)).toBe("203.0.113.9");
    // A header from an untrusted connection is dropped, even if it names a trusted proxy.
    expect(forwardedForAtSocket("203.0.113.9, 10.0.0.2", "198.51.100.1", proxies)).toBe("198.51.100.1");
  });

  it("reads ports, brackets and IPv4-mapped forms, and counts an IPv6 client as its /64", () => {
    expect(bareAddress("203.0.113.9:5123")).toBe("203.0.113.9");
    expect(bareAddress("[2001:db8::1]:443")).toBe("2001:db8::1");
    expect(bareAddress("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(bareAddress("not-an-address")).toBeNull();
    expect(throttleKeyAddress("2001:db8:aa:bb:1:2:3:4")).toBe("2001:db8:aa:bb::/64");
    expect(throttleKeyAddress("2001:db8:aa:bb::99")).toBe("2001:db8:aa:bb::/64");
    expect(addressFromForwardedFor("2001:db8:aa:bb:ffff::1", none)).toBe(addressFromForwardedFor("2001:db8:aa:bb::2", none));
    expect(addressFromForwardedFor("", none)).toBe("unknown");
    expect(addressFromForwardedFor("garbage", none)).toBe("unknown");
  });

  it("refuses a TRUSTED_PROXIES entry that is not an address or block, and session hours that are not a number", () => {
    expect(() => trustedProxies("10.0.0.0/33")).toThrow(/TRUSTED_PROXIES/);
    expect(() => trustedProxies("proxy.local")).toThrow(/TRUSTED_PROXIES/);
    expect(sessionLimits({})).toEqual({ idleMs: 8 * 3600_000, absoluteMs: 720 * 3600_000 });
    expect(sessionLimits({ SESSION_IDLE_H: "0.5", SESSION_MAX_AGE_H: "24" })).toEqual({ idleMs: 1800_000, absoluteMs: 24 * 3600_000 });
    expect(() => sessionLimits({ SESSION_IDLE_H: "eight" })).toThrow(/SESSION_IDLE_H/);
  });
});

describe("the password policy", () => {
  it("refuses common and breached passwords whatever their case, and ones common in China", () => {
    for (const p of ["password1", "Password1", "QWERTY123", "1qaz2wsx", "abcd1234", "woaini1314", "qq123456", "Demo@2026"]) {
      expect(passwordProblem(p), p).toBe("auth.password.common");
    }
    expect(passwordProblem("Ready2026ok")).toBeNull();
  });

  it("refuses a password holding the employee number or the name, in characters or pinyin", () => {
    const owner = { employeeNo: "100234", name: "林晓雨" };
    expect(passwordProblem("Ab100234cd", owner)).toBe("auth.password.personal");
    expect(passwordProblem("林晓雨2026ab", owner)).toBe("auth.password.personal");
    expect(passwordProblem("LinXiaoYu88", owner)).toBe("auth.password.personal");
    expect(passwordProblem("lin.xiao.yu-88", owner)).toBe("auth.password.personal");
    expect(passwordProblem("xiaoyu2026!", owner)).toBe("auth.password.personal");
    expect(passwordProblem("Harbor2026x", owner)).toBeNull();
    expect(passwordProblem("Rocket7Jade", { employeeNo: "E2E1", name: "Jade Smith" })).toBeNull();
    expect(passwordProblem("JadeSmith77", { name: "Jade Smith" })).toBe("auth.password.personal");
    // A name mixing hanzi and letters: the hanzi part in pinyin counts on its own.
    expect(passwordProblem("Ceshi2026ok", { employeeNo: "E2EABC", name: "测试ABC123" })).toBe("auth.password.personal");
  });

  it("keeps length and character rules first", () => {
    expect(passwordProblem("Ab1")).toBe("auth.password.tooShort");
    expect(passwordProblem("a1".repeat(65))).toBe("auth.password.tooLong");
    expect(passwordProblem("onlyletters")).toBe("auth.password.tooWeak");
  });
});

describe("JSON routes take JSON from this site only", () => {
  const post = (headers: Record<string, string>) => {
    const req = new Request("http://app.example:3000/api/quizzes/1/start", { method: "POST", headers: { host: "app.example:3000", ...headers }, body: "{}" });
    return (name: string) => req.headers.get(name);
  };

  it("refuses a body that is not application/json with 415: another site can post text/plain or a form without asking", () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""]) {
      expect(sameOriginJson(post(type ? { "content-type": type } : {})), type).toMatchObject({ kind: "unsupportedMedia", code: "errors.jsonOnly" });
    }
  });

  it("refuses another site's Origin or Sec-Fetch-Site with 403", () => {
    const json = { "content-type": "application/json" };
    expect(sameOriginJson(post({ ...json, origin: "https://evil.example" }))).toMatchObject({ kind: "forbidden", code: "errors.crossSite" });
    expect(sameOriginJson(post({ ...json, origin: "http://app.example:3001" }))).toMatchObject({ kind: "forbidden" });
    expect(sameOriginJson(post({ ...json, origin: "null" }))).toMatchObject({ kind: "forbidden" });
    expect(sameOriginJson(post({ ...json, "sec-fetch-site": "cross-site" }))).toMatchObject({ kind: "forbidden" });
    expect(sameOriginJson(post({ ...json, "sec-fetch-site": "same-site" }))).toMatchObject({ kind: "forbidden" });
  });

  it("accepts the site's own pages (fetch and sendBeacon with a JSON Blob) and clients that are not browsers", () => {
    expect(sameOriginJson(post({ "content-type": "application/json", origin: "http://app.example:3000", "sec-fetch-site": "same-origin" }))).toBeNull();
    expect(sameOriginJson(post({ "content-type": "application/json; charset=utf-8" }))).toBeNull();
    expect(sameOriginJson(post({ "content-type": "Application/JSON", "sec-fetch-site": "none" }))).toBeNull();
  });
});
