// A print thread of lib/person-file/pdf-pool.ts: receives { id, locale, file, printed }, answers
// { id, pdf } (the bytes transferred, not copied) or { id, error }. Fonts are loaded once per thread.
import { parentPort } from "node:worker_threads";
import { isLocale, makeTranslator } from "../lib/i18n";
import type { PersonFile } from "../lib/person-file";
import { personFilePdf } from "../lib/person-file/pdf";

interface Task {
  id: number;
  locale: string;
  file: PersonFile;
  printed: string;
}

parentPort?.on("message", async (task: Task) => {
  try {
    const pdf = await personFilePdf(makeTranslator(isLocale(task.locale) ? task.locale : "zh-CN"), task.file, task.printed);
    const bytes = pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength ? pdf : pdf.slice();
    parentPort?.postMessage({ id: task.id, pdf: bytes }, [bytes.buffer as ArrayBuffer]);
  } catch (err) {
    parentPort?.postMessage({ id: task.id, error: err instanceof Error ? err.message : String(err) });
  }
});
