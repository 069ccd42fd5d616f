/**
 * Print threads for a unit's person files: laying out a PDF is nearly all of an export's cost
 * (≈ 25 ms of CPU a member), so with PDF_THREADS > 1 a unit prints on several cores instead of one, and the
 * process running the jobs — the web process itself on the embedded database — keeps its own
 * thread for requests. Each thread (scripts/pdf-thread.ts, started through scripts/ts-thread.mjs
 * under tsx) loads the fonts once and prints one file at a time; files wait in one queue.
 * A thread that fails to start or dies fails its file with `PrintThreadsUnavailable`: the export
 * then prints the rest in its own thread.
 */
import { availableParallelism } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { Locale } from "@/lib/i18n";
import type { PersonFile } from "./index";

export class PrintThreadsUnavailable extends Error {}

/** The PDF_THREADS setting as a number of threads (`0`: the cores, at most 4). */
export function printThreads(setting: number): number {
  return setting > 0 ? setting : Math.min(4, availableParallelism());
}

interface Task {
  id: number;
  message: { id: number; locale: Locale; file: PersonFile; printed: string };
  resolve: (pdf: Uint8Array) => void;
  reject: (err: Error) => void;
}

export interface PrintPool {
  print(locale: Locale, file: PersonFile, printed: string): Promise<Uint8Array>;
  close(): Promise<void>;
}

export function openPrintPool(size: number, root: string = process.cwd()): PrintPool {
  const queue: Task[] = [];
  const threads: { worker: Worker; task: Task | null }[] = [];
  let seq = 0;
  let broken: Error | null = null;
  const next = (t: (typeof threads)[number]) => {
    const task = queue.shift();
    t.task = task ?? null;
    if (task) t.worker.postMessage(task.message);
  };
  const fail = (err: Error) => {
    broken = new PrintThreadsUnavailable(err.message);
    for (const t of threads) {
      t.task?.reject(broken);
      t.task = null;
    }
    for (const task of queue.splice(0)) task.reject(broken);
  };
  for (let i = 0; i < size; i++) {
    // Constructed by reflection: the bundler would follow `new Worker(path)` into the thread's
    // files and try to bundle tsx; the thread loads them from the app's folder at run time.
    const worker: Worker = Reflect.construct(Worker, [
      path.join(root, "scripts/ts-thread.mjs"),
      { workerData: { entry: pathToFileURL(path.join(root, "scripts/pdf-thread.ts")).href, tsconfig: path.join(root, "tsconfig.json") } },
    ]);
    const t = { worker, task: null as Task | null };
    worker.on("message", (m: { id: number; pdf?: Uint8Array; error?: string }) => {
      const task = t.task;
      if (!task || task.id !== m.id) return;
      if (m.pdf) task.resolve(new Uint8Array(m.pdf.buffer, m.pdf.byteOffset, m.pdf.byteLength));
      else task.reject(new Error(m.error ?? "print failed"));
      next(t);
    });
    worker.on("error", fail);
    worker.on("exit", (code) => {
      if (code !== 0 && !broken) fail(new Error(`print thread exited with ${code}`));
    });
    threads.push(t);
  }
  return {
    print(locale, file, printed) {
      if (broken) return Promise.reject(broken);
      return new Promise((resolve, reject) => {
        const id = ++seq;
        queue.push({ id, message: { id, locale, file, printed }, resolve, reject });
        const idle = threads.find((t) => !t.task);
        if (idle) next(idle);
      });
    },
    async close() {
      broken ??= new PrintThreadsUnavailable("closed");
      await Promise.all(threads.map((t) => t.worker.terminate()));
    },
  };
}
