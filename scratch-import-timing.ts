import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { seedDemo } from "@/db/seed";
import { importMembers } from "@/lib/members/import";
import { createTestDb } from "./tests/helpers/db";
import { csvOf, HEADERS, xlsxOf } from "./tests/fixtures/import/build";

const UNITS = ["韦2中转站", "T08-W4", "马五中转站", "综合维修班", "T10-W811"];
const rows = Array.from({ length: 10_000 }, (_, i) => [String(300001 + i), "职工" + i, UNITS[i % 5], ["采油", "集输", "锅炉"][i % 3], i % 2 ? "集输工" : "", "中级工", i % 4 ? "否" : "是", `20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 9}`, "在岗", "139" + String(i).padStart(8, "0")]);
const csv = csvOf([HEADERS, ...rows]);
const xlsx = await xlsxOf([HEADERS, ...rows]);
console.log(`files: csv ${(csv.length / 1024).toFixed(0)} KB, xlsx ${(xlsx.length / 1024).toFixed(0)} KB`);
for (const driver of process.env.TEST_DATABASE_URL ? (["pglite", "postgres"] as const) : (["pglite"] as const)) {
  const h = await createTestDb(driver);
  await seedDemo(h.db);
  const [{ id }] = rowsOf<{ id: number }>(await h.db.execute(sql`SELECT id FROM users ORDER BY id LIMIT 1`));
  const time = async (label: string, file: Buffer, pw?: string) => {
    const t = performance.now();
    const r = await importMembers(h.db, id, file, "x", { initialPassword: pw });
    console.log(driver, label, `${(performance.now() - t).toFixed(0)} ms`, JSON.stringify(r).slice(0, 120));
  };
  await time("csv create 10k + accounts", csv, "Start2026");
  await time("csv update 10k", csv);
  await time("xlsx update 10k", xlsx);
  await h.close();
}
