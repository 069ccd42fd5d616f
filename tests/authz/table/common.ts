import { createHash } from "node:crypto";
import type { Account, Caller, Fixture, FieldValue } from "../types";
import { firstN } from "../../helpers/rows";

/** Every principal of the matrix. */
export const ALL = "all" as const;
/** The principal the scope rules are about: a trainer scoped to 采油十队. */
export const TRAINER10 = ["trainer10"] as const;

/** The caller's own account (anonymous borrows the demo worker's number: it has no account). */
export function me(fx: Fixture, who: Caller): Account {
  return who === "anonymous" ? fx.accounts.worker09 : fx.accounts[who];
}

/** The quarter of the fixture's day, e.g. 2026-Q4. */
export function quarter(fx: Fixture): string {
  return `${fx.today.slice(0, 4)}-Q${Math.ceil(Number(fx.today.slice(5, 7)) / 3)}`;
}

export function file(name: string, type: string, content: string | Uint8Array): FieldValue {
  return { file: name, type, bytes: typeof content === "string" ? new TextEncoder().encode(content) : content };
}

/** A CSV file of rows (the first row is the header). */
export function csv(name: string, rows: (string | number)[][]): FieldValue {
  return file(name, "text/csv", `${rows.map((r) => r.join(",")).join("\n")}\n`);
}

/** The smallest JPEG the image check takes. */
export const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]);

/** A day `n` days after `day` (YYYY-MM-DD). */
export function dayAfter(day: string, n: number): string {
  const [y, m, d] = firstN(day.split("-").map(Number), 3, "part of the day");
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** An import's form confirmed from its preview: the file and the preview's digest (app/_lib/import-preview). */
export function confirmedImport(f: FieldValue): { file: FieldValue; confirm: string } {
  if (typeof f !== "object" || Array.isArray(f)) throw new Error("confirmedImport takes a file");
  return { file: f, confirm: createHash("sha256").update(f.bytes).digest("hex") };
}
