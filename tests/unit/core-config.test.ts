import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ConfigError, configTable, parseConfig } from "@/lib/core/config";

describe("the configuration", () => {
  it("has defaults for everything", () => {
    const c = parseConfig({});
    expect(c.APP_TIME_ZONE).toBe("Asia/Shanghai");
    expect(c.DB_POOL_MAX).toBe(10);
    expect(c.MAX_UPLOAD_BYTES).toBe(2 * 1024 ** 3);
    expect(c.FFMPEG).toBe(true);
    expect(c.DATABASE_URL).toBeUndefined();
  });
  it("reads and converts what is set", () => {
    const c = parseConfig({ APP_TIME_ZONE: "Europe/London", DB_POOL_MAX: "4", FFMPEG: "off", S3_FORCE_PATH_STYLE: "false", DATABASE_URL: " postgres://x " });
    expect(c).toMatchObject({ APP_TIME_ZONE: "Europe/London", DB_POOL_MAX: 4, FFMPEG: false, S3_FORCE_PATH_STYLE: false, DATABASE_URL: "postgres://x" });
  });
  it("refuses bad values, naming every one", () => {
    expect(() => parseConfig({ APP_TIME_ZONE: "Mars/Olympus", DB_POOL_MAX: "many", FFMPEG: "maybe" })).toThrow(ConfigError);
    try {
      parseConfig({ APP_TIME_ZONE: "Mars/Olympus", DB_POOL_MAX: "0" });
    } catch (e) {
      expect(String(e)).toContain("APP_TIME_ZONE");
      expect(String(e)).toContain("DB_POOL_MAX");
    }
  });
  it("is what the README's configuration table says (npm run config:docs -- --write)", () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, "../../README.md"), "utf8");
    const block = /<!-- config:begin[^>]*-->\n([\s\S]*?)\n<!-- config:end -->/.exec(readme);
    expect(block?.[1]).toBe(configTable());
  });
});
