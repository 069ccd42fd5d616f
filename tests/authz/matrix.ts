import { actionArgs, sendAction, sendRoute, type Answer } from "./call";
import { DbState, type Fingerprint } from "./db-state";
import { actionShape, defaultPage, type BuiltAction, type BuiltRoute } from "./inventory";
import {
  PRINCIPALS,
  type ActionCall,
  type ActionEntry,
  type Caller,
  type Control,
  type Expect,
  type Fixture,
  type PrincipalName,
  type Probe,
  type RouteCall,
  type RouteEntry,
} from "./types";

/**
 * Runs the table against the build: every probe as each principal it names, then the entry's
 * control, one call at a time with a fingerprint of the database after each (a call that changed
 * something is put back before the next), and judges each call.
 */

export interface CallResult {
  key: string;
  who: Caller;
  control: boolean;
  why: string;
  expect: Expect | "changes" | "succeeds";
  answer: Answer | null;
  /** Judged tables (and media files) the call changed. */
  changed: string[];
  /** Null when the call went as the table says; else what went wrong. */
  problem: string | null;
}

export interface MatrixReport {
  inventory: { actions: number; routes: number; missing: string[]; stale: string[] };
  coverage: { required: number; tried: number; untried: string[] };
  results: CallResult[];
}

export interface MatrixInput {
  base: string;
  fx: Fixture;
  state: DbState;
  cookies: Record<Caller, string>;
  root: string;
  built: { actions: BuiltAction[]; routes: BuiltRoute[] };
  table: { actions: ActionEntry[]; routes: RouteEntry[] };
  log?: (line: string) => void;
}

type Sender<C> = (cookie: string, call: C) => Promise<Answer>;

export async function runMatrix(input: MatrixInput): Promise<MatrixReport> {
  const { built, table } = input;
  const actionEntries = new Map(table.actions.map((e) => [e.key, e]));
  const routeEntries = new Map(table.routes.map((e) => [e.key, e]));
  const builtKeys = new Set([...built.actions.map((a) => a.key), ...built.routes.map((r) => r.key)]);
  const missing = [...builtKeys].filter((k) => !actionEntries.has(k) && !routeEntries.has(k));
  const stale = [...actionEntries.keys(), ...routeEntries.keys()].filter((k) => !builtKeys.has(k));

  const results: CallResult[] = [];
  const baseline = await input.state.fingerprint();
  const run = runner(input, baseline, results);

  for (const a of built.actions) {
    const entry = actionEntries.get(a.key);
    if (!entry) continue;
    const shape = entry.shape ?? actionShape(input.root, a) ?? "form";
    const send: Sender<ActionCall> = (cookie, call) => sendAction(input.base, cookie, a.id, call.page ?? defaultPage(a), actionArgs(shape, call));
    await run(entry.key, entry.probes, entry.control, send);
  }
  for (const r of built.routes) {
    const entry = routeEntries.get(r.key);
    if (!entry) continue;
    const send: Sender<RouteCall> = (cookie, call) => sendRoute(input.base, cookie, r.method, call);
    await run(entry.key, entry.probes, entry.control, send);
  }

  const required = [...builtKeys].flatMap((k) => PRINCIPALS.map((p) => `${k} × ${p}`));
  const triedPairs = new Set(results.filter((r) => !r.control && r.answer).map((r) => `${r.key} × ${r.who}`));
  return {
    inventory: { actions: built.actions.length, routes: built.routes.length, missing, stale },
    coverage: { required: required.length, tried: required.filter((p) => triedPairs.has(p)).length, untried: required.filter((p) => !triedPairs.has(p)) },
    results,
  };
}

