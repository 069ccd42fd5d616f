/**
 * Question import bench (issue 13, "Figures"): parse time and peak memory of the importers for
 * the worst-case inputs (a GIFT file of $CATEGORY: lines, an .xlsx zip bomb of rows, one huge
 * shared string) and for 5,000 questions in each format, with the ratio to reading the same
 * file with the parsing library alone (saxes for Moodle XML, exceljs's streaming reader for
 * .xlsx, papaparse for CSV; GIFT has no library).
 *
 *   npx tsx bench/import.ts                         # this tree, 5 runs per case
 *   npx tsx bench/import.ts --root /tmp/before      # another checkout's lib/ (e.g. main), same inputs
 *   npx tsx bench/import.ts --runs 3 --case gift-category --timeout 120
 *
 * Each run is a child process (a fresh heap): time is the parse call's wall time; memory is the
 * child's peak RSS (getrusage maxRSS) above its RSS just before the call, so it counts what the
 * parse itself held. Medians over the runs. A run over --timeout seconds is killed and shown as
 * "> timeout". Inputs are built once into bench/out/import-inputs/ (the 5,000-question files with
 * this tree's exporters, so both trees read the same bytes). No database is touched.
 *
 * Export phase (`--case export`): the same 5,000 questions with one 40 KB picture each (files
 * on disk, as local storage keeps them) written as Moodle XML to /dev/null, the way the export
 * route did before (every picture read into memory, the document built as one string, then
 * encoded: `export-memory`) and does now (question by question, each question's pictures read as
 * it is written, through the route's pull stream: `export-stream`). Both write the same bytes.
 */

import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";

const here = path.dirname(new URL(import.meta.url).pathname);
const repo = path.resolve(here, "..");
const inputs = path.join(repo, "bench/out/import-inputs");

const { values: args } = parseArgs({
  options: {
    root: { type: "string", default: repo },
    runs: { type: "string", default: "5" },
    case: { type: "string", multiple: true },
    timeout: { type: "string", default: "180" },
    child: { type: "string" },
    file: { type: "string" },
    json: { type: "string" },
  },
});

// ---------------------------------------------------------------------------------------------
// Inputs

interface Case {
  name: string;
  what: string;
  file: string;
  /** The importer that reads it; "lib:*" is the parsing library alone. */
  reader: "gift" | "moodle" | "xlsx" | "csv" | "lib:saxes" | "lib:exceljs-stream" | "lib:papaparse" | "export-memory" | "export-stream";
}

const STEMS = ["抽油机的驴头属于（　）。", "巡检时应先检查刹车，再靠近曲柄。", "注水井的油压是指（　）处的压力。", "阀门应缓慢开启，严禁猛开猛关。"];

/** 5,000 questions of the five text-answer types, as GIFT. */
function giftOf5000(): string {
  const out: string[] = ["$CATEGORY: $course$/top/采油/抽油机", ""];
  for (let i = 0; i < 5000; i++) {
    const stem = `${i + 1}. ${STEMS[i % STEMS.length]} 第 ${i} 题，说明文字较长以接近真实题库的长度：现场操作必须按规程进行。`;
    switch (i % 5) {
      case 0:
        out.push(`::题${i}:: ${stem} {=游梁部分#正确。 ~底座部分 ~减速箱 ~电动机}`);
        break;
      case 1:
        out.push(`::题${i}:: ${stem} {~%50%压力表 ~%50%温度计 ~%-100%扳手 ~%-100%榔头}`);
        break;
      case 2:
        out.push(`::题${i}:: ${stem} {T}`);
        break;
      case 3:
        out.push(`::题${i}:: ${stem} {=井口 =油管}`);
        break;
      default:
        out.push(`::题${i}:: ${stem} {#12.5:0.5}`);
    }
    out.push("");
  }
  return out.join("\n");
}

