import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
// Separate build folder and database per checkout-local run (E2E_DIST_DIR, E2E_DATA_DIR) so two
// suites can run side by side on one machine; tsconfig.json lists the folders next build expects.
const DIST_DIR = process.env.E2E_DIST_DIR ?? ".next-e2e";
const DATA_DIR = process.env.E2E_DATA_DIR ?? "./data/e2e";
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: process.env.E2E_OUTPUT_DIR ?? "test-results/e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"], ["html", { outputFolder: process.env.E2E_REPORT_DIR ?? "playwright-report", open: "never" }]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    screenshot: "only-on-failure",
    // A trace records every step of every test: on the retry only (CI retries once), it keeps the
    // suite fast. Locally: `npx playwright test --trace retain-on-failure`.
    trace: "on-first-retry",
    launchOptions: {
      executablePath: chromium,
      // The machine has no network beyond loopback: keep Chromium from trying.
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "desktop", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: {
    // A fresh embedded database each run: the server migrates it and loads the demo data.
    command: `rm -rf ${DATA_DIR} && next build && next start -p ${PORT}`,
    url: `http://localhost:${PORT}/login`,
    // The build runs inside this timeout: minutes on a busy 2-core machine.
    timeout: Number(process.env.E2E_SERVER_TIMEOUT_MS ?? 600_000),
    reuseExistingServer: false,
    env: {
      PGLITE_DIR: DATA_DIR,
      AUTH_SECRET: "e2e-secret-not-for-production-0123456789",
      DATABASE_URL: "",
      NEXT_TELEMETRY_DISABLED: "1",
      NEXT_DIST_DIR: DIST_DIR,
      // Dates and times on screen (e.g. the lock message) are in the site's zone; pin it.
      APP_TIME_ZONE: "Asia/Shanghai",
      // Notifications go out within seconds (tests/e2e/notify.spec.ts waits for them), not a minute.
      NOTIFY_DIGEST_S: "1",
      NOTIFY_SEND_S: "2",
    },
    stdout: "pipe",
  },
});
