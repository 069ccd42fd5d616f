// `npm run config:docs`: the README's configuration table, made from lib/core/config.ts (the one
// place every variable is declared). With --write it replaces the table in README.md;
// tests/unit/core-config.test.ts fails when the two differ.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { configTable } from "../lib/core/config";

const readme = path.resolve(import.meta.dirname, "../README.md");
const BEGIN = "<!-- config:begin (npm run config:docs -- --write) -->";
const END = "<!-- config:end -->";

const text = readFileSync(readme, "utf8");
const a = text.indexOf(BEGIN);
const b = text.indexOf(END);
if (a < 0 || b < a) throw new Error(`README.md has no ${BEGIN} … ${END} block`);
const next = `${text.slice(0, a + BEGIN.length)}\n${configTable()}\n${text.slice(b)}`;
if (process.argv.includes("--write")) writeFileSync(readme, next);
else process.stdout.write(`${configTable()}\n`);
