import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { DbState } from "../authz/db-state";
import { builtActions, builtRoutes } from "../authz/inventory";
import { runMatrix } from "../authz/matrix";
import { summary, writeReport } from "../authz/report";
import { createDatabase, freshFolder, run, serverEnv, startServer, type MatrixServer } from "../authz/server";
import { ACTIONS, ROUTES } from "../authz/table";
import { CONTROLS, PRINCIPALS, type Caller, type Fixture } from "../authz/types";
import { signIn } from "./helpers";

/**
 * Issue 11's authorization matrix: every server action and route handler of the build, called as
 * a trainer scoped to 采油十队, the manager of 采油九队, workers of 采油九队 and 采油十一队 and no
 * session, with arguments outside their scope; each must be refused and change nothing. The table
 * is tests/authz/table/ (README in tests/authz/). It runs on PostgreSQL, against a server of its
 * own started from the suite's build.
 */

const ROOT = process.cwd();
const DIST = process.env.E2E_DIST_DIR ?? ".next-e2e";
const DATA = process.env.E2E_DATA_DIR ?? "./data/e2e";
const PORT = Number(process.env.AUTHZ_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 10);
const PG = process.env.TEST_DATABASE_URL;

// A retry would run the same calls on the same build again and find the same.
test.describe.configure({ retries: 0 });

test("every server action and route handler of the build has an entry, and every entry tries every principal", () => {
  const actions = builtActions(DIST);
  const routes = builtRoutes(DIST, ROOT);
  const built = new Set([...actions, ...routes].map((x) => x.key));
  const listed = [...ACTIONS, ...ROUTES].map((e) => e.key);
  expect(
    [...built].filter((k) => !listed.includes(k)),
    "in the build, not in tests/authz/table/",
  ).toEqual([]);
  expect(
    listed.filter((k) => !built.has(k)),
    "in tests/authz/table/, not in the build",
  ).toEqual([]);
  expect(
    listed.filter((k, i) => listed.indexOf(k) !== i),
    "listed twice",
  ).toEqual([]);
  const uncovered = [...ACTIONS, ...ROUTES].flatMap((e) =>
    PRINCIPALS.filter((p) => !e.probes.some((pr) => pr.who === "all" || pr.who.includes(p))).map((p) => `${e.key} × ${p}`),
  );
  expect(uncovered, "entries that leave a principal out").toEqual([]);
  const unexplained = [...ACTIONS, ...ROUTES].flatMap((e) =>
    e.probes.filter((p) => (p.expect === "unchanged" || p.expect === "allowed") && !p.because).map((p) => `${e.key}: ${p.why}`),
  );
  expect(unexplained, "probes that only ask for 'unchanged' or 'allowed' must say why").toEqual([]);
});

test("no principal acts outside their scope: every call refused, nothing changed", async ({ browser }, testInfo) => {
  test.skip(!PG, "The authorization matrix runs on PostgreSQL: set TEST_DATABASE_URL (CI sets it).");
  test.setTimeout(20 * 60_000);
  const logLines: string[] = [];
  const db = await createDatabase(PG!);
  let server: MatrixServer | null = null;
  let state: DbState | null = null;
  try {
    const media = await freshFolder(path.join(`${DATA.replace(/\/+$/, "")}-authz`, "media"));
    const fxFile = testInfo.outputPath("fixture.json");
    await run(path.join("node_modules", ".bin", "tsx"), ["tests/authz/fixture.ts", fxFile], serverEnv(db.url, media, DIST));
    const fx = JSON.parse(await readFile(fxFile, "utf8")) as Fixture;
    server = await startServer({ port: PORT, databaseUrl: db.url, mediaDir: media, distDir: DIST, log: (s) => logLines.push(s) });

    // Sessions through the real sign-in form, as a user gets them.
    const cookies = { anonymous: "authjs.session-token=not-a-session" } as Record<Caller, string>;
    for (const who of [...PRINCIPALS.filter((p) => p !== "anonymous"), ...CONTROLS] as Exclude<Caller, "anonymous">[]) {
      const context = await browser.newContext({ baseURL: server.url });
      const page = await context.newPage();
      await signIn(page, fx.accounts[who].employeeNo, fx.accounts[who].password);
      cookies[who] = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
      await context.close();
    }

    state = new DbState(db.url, media);
    await state.snapshot();
    const report = await runMatrix({
      base: server.url,
      fx,
      state,
      cookies,
      root: ROOT,
      built: { actions: builtActions(DIST), routes: builtRoutes(DIST, ROOT) },
      table: { actions: ACTIONS, routes: ROUTES },
      log: (line) => logLines.push(`${line}\n`),
    });
    const files = await writeReport(testInfo.project.outputDir, report);
    const text = summary(report);
    console.log(text);
    await testInfo.attach("authz-matrix.md", { path: files.markdown, contentType: "text/markdown" });
    await testInfo.attach("authz-matrix.json", { path: files.json, contentType: "application/json" });

    expect(report.inventory.missing, "actions and routes of the build without an entry").toEqual([]);
    expect(report.inventory.stale, "entries without an action or route in the build").toEqual([]);
    expect(report.coverage.untried, `coverage ${report.coverage.tried} / ${report.coverage.required}`).toEqual([]);
    const bad = (control: boolean) => report.results.filter((r) => r.control === control && r.problem).map((r) => `${r.key} × ${r.who}: ${r.problem}`);
    expect.soft(bad(true), "controls (the same call by someone allowed) must succeed: else the probe proves nothing").toEqual([]);
    expect(bad(false), "calls outside the caller's scope that were not refused or changed something").toEqual([]);
  } finally {
    // The server's output (stack traces of 500s) and one line per call.
    const log = testInfo.outputPath("server-and-calls.log");
    await writeFile(log, logLines.join(""));
    await testInfo.attach("server-and-calls.log", { path: log, contentType: "text/plain" });
    await server?.stop();
    await state?.close();
    await db.drop();
  }
});
