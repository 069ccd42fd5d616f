import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ActionShape } from "./types";

/**
 * What the build serves: every server action (the server-reference manifest `next build` writes)
 * and every route handler method (the app-paths manifest, methods read from the route's source).
 * The matrix is checked against this list, so a new action or route fails it until it is listed.
 */

export interface BuiltAction {
  key: string;
  id: string;
  filename: string;
  exportedName: string;
  /** Pages whose bundle includes the action: it is posted to one of them. */
  workers: string[];
}

export interface BuiltRoute {
  key: string;
  /** `app/…/route.ts` */
  file: string;
  method: string;
}

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

export function builtActions(distDir: string): BuiltAction[] {
  const file = path.join(distDir, "server", "server-reference-manifest.json");
  const manifest = JSON.parse(readFileSync(file, "utf8")) as {
    node: Record<string, { workers: Record<string, unknown>; filename: string; exportedName: string }>;
  };
  return Object.entries(manifest.node)
    .map(([id, a]) => ({ key: `${a.filename}#${a.exportedName}`, id, filename: a.filename, exportedName: a.exportedName, workers: Object.keys(a.workers) }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

/** Methods a route module exports: `export async function GET`, `export const GET =`, `export const { GET, POST } =`. */
export function routeMethods(source: string): string[] {
  const found = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:async\s+)?(?:function|const|let)\s+([A-Z]+)\b/g)) found.add(m[1]!);
  for (const m of source.matchAll(/export\s+const\s*\{([^}]*)\}/g)) for (const name of m[1]!.split(",")) found.add(name.split(":").pop()!.trim());
  for (const m of source.matchAll(/export\s*\{([^}]*)\}/g))
    for (const name of m[1]!.split(","))
      found.add(
        name
          .split(/\s+as\s+/)
          .pop()!
          .trim(),
      );
  return HTTP_METHODS.filter((h) => found.has(h));
}

export function builtRoutes(distDir: string, root: string): BuiltRoute[] {
  const manifest = JSON.parse(readFileSync(path.join(distDir, "server", "app-paths-manifest.json"), "utf8")) as Record<string, string>;
  const out: BuiltRoute[] = [];
  for (const route of Object.keys(manifest)) {
    if (!route.endsWith("/route")) continue;
    // Next's own (favicon, robots) have no route.ts of ours.
    const base = `app${route}`;
    const file = [".ts", ".tsx", ".js"].map((ext) => base + ext).find((f) => existsSync(path.join(root, f)));
    if (!file) continue;
    for (const method of routeMethods(readFileSync(path.join(root, file), "utf8"))) out.push({ key: `${file}#${method}`, file, method });
  }
  return out.sort((a, b) => a.key.localeCompare(b.key));
}

/** The URL path of a page worker (`app/(app)/contests/[id]/page`), dynamic segments filled with `fill`. */
export function pagePath(worker: string, fill = "1"): string {
  const segments = worker
    .replace(/^app/, "")
    .replace(/\/page$/, "")
    .split("/")
    .filter((s) => s && !/^\(.*\)$/.test(s) && !s.startsWith("@"))
    .map((s) => (s.startsWith("[") ? fill : s));
  return `/${segments.join("/")}`;
}

/** The worker with the fewest dynamic segments: its page is the cheapest place to post to. */
export function defaultPage(a: BuiltAction): string {
  const score = (w: string) => (w.match(/\[/g) ?? []).length * 100 + w.length;
  const best = [...a.workers].sort((x, y) => score(x) - score(y))[0];
  return pagePath(best ?? "app/page");
}

/**
 * How an action takes its arguments, from its source: `formAction(…)` and two-parameter
 * functions take the previous state and the form (`useActionState`), `redirectAction(…)` and
 * one-parameter functions take the form, none take nothing.
 */
export function actionShape(root: string, a: BuiltAction): ActionShape | null {
  const file = path.join(root, a.filename);
  if (!existsSync(file) || a.exportedName.startsWith("$$")) return null;
  const src = readFileSync(file, "utf8");
  const name = a.exportedName.replace(/\$/g, "\\$");
  const wrapped = new RegExp(`export\\s+const\\s+${name}\\s*=\\s*(formAction|redirectAction)\\s*(<[^(]*>)?\\s*\\(`).exec(src);
  if (wrapped) return wrapped[1] === "formAction" ? "state-form" : "form";
  const fn =
    new RegExp(`export\\s+async\\s+function\\s+${name}\\s*\\(([^)]*)\\)`).exec(src) ??
    new RegExp(`export\\s+const\\s+${name}\\s*=\\s*async\\s*\\(([^)]*)\\)\\s*(:[^=]*)?=>`).exec(src);
  if (!fn) return null;
  const params = fn[1]!
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  if (params.length === 2) return "state-form";
  if (params.length === 1) return /FormData/.test(params[0]!) ? "form" : "args";
  return "args";
}
