import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { RequestCookies } from "next/dist/compiled/@edge-runtime/cookies";
import { encode } from "next-auth/jwt";
import type { DbHandle } from "@/db/client";
import { attemptAnswers, attempts, users } from "@/db/schema";
import { trustedProxies } from "@/lib/auth/settings";
import { messagesFor } from "@/lib/i18n";
import { openSession } from "@/lib/auth/sessions";
import { seedDemo } from "@/scripts/demo";
import { cookiesOf, laneRoute, withQuickLane } from "@/scripts/quick-lane";
import { instrument } from "@/scripts/serve";
import { createTestDb, drivers } from "../helpers/db";
import { memberIdOf, publishedQuiz } from "../helpers/quiz";

// `npm start`'s quick lane answers start, save and submit without Next (scripts/quick-lane.ts):
// here it runs in a real HTTP server in front of a stand-in for Next (which answers 418), on the
// test database, with session cookies made as next-auth makes them.

type Global = typeof globalThis & { __jobreadyDb?: Promise<DbHandle> };
const COOKIE = "authjs.session-token";

describe("which requests take the quick lane", () => {
  it("takes POSTs to start, save and submit only", () => {
    expect(laneRoute("POST", "/api/attempts/12/answers")).toMatchObject({ id: "12" });
    expect(laneRoute("POST", "/api/attempts/12/submit?x=1")).toMatchObject({ id: "12" });
    expect(laneRoute("POST", "/api/quizzes/%37/start")).toMatchObject({ id: "7" });
    expect(laneRoute("POST", "/api/quizzes/%E0%A4%A/start")).toBeNull();
    for (const [m, u] of [
      ["GET", "/api/attempts/12/answers"],
      ["PUT", "/api/attempts/12/answers"],
      ["POST", "/api/attempts/12/answers/"],
      ["POST", "/api/attempts/12/13/answers"],
      ["POST", "/api/attempts/12/review"],
      ["POST", "/attempts/12"],
      ["POST", "/api/quizzes/7/start/again"],
    ])
      expect(laneRoute(m, u), `${m} ${u}`).toBeNull();
  });

  it("reads cookies as Next does: the same value for every name, the last of a repeated name", () => {
    const headers = [
      'a=1; b="two"; a=3; c=x%20y; bad; =v; d=%E0%A4%A',
      `${COOKIE}=first; ${COOKIE}=second`,
      "locale=en;authjs.session-token.0=x; authjs.session-token.1=y",
    ];
    for (const header of headers) {
      const next = new RequestCookies(new Headers({ cookie: header }));
      const jar = cookiesOf(header);
      expect([...jar.keys()].sort(), header).toEqual(
        next
          .getAll()
          .map((c) => c.name)
          .sort(),
      );
      for (const c of next.getAll()) expect(jar.get(c.name), `${header}: ${c.name}`).toBe(c.value);
    }
    // Two session cookies in one request: the lane takes the one Next takes.
    expect(cookiesOf(`${COOKIE}=first; ${COOKIE}=second`).get(COOKIE)).toBe("second");
    expect(cookiesOf("c=x%20y").get("c")).toBe("x y");
    expect(cookiesOf(undefined).size).toBe(0);
  });
});

