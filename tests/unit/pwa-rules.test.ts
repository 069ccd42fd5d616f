import { describe, expect, it } from "vitest";
import { ATTEMPT_SHELL_PATH, isAttemptPage, isCacheablePage, isNetworkOnly, isPageRequest, isPublicAppAsset } from "@/lib/pwa";

const ORIGIN = "https://jobready.example";
const get = (path: string, headers: Record<string, string> = {}, method = "GET") => new Request(`${ORIGIN}${path}`, { method, headers });
const html = (init: { status?: number; type?: string } = {}, redirected = false) => {
  const r = new Response("<html></html>", { status: init.status ?? 200, headers: { "Content-Type": init.type ?? "text/html; charset=utf-8" } });
  return { status: r.status, redirected, type: r.type, headers: r.headers };
};

describe("what the service worker keeps (lib/pwa)", () => {
  it("keeps the worker's pages, a quiz's review and the profile, asked for by a GET of the same site", () => {
    for (const p of ["/", "/courses", "/courses/12/lessons/3", "/practice", "/attempts/41/review", "/points", "/quizzes?tab=open"]) {
      expect(isPageRequest(get(p), ORIGIN), p).toBe(true);
    }
  });

  it("never keeps the API (answers, progress, media links and tokens), a POST, RSC payloads, files or other sites", () => {
    expect(isPageRequest(get("/api/attempts/41/answers"), ORIGIN)).toBe(false);
    expect(isPageRequest(get("/api/lessons/3/media-url"), ORIGIN)).toBe(false);
    expect(isPageRequest(get("/api/media/lessons/3?token=abc"), ORIGIN)).toBe(false);
    expect(isPageRequest(get("/attempts/41", {}, "POST"), ORIGIN)).toBe(false);
    expect(isPageRequest(get("/courses", { RSC: "1" }), ORIGIN)).toBe(false);
    expect(isPageRequest(get("/courses?_rsc=x1y2"), ORIGIN)).toBe(false);
    expect(isPageRequest(get("/courses", { "Next-Router-Prefetch": "1" }), ORIGIN)).toBe(false);
    expect(isPageRequest(get("/manage/hours/export"), ORIGIN)).toBe(true);
    expect(isPageRequest(get("/teach/bank/export.xlsx"), ORIGIN)).toBe(false);
    expect(isPageRequest(get("/_next/static/chunks/a.js"), ORIGIN)).toBe(false);
    expect(isPageRequest(get("/login"), ORIGIN)).toBe(false);
    expect(isPageRequest(get("/offline"), ORIGIN)).toBe(false);
    expect(isPageRequest(new Request("https://elsewhere.example/courses"), ORIGIN)).toBe(false);
    expect(isNetworkOnly("/api/quizzes/1/start")).toBe(true);
    expect(isNetworkOnly("/courses")).toBe(false);
  });

  it("stores only a 200 HTML answer that was not redirected (a signed-out visit lands on the sign-in page; an export is a file)", () => {
    expect(isCacheablePage(html())).toBe(true);
    expect(isCacheablePage(html({}, true))).toBe(false);
    expect(isCacheablePage(html({ status: 404 }))).toBe(false);
    expect(isCacheablePage(html({ status: 500 }))).toBe(false);
    expect(isCacheablePage(html({ type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }))).toBe(false);
    expect(isCacheablePage(html({ type: "application/json" }))).toBe(false);
  });

  it("lets anyone fetch the worker, the manifest, the icons and the offline page, but no page", () => {
    for (const p of ["/serwist/sw.js", "/manifest.webmanifest", "/icons/icon-192.png", "/offline"]) expect(isPublicAppAsset(p), p).toBe(true);
    for (const p of ["/", "/offline/x", "/courses", "/serwistx"]) expect(isPublicAppAsset(p), p).toBe(false);
  });
});

describe("an open attempt's page offline (lib/pwa isAttemptPage, the shell)", () => {
  it("never keeps an open attempt's page (a render per worker at a quiz's opening): the shell stands in for it", () => {
    for (const p of ["/attempts/41", "/attempts/1"]) {
      expect(isAttemptPage(p), p).toBe(true);
      expect(isPageRequest(get(p), ORIGIN), p).toBe(false);
    }
    for (const p of ["/attempts/41/review", "/attempts/x", "/attempts", "/quizzes", "/attempts/41/"]) expect(isAttemptPage(p), p).toBe(false);
  });
  it("serves the shell to anyone (it holds no data) and never keeps it as a page", () => {
    expect(ATTEMPT_SHELL_PATH).toBe("/offline/attempt");
    expect(isPublicAppAsset(ATTEMPT_SHELL_PATH)).toBe(true);
    expect(isPageRequest(get(ATTEMPT_SHELL_PATH), ORIGIN)).toBe(false);
  });
});
