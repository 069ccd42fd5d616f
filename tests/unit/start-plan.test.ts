import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/core/config";
import { processPlan } from "@/scripts/serve";

const pg = "postgres://u@h/db";

describe("npm start's processes (scripts/start.ts)", () => {
  it("on PostgreSQL: one web process per core by default, the jobs in one worker process", () => {
    expect(processPlan(parseConfig({ DATABASE_URL: pg }), 2)).toEqual({ web: 2, jobWorker: true, jobsInWeb: false });
    expect(processPlan(parseConfig({ DATABASE_URL: pg }), 8)).toEqual({ web: 8, jobWorker: true, jobsInWeb: false });
    expect(processPlan(parseConfig({ DATABASE_URL: pg, WEB_CONCURRENCY: "3" }), 8).web).toBe(3);
  });

  it("JOBS_IN_WEB=false leaves the jobs to a `npm run worker` elsewhere: no job worker, none in the web processes", () => {
    expect(processPlan(parseConfig({ DATABASE_URL: pg, JOBS_IN_WEB: "false" }), 2)).toEqual({ web: 2, jobWorker: false, jobsInWeb: false });
  });

  it("on the embedded database: one process that runs the jobs, whatever WEB_CONCURRENCY says", () => {
    expect(processPlan(parseConfig({ WEB_CONCURRENCY: "4" }), 8)).toEqual({ web: 1, jobWorker: false, jobsInWeb: true });
  });

  it("refuses a bad WEB_CONCURRENCY or keep-alive by name", () => {
    expect(() => parseConfig({ WEB_CONCURRENCY: "-1" })).toThrow(/WEB_CONCURRENCY/);
    expect(() => parseConfig({ HTTP_KEEPALIVE_S: "0" })).toThrow(/HTTP_KEEPALIVE_S/);
  });
});