function runner(input: MatrixInput, baseline: Fingerprint, results: CallResult[]) {
  const log = input.log ?? (() => {});

  /** One call, its fingerprint, and the state put back when it changed anything. */
  async function attempt<C>(send: Sender<C>, who: Caller, call: C): Promise<{ answer: Answer | null; error?: string; changed: string[] }> {
    let answer: Answer | null = null;
    let error: string | undefined;
    try {
      answer = await send(input.cookies[who], call);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    const after = await input.state.fingerprint();
    const changed = DbState.changed(baseline, after);
    let any = DbState.changedAny(baseline, after);
    for (let i = 0; any.length > 0; i++) {
      if (i === 5) throw new Error(`the database could not be put back after a call: ${any.join(", ")}`);
      await input.state.restore(any);
      // Work a request left for after its answer (Next's after()) may land meanwhile.
      await new Promise((r) => setTimeout(r, i === 0 ? 50 : 500));
      any = DbState.changedAny(baseline, await input.state.fingerprint());
    }
    return { answer, error, changed };
  }

  return async function run<C>(key: string, probes: Probe<C>[], control: Control<C> | { none: string }, send: Sender<C>): Promise<void> {
    for (const probe of probes) {
      const who: readonly PrincipalName[] = probe.who === "all" ? PRINCIPALS : probe.who;
      for (const p of who) {
        const expect = probe.expect ?? "refused";
        const { answer, error, changed } = await attempt(send, p, probe.call(input.fx, p));
        const problem = error ? `request failed: ${error}` : judgeProbe(expect, answer!, changed, probe.writes ?? []);
        results.push({ key, who: p, control: false, why: probe.why, expect, answer, changed, problem });
        log(
          `${problem ? "✗" : "✓"} ${key} × ${p}: ${answer ? `${answer.verdict} (${answer.detail})` : error}${changed.length ? ` changed ${changed.join(", ")}` : ""}`,
        );
      }
    }
    if ("none" in control) return;
    const { answer, error, changed } = await attempt(send, control.as, control.call(input.fx));
    let problem: string | null = null;
    if (error) problem = `request failed: ${error}`;
    // An action that returns nothing (a plain form post) says nothing: then its write is the proof.
    else if (
      answer!.verdict !== "succeeded" &&
      !control.sees?.test(answer!.body) &&
      !(answer!.verdict === "silent" && control.expect === "changes" && changed.length > 0)
    )
      problem = `control not accepted: ${answer!.verdict} (${answer!.detail})`;
    else if (control.expect === "changes" && changed.length === 0) problem = `control accepted but changed nothing (${answer!.detail})`;
    results.push({ key, who: control.as, control: true, why: "control: the same call by someone allowed", expect: control.expect, answer, changed, problem });
    log(
      `${problem ? "✗" : "✓"} ${key} × ${control.as} (control): ${answer ? `${answer.verdict} (${answer.detail})` : error}${changed.length ? ` changed ${changed.join(", ")}` : ""}`,
    );
  };
}

/** What went wrong with a probe: it changed something, was accepted, crashed, or said nothing. */
export type ProblemKind = "changed" | "accepted" | "crashed" | "silent" | "request";

export function problemKind(problem: string): ProblemKind {
  return problem.startsWith("changed")
    ? "changed"
    : problem.startsWith("accepted")
      ? "accepted"
      : problem.startsWith("crashed")
        ? "crashed"
        : problem.startsWith("nothing changed")
          ? "silent"
          : "request";
}

function judgeProbe(expect: Expect, answer: Answer, changed: string[], writes: string[]): string | null {
  if (expect === "allowed") {
    if (answer.verdict === "crashed") return `crashed: ${answer.detail}`;
    const beyond = changed.filter((t) => t !== "audit_log" && !writes.includes(t));
    return beyond.length ? `changed ${beyond.join(", ")} (allowed: ${writes.join(", ") || "nothing"})` : null;
  }
  if (changed.length) return `changed ${changed.join(", ")} (answer: ${answer.verdict}, ${answer.detail})`;
  if (expect === "unchanged") return answer.verdict === "crashed" ? `crashed: ${answer.detail}` : null;
  if (answer.verdict === "refused") return null;
  if (answer.verdict === "crashed") return `crashed: ${answer.detail}`;
  if (answer.verdict === "silent") return `nothing changed, but no refusal in the answer (${answer.detail})`;
  return `accepted: ${answer.detail}`;
}