describe.each(drivers())("the quick lane on %s", (driver) => {
  let h: DbHandle;
  let server: Server;
  let base: string;
  let before: Promise<DbHandle> | undefined;
  let quizId: number;
  let worker: number;
  let cookie: string;
  let otherCookie: string;

  async function sessionCookie(employeeNo: string): Promise<string> {
    const memberId = await memberIdOf(h.db, employeeNo);
    const [u] = await h.db.select({ id: users.id }).from(users).where(eq(users.memberId, memberId));
    const sid = await openSession(h.db, u!.id);
    const token = await encode({ token: { uid: u!.id, sid }, secret: process.env.AUTH_SECRET!, salt: COOKIE, maxAge: 3600 });
    return `${COOKIE}=${token}`;
  }

  function post(path: string, body: unknown, headers: Record<string, string> = {}) {
    return fetch(`${base}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  }

  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { members: 40 });
    before = (globalThis as Global).__jobreadyDb;
    (globalThis as Global).__jobreadyDb = Promise.resolve(h);
    quizId = (await publishedQuiz(h.db)).quizId;
    worker = await memberIdOf(h.db, "900004");
    cookie = await sessionCookie("900004");
    otherCookie = await sessionCookie("900002");
    server = createServer(
      instrument(
        withQuickLane(async (_req, res) => {
          res.writeHead(418).end("next");
        }),
        trustedProxies(""),
      ),
    );
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    (globalThis as Global).__jobreadyDb = before;
    await new Promise((r) => server?.close(r));
    await h?.close();
  });

  it("starts, saves and submits with the routes' answers and the proxy's headers", async () => {
    const started = await post(`/api/quizzes/${quizId}/start`, { view: true });
    expect(started.status).toBe(200);
    expect(started.headers.get("cache-control")).toBe("no-store");
    expect(started.headers.get("content-type")).toBe("application/json");
    expect(started.headers.get("x-content-type-options")).toBe("nosniff");
    expect(started.headers.get("x-frame-options")).toBe("DENY");
    expect(started.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(started.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const s = (await started.json()) as {
      ok: true;
      attemptId: number;
      resumed: boolean;
      view: { questions: { position: number; question: { type: string } }[] };
      m: Record<string, unknown>;
    };
    expect(s).toMatchObject({ ok: true, resumed: false });
    expect(s.view.questions.length).toBeGreaterThan(3);
    expect(s.m).toEqual(messagesFor("zh-CN").quizTake);
    // The answer holds no key: the questions as the worker sees them.
    expect(JSON.stringify(s.view)).not.toMatch(/"(correct|key|explanation|accepted)"/);

    // Starting again resumes the same attempt.
    const again = (await (await post(`/api/quizzes/${quizId}/start`, {})).json()) as { attemptId: number; resumed: boolean };
    expect(again).toMatchObject({ attemptId: s.attemptId, resumed: true });

    const tf = s.view.questions.find((q) => q.question.type === "truefalse")!.position;
    const saved = await post(`/api/attempts/${s.attemptId}/answers`, { answers: [{ position: tf, response: { type: "truefalse", value: true }, seq: 1 }] });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ ok: true, written: 1 });
    const rows = await h.db
      .select()
      .from(attemptAnswers)
      .where(and(eq(attemptAnswers.attemptId, s.attemptId), eq(attemptAnswers.position, tf)));
    expect(rows[0]).toMatchObject({ seq: 1, response: { type: "truefalse", value: true } });

    // Another worker's session: not their attempt (404), nothing written.
    const foreign = await post(
      `/api/attempts/${s.attemptId}/answers`,
      { answers: [{ position: tf, response: { type: "truefalse", value: false }, seq: 9 }] },
      { cookie: otherCookie },
    );
    expect(foreign.status).toBe(404);
    expect((await h.db.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, s.attemptId)))[0]).toMatchObject({ seq: 1 });

    const submitted = await post(`/api/attempts/${s.attemptId}/submit`, { answers: [{ position: tf, response: { type: "truefalse", value: false }, seq: 2 }] });
    expect(submitted.status).toBe(200);
    expect(await submitted.json()).toMatchObject({ ok: true, state: "submitted" });
    const [a] = await h.db.select().from(attempts).where(eq(attempts.id, s.attemptId));
    expect(a).toMatchObject({ state: "submitted", memberId: worker });

    // A save after the submit is refused with the reason.
    const late = await post(`/api/attempts/${s.attemptId}/answers`, { answers: [{ position: tf, response: { type: "truefalse", value: true }, seq: 3 }] });
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ ok: false, code: "quizTake.errors.attemptFinished" });
  });

  it("refuses what the routes refuse, with a message in the worker's language, and changes nothing", async () => {
    const { attemptId } = (await (await post(`/api/quizzes/${quizId}/start`, {})).json()) as { attemptId: number };
    const count = async () => (await h.db.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, attemptId))).length;
    const answer = { answers: [{ position: 1, response: null, seq: 5 }] };
    const cases: [string, Response, number, string][] = [
      ["no session", await post(`/api/attempts/${attemptId}/answers`, answer, { cookie: "" }), 401, "errors.signInAgain"],
      ["a forged cookie", await post(`/api/attempts/${attemptId}/answers`, answer, { cookie: `${COOKIE}=x.y.z` }), 401, "errors.signInAgain"],
      ["text/plain", await post(`/api/attempts/${attemptId}/answers`, answer, { "content-type": "text/plain" }), 415, "errors.jsonOnly"],
      ["another site", await post(`/api/attempts/${attemptId}/answers`, answer, { origin: "https://evil.example" }), 403, "errors.crossSite"],
      ["cross-site fetch", await post(`/api/attempts/${attemptId}/answers`, answer, { "sec-fetch-site": "cross-site" }), 403, "errors.crossSite"],
      ["a bad id", await post("/api/attempts/abc/answers", answer), 404, "quizTake.errors.attemptNotFound"],
      ["an id past 32 bits", await post("/api/attempts/4294967296/answers", answer), 404, "quizTake.errors.attemptNotFound"],
      ["broken JSON", await post(`/api/attempts/${attemptId}/answers`, "{"), 400, "quizTake.errors.badRequest"],
      ["a wrong shape", await post(`/api/attempts/${attemptId}/answers`, { answers: "all" }), 400, "quizTake.errors.badRequest"],
      [
        "a question it does not have",
        await post(`/api/attempts/${attemptId}/answers`, { answers: [{ position: 999, response: null, seq: 6 }] }),
        422,
        "quizTake.errors.unknownQuestion",
      ],
      ["an unknown start field", await post(`/api/quizzes/${quizId}/start`, { admin: true }), 400, "quizTake.errors.badRequest"],
      ["too large", await post(`/api/attempts/${attemptId}/answers`, { answers: [], pad: "x".repeat(300 * 1024) }), 413, "quizTake.errors.payloadTooLarge"],
    ];
    for (const [what, res, status, code] of cases) {
      expect(res.status, what).toBe(status);
      const body = (await res.json()) as { ok: boolean; code: string; message: string };
      expect(body, what).toMatchObject({ ok: false, code });
      expect(body.message, what).toMatch(/[\u4e00-\u9fff]/);
      expect(res.headers.get("x-content-type-options"), what).toBe("nosniff");
    }
    expect(await count()).toBe(0);

    const en = await post(`/api/attempts/${attemptId}/answers`, answer, { cookie: "locale=en" });
    expect(en.status).toBe(401);
    expect(((await en.json()) as { message: string }).message).toMatch(/^[\x20-\x7e]+$/);

    // A body larger than the limit without Content-Length (chunked) is refused while reading.
    const chunked = await fetch(`${base}/api/attempts/${attemptId}/answers`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: new ReadableStream({
        start(c) {
          for (let i = 0; i < 40; i++) c.enqueue(new TextEncoder().encode(" ".repeat(8 * 1024)));
          c.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(await count()).toBe(0);
  });

  it("leaves every other request to Next", async () => {
    expect((await fetch(`${base}/api/attempts/1/answers`)).status).toBe(418);
    expect((await post("/api/attempts/1/answers/", {})).status).toBe(418);
    expect((await post("/api/attempts/1/review", {})).status).toBe(418);
    expect((await fetch(`${base}/quizzes`)).status).toBe(418);
  });
});