async function buildInputs(): Promise<Case[]> {
  mkdirSync(inputs, { recursive: true });
  const at = (f: string) => path.join(inputs, f);
  const cases: Case[] = [];

  // 909 KB of consecutive $CATEGORY: lines (the file), and half of it.
  const line = "$CATEGORY: $course$/top/采油/抽油机\n";
  for (const kb of [227, 909]) {
    const f = at(`gift-category-${kb}k.gift`);
    if (!existsSync(f)) {
      const n = Math.floor((kb * 1024) / Buffer.byteLength(line));
      writeFileSync(f, `${line.repeat(n)}抽油机的驴头属于游梁部分。{T}\n`);
    }
    cases.push({ name: `gift-category-${kb}k`, what: `GIFT, ${kb} KB of consecutive $CATEGORY: lines`, file: f, reader: "gift" });
  }

  const { hostileXlsx, inlineRow, SHEET_HEAD, SHEET_TAIL, SST_HEAD, SST_TAIL } = await import("../tests/fixtures/import/hostile-xlsx");
  const bomb = at("xlsx-row-bomb.xlsx");
  if (!existsSync(bomb)) {
    const row = inlineRow(["判断", "阀门应缓慢开启。", "对"]);
    writeFileSync(bomb, await hostileXlsx({ head: SHEET_HEAD + inlineRow(["题型", "题干", "答案"]), body: row, times: 10_000_000, tail: SHEET_TAIL }));
  }
  cases.push({ name: "xlsx-row-bomb", what: ".xlsx zip bomb: 10,000,000 rows (≈ 780 MB of XML)", file: bomb, reader: "xlsx" });
  const cell = at("xlsx-huge-string.xlsx");
  if (!existsSync(cell)) {
    writeFileSync(
      cell,
      await hostileXlsx(
        { head: `${SHEET_HEAD}${inlineRow(["题型", "题干", "答案"])}<row><c t="inlineStr"><is><t>判断</t></is></c><c t="s"><v>0</v></c></row>${SHEET_TAIL}` },
        { head: `${SST_HEAD}<si><t>`, body: "x".repeat(1000), times: 200_000, tail: `</t></si>${SST_TAIL}` },
      ),
    );
  }
  cases.push({ name: "xlsx-huge-string", what: ".xlsx with one 200 MB shared string", file: cell, reader: "xlsx" });

  // 20 MB (the upload limit) of the shapes that cost most per byte.
  const MB20 = 20 * 1024 * 1024 - 64;
  const q =
    '<question type="truefalse"><name><text>q</text></name><questiontext format="plain_text"><text>阀门应缓慢开启。</text></questiontext>' +
    '<answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer></question>\n';
  for (const [name, what, reader, unit, head, tail] of [
    ["gift-20mb-questions", "GIFT, 20 MB of tiny questions", "gift", "Q {T}\n\n", "", ""],
    ["gift-20mb-errors", "GIFT, 20 MB of blocks without an answer", "gift", "Q\n\n", "", ""],
    ["gift-20mb-one-block", "GIFT, one 20 MB question of alternatives", "gift", "~b ", "Q {=a ", "}\n"],
    ["xml-20mb-questions", "Moodle XML, 20 MB of questions", "moodle", q, "<quiz>\n", "</quiz>\n"],
    ["xml-20mb-elements", "Moodle XML, 20 MB of small elements", "moodle", "<a>x</a>", "<quiz>", "</quiz>"],
    ["xml-20mb-one-question", "Moodle XML, one 20 MB question", "moodle", "<b/>", '<quiz><question type="essay">', "</question></quiz>"],
  ] as const) {
    const f = at(`${name}.${reader === "gift" ? "gift" : "xml"}`);
    if (!existsSync(f)) writeFileSync(f, head + unit.repeat(Math.floor((MB20 - Buffer.byteLength(head + tail)) / Buffer.byteLength(unit))) + tail);
    cases.push({ name, what, file: f, reader });
  }

  // 5,000 questions per format, written by this tree's exporters.
  const gift = at("bank-5000.gift");
  const xml = at("bank-5000.xml");
  const xlsx = at("bank-5000.xlsx");
  const csv = at("bank-5000.csv");
  if (![gift, xml, xlsx, csv].every(existsSync)) {
    const text = giftOf5000();
    writeFileSync(gift, text);
    const { importGift } = await import("../lib/quiz/import/gift");
    const r = await importGift(text);
    if (!r.ok) throw new Error(`the bench's GIFT does not import: ${JSON.stringify(r.problems.slice(0, 3))}`);
    const { exportMoodleXml } = await import("../lib/quiz/import/moodle-xml");
    writeFileSync(xml, exportMoodleXml(r.questions));
    const { exportXlsx } = await import("../lib/quiz/import/xlsx");
    const book = await exportXlsx(r.questions);
    writeFileSync(xlsx, book);
    // The same sheet saved as CSV ("CSV UTF-8" in Excel).
    const ExcelJS = (await import("exceljs")).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(book as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const ws = wb.worksheets.find((w) => w.name === "题库") ?? wb.worksheets[0]!;
    const lines: string[] = [];
    ws.eachRow((row) => {
      const cells = (row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? "" : String(v)));
      lines.push(cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(","));
    });
    writeFileSync(csv, `\uFEFF${lines.join("\r\n")}\r\n`);
  }
  cases.push(
    { name: "bank-5000-gift", what: "5,000 questions, GIFT", file: gift, reader: "gift" },
    { name: "bank-5000-xml", what: "5,000 questions, Moodle XML", file: xml, reader: "moodle" },
    { name: "bank-5000-xml-saxes", what: "  same file, saxes alone", file: xml, reader: "lib:saxes" },
    { name: "bank-5000-xlsx", what: "5,000 questions, .xlsx", file: xlsx, reader: "xlsx" },
    { name: "bank-5000-xlsx-exceljs", what: "  same file, exceljs streaming reader alone", file: xlsx, reader: "lib:exceljs-stream" },
    { name: "bank-5000-csv", what: "5,000 questions, CSV of the template", file: csv, reader: "csv" },
    { name: "bank-5000-csv-papaparse", what: "  same file, papaparse alone", file: csv, reader: "lib:papaparse" },
  );
  // The 5,000 questions with a picture each, for the export phase.
  const bank = at("bank-5000-pictures.json");
  const pics = at("pictures");
  if (!existsSync(bank)) {
    const { importGift } = await import("../lib/quiz/import/gift");
    const r = await importGift(giftOf5000());
    if (!r.ok) throw new Error("the bench's GIFT does not import");
    mkdirSync(pics, { recursive: true });
    const { mediaToken } = await import("../lib/quiz/media-refs");
    const questions = r.questions.map((q, i) => {
      const id = `p${String(i).padStart(15, "0")}`;
      // Incompressible bytes behind a JPEG signature: what a phone photo resized to 40 KB weighs.
      writeFileSync(path.join(pics, id), Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(40 * 1024 - 4)]));
      return { ...q, stem: `${q.stem}\n${mediaToken({ id, width: 800, height: 600 })}` };
    });
    writeFileSync(bank, JSON.stringify(questions));
  }
  cases.push(
    { name: "export-memory", what: "export 5,000 questions + 5,000 pictures (40 KB) to Moodle XML, in memory (before)", file: bank, reader: "export-memory" },
    { name: "export-stream", what: "  the same, streamed question by question (after)", file: bank, reader: "export-stream" },
  );
  return cases;
}

