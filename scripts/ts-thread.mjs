// A worker thread's first module: registers tsx (as `npm start` and `npm run worker` run under it)
// and loads the TypeScript entry named in workerData.entry, so a thread runs lib/ code as the
// process does, whether its parent is tsx, Next's server or Vitest.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register({ tsconfig: workerData.tsconfig });
await import(workerData.entry);
