import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { EXCLUDED_TABLES } from "./db-state";
import { problemKind, type CallResult, type MatrixReport, type ProblemKind } from "./matrix";
import { PRINCIPALS } from "./types";

/** The matrix as a person reads it: coverage, the holes (pair by pair), failed controls, exclusions. */
export function summary(r: MatrixReport): string {
  const pct = r.coverage.required ? ((100 * r.coverage.tried) / r.coverage.required).toFixed(1) : "0";
  const probes = r.results.filter((x) => !x.control);
  const holes = probes.filter((x) => x.problem);
  const controls = r.results.filter((x) => x.control);
  const badControls = controls.filter((x) => x.problem);
  const lines: string[] = [];
  lines.push(`# Authorization matrix`);
  lines.push("");
  lines.push(`Built: ${r.inventory.actions} server actions, ${r.inventory.routes} route handler methods; principals: ${PRINCIPALS.join(", ")}.`);
  lines.push(`Coverage: ${r.coverage.tried} / ${r.coverage.required} (action or route × principal) tried = ${pct} % (100 % required).`);
  lines.push(`Calls: ${probes.length} probes (${holes.length} failed), ${controls.length} controls (${badControls.length} failed).`);
  if (r.inventory.missing.length)
    lines.push("", `## In the build but not in the table (add an entry in tests/authz/table/)`, ...r.inventory.missing.map((k) => `- ${k}`));
  if (r.inventory.stale.length) lines.push("", `## In the table but not in the build (remove or rename the entry)`, ...r.inventory.stale.map((k) => `- ${k}`));
  if (r.coverage.untried.length) lines.push("", `## Pairs not tried`, ...r.coverage.untried.map((k) => `- ${k}`));
  const sections: [ProblemKind, string][] = [
    ["changed", "Changed the database (or the media files)"],
    ["accepted", "Accepted: a success answer (nothing changed, or a read it should not get)"],
    ["crashed", "Crashed (5xx) instead of a refusal"],
    ["silent", "Nothing changed, but the answer says nothing (no 403/404, no error state): a refusal the user never sees"],
    ["request", "The request itself failed"],
  ];
  for (const [kind, title] of sections) {
    const rows = holes.filter((h) => problemKind(h.problem!) === kind);
    if (rows.length === 0) continue;
    lines.push("", `## ${title} (${rows.length})`, "", "| action or route | principal | out of scope because | what happened |", "|---|---|---|---|");
    for (const h of rows) lines.push(row(h));
  }
  if (badControls.length) {
    lines.push(
      "",
      `## Controls that failed (the probe's arguments may no longer fit the action: fix the entry)`,
      "",
      "| action or route | as | what happened |",
      "|---|---|---|",
    );
    for (const c of badControls) lines.push(`| ${c.key} | ${c.who} | ${cell(c.problem!)} |`);
  }
  lines.push("", "## Tables a refused call may write (not judged)", ...Object.entries(EXCLUDED_TABLES).map(([t, why]) => `- ${t}: ${why}`));
  return `${lines.join("\n")}\n`;
}

function row(h: CallResult): string {
  return `| ${h.key} | ${h.who} | ${h.why} | ${cell(h.problem!)} |`;
}

function cell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

export async function writeReport(dir: string, r: MatrixReport): Promise<{ markdown: string; json: string }> {
  await mkdir(dir, { recursive: true });
  const markdown = path.join(dir, "authz-matrix.md");
  const json = path.join(dir, "authz-matrix.json");
  await writeFile(markdown, summary(r));
  const slim = {
    ...r,
    results: r.results.map(({ answer, ...rest }) => ({ ...rest, answer: answer && { status: answer.status, verdict: answer.verdict, detail: answer.detail } })),
  };
  await writeFile(json, JSON.stringify(slim, null, 2));
  return { markdown, json };
}