/** The export phase: the bank's questions and a reader of their picture files (the storage layer's local files). */
async function exportRun(reader: "export-memory" | "export-stream", file: string, root: string): Promise<() => Promise<unknown>> {
  const questions = JSON.parse(readFileSync(file, "utf8"));
  const pics = path.join(path.dirname(file), "pictures");
  const readPicture = async (id: string) => ({ name: `${id}.jpg`, bytes: new Uint8Array(await readFile(path.join(pics, id))) });
  const m = await import(path.join(root, "lib/quiz/import/moodle-xml.ts"));
  const { mediaRefs } = await import(path.join(root, "lib/quiz/media-refs.ts"));
  if (reader === "export-memory") {
    return async () => {
      // As the route was: every picture read (pictureFiles), one string, encoded, sent.
      const files = new Map();
      for (const { id } of mediaRefs(JSON.stringify(questions))) if (!files.has(id)) files.set(id, await readPicture(id));
      const body = new TextEncoder().encode(m.exportMoodleXml(questions, files));
      await pipeline(Readable.from([body]), createWriteStream("/dev/null"));
      return body.byteLength;
    };
  }
  if (!m.moodleXmlBody) throw new Error("no streamed export in this tree");
  return async () => {
    let bytes = 0;
    const body = Readable.fromWeb(m.moodleXmlBody(questions, readPicture));
    body.on("data", (c: Buffer) => {
      bytes += c.byteLength;
    });
    await pipeline(body, createWriteStream("/dev/null"));
    return bytes;
  };
}

