/**
 * The process's structured log: one JSON object per line on stdout (pino), each carrying the id
 * of the request it belongs to. The id is held in an AsyncLocalStorage for the duration of the
 * request (scripts/serve.ts starts it), so code deep in lib/ logs without passing it around.
 * Both live on globalThis: the server script and Next's bundled route code share them.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import pino, { type DestinationStream, type Logger } from "pino";
import { config } from "./config";

export interface RequestContext {
  requestId: string;
}

type Global = typeof globalThis & { __jobreadyLog?: { context: AsyncLocalStorage<RequestContext>; logger: Logger } };

/** A logger writing to `destination` (stdout by default) with the request id mixed into every line. */
export function makeLogger(context: AsyncLocalStorage<RequestContext>, destination?: DestinationStream): Logger {
  return pino(
    {
      level: config().LOG_LEVEL,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const ctx = context.getStore();
        return ctx ? { requestId: ctx.requestId } : {};
      },
    },
    destination,
  );
}

function state() {
  const g = globalThis as Global;
  if (!g.__jobreadyLog) {
    const context = new AsyncLocalStorage<RequestContext>();
    g.__jobreadyLog = { context, logger: makeLogger(context) };
  }
  return g.__jobreadyLog;
}

/** The process's logger. */
export function log(): Logger {
  return state().logger;
}

/** Replaces the logger (tests capture the lines); returns the one it replaced. */
export function setLogger(make: (context: AsyncLocalStorage<RequestContext>) => Logger): Logger {
  const s = state();
  const before = s.logger;
  s.logger = make(s.context);
  return before;
}

/** Runs `fn` with `ctx` as the current request: every line logged meanwhile carries its id. */
export function withRequest<T>(ctx: RequestContext, fn: () => T): T {
  return state().context.run(ctx, fn);
}