// ---------------------------------------------------------------------------------------------
// One run (child process)

async function child(reader: Case["reader"], file: string, root: string): Promise<void> {
  const bytes = reader.startsWith("export") ? new Uint8Array() : new Uint8Array(readFileSync(file));
  let parse: () => Promise<unknown>;
  const lib = (p: string) => import(path.join(root, p));
  switch (reader) {
    case "gift": {
      const { importGift } = await lib("lib/quiz/import/gift.ts");
      parse = () => importGift(bytes);
      break;
    }
    case "moodle": {
      const { importMoodleXml } = await lib("lib/quiz/import/moodle-xml.ts");
      parse = () => importMoodleXml(bytes);
      break;
    }
    case "xlsx": {
      const { importXlsx } = await lib("lib/quiz/import/xlsx.ts");
      parse = () => importXlsx(bytes);
      break;
    }
    case "csv": {
      const m = await lib("lib/quiz/import/xlsx.ts");
      if (!m.importCsv) throw new Error("no CSV import in this tree");
      parse = () => m.importCsv(bytes);
      break;
    }
    case "lib:saxes": {
      const { SaxesParser } = await import("saxes");
      parse = async () => {
        const p = new SaxesParser();
        let n = 0;
        p.on("opentag", () => n++);
        p.on("text", () => n++);
        p.on("closetag", () => n++);
        p.write(new TextDecoder().decode(bytes)).close();
        return n;
      };
      break;
    }
    case "lib:exceljs-stream": {
      const ExcelJS = (await import("exceljs")).default;
      parse = async () => {
        let n = 0;
        const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes)]), { sharedStrings: "cache", worksheets: "emit" });
        for await (const ws of reader) for await (const _row of ws) n++;
        return n;
      };
      break;
    }
    case "export-memory":
    case "export-stream":
      parse = await exportRun(reader, file, root);
      break;
    case "lib:papaparse": {
      const Papa = (await import("papaparse")).default;
      parse = async () => Papa.parse(new TextDecoder().decode(bytes)).data.length;
      break;
    }
  }
  globalThis.gc?.();
  const before = process.memoryUsage.rss();
  const t = performance.now();
  const r = (await parse()) as { ok?: boolean; problems?: { code: string }[] } | number;
  const ms = performance.now() - t;
  const peak = process.resourceUsage().maxRSS * 1024;
  const outcome =
    typeof r === "number" ? `${r} ${reader.startsWith("export") ? "bytes written" : "events/rows"}` : r.ok ? "ok" : (r.problems?.[0]?.code ?? "refused");
  process.stdout.write(`${JSON.stringify({ ms, mb: Math.max(0, peak - before) / (1024 * 1024), outcome })}\n`);
}

// ---------------------------------------------------------------------------------------------
// Driver

interface Run {
  ms: number;
  mb: number;
  outcome: string;
}

function runOnce(c: Case, root: string, timeoutS: number): Run | "timeout" | string {
  const r = spawnSync(
    process.execPath,
    ["--expose-gc", "--max-old-space-size=8192", "--import", "tsx", path.join(here, "import.ts"), "--child", c.reader, "--file", c.file, "--root", root],
    { cwd: repo, timeout: timeoutS * 1000, encoding: "utf8", maxBuffer: 1 << 20 },
  );
  if (r.error && (r.error as NodeJS.ErrnoException).code === "ETIMEDOUT") return "timeout";
  const line = r.stdout.trim().split("\n").at(-1) ?? "";
  try {
    return JSON.parse(line) as Run;
  } catch {
    return `failed (${r.signal ?? r.status}): ${(r.stderr || "").trim().split("\n").slice(-2).join(" ")}`;
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

async function main() {
  if (args.child) return child(args.child as Case["reader"], args.file!, args.root!);
  const root = path.resolve(args.root!);
  const runs = Number(args.runs);
  const timeoutS = Number(args.timeout);
  const cases = (await buildInputs()).filter((c) => !args.case || args.case.some((n) => c.name.startsWith(n)));
  const results: Record<string, { what: string; bytes: number; ms?: number; mb?: number; outcome: string; runs: number }> = {};
  console.log(`root: ${root}  runs: ${runs}  timeout: ${timeoutS} s\n`);
  console.log(`${"case".padEnd(26)} ${"file".padStart(10)} ${"median ms".padStart(10)} ${"peak MB".padStart(8)}  outcome`);
  for (const c of cases) {
    const bytes = readFileSync(c.file).byteLength;
    const ok: Run[] = [];
    let note = "";
    for (let i = 0; i < runs; i++) {
      const r = runOnce(c, root, timeoutS);
      if (typeof r === "string") {
        note = r === "timeout" ? `> ${timeoutS} s (killed)` : r;
        break;
      }
      ok.push(r);
    }
    const ms = ok.length ? median(ok.map((r) => r.ms)) : undefined;
    const mb = ok.length ? median(ok.map((r) => r.mb)) : undefined;
    const outcome = note || ok[0]?.outcome || "";
    results[c.name] = { what: c.what, bytes, ...(ms === undefined ? {} : { ms, mb }), outcome, runs: ok.length };
    const kb = bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MB` : `${(bytes / 1024).toFixed(0)} KB`;
    console.log(
      `${c.name.padEnd(26)} ${kb.padStart(10)} ${ms === undefined ? "-".padStart(10) : ms.toFixed(0).padStart(10)} ${mb === undefined ? "-".padStart(8) : mb.toFixed(0).padStart(8)}  ${outcome}`,
    );
  }
  const ratio = (a: string, b: string) => {
    const x = results[a]?.ms;
    const y = results[b]?.ms;
    return x !== undefined && y !== undefined ? (x / y).toFixed(2) : "-";
  };
  console.log(
    `\nratio to the library alone: Moodle XML ${ratio("bank-5000-xml", "bank-5000-xml-saxes")}×, .xlsx ${ratio("bank-5000-xlsx", "bank-5000-xlsx-exceljs")}×, CSV ${ratio("bank-5000-csv", "bank-5000-csv-papaparse")}×`,
  );
  const exported = (k: "ms" | "mb") => {
    const x = results["export-memory"]?.[k];
    const y = results["export-stream"]?.[k];
    return x !== undefined && y !== undefined ? (x / y).toFixed(2) : "-";
  };
  console.log(`export before/after: time ${exported("ms")}×, peak memory ${exported("mb")}×`);
  if (args.json) writeFileSync(args.json, JSON.stringify({ root, runs, results }, null, 2));
}

await main();
