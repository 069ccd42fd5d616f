import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { searchWords } from "@/lib/core/search-words";

/**
 * Fills `search_words` where it is missing (rows from before the column, or written by SQL),
 * 1,000 members at a time, one UPDATE per batch. Returns how many members it filled. Run at
 * start-up (instrumentation.ts).
 */
export async function fillMissingSearchWords(db: Db): Promise<number> {
  let filled = 0;
  for (;;) {
    const rows = rowsOf<{ id: number; employee_no: string; name: string }>(
      await db.execute(sql`SELECT id, employee_no, name FROM members WHERE search_words IS NULL ORDER BY id LIMIT 1000`),
    );
    if (rows.length === 0) return filled;
    const values = sql.join(
      rows.map((r) => sql`(${Number(r.id)}::int, ${searchWords(r.employee_no, r.name)}::text)`),
      sql`, `,
    );
    await db.execute(sql`UPDATE members m SET search_words = v.w FROM (VALUES ${values}) AS v(id, w) WHERE m.id = v.id`);
    filled += rows.length;
  }
}
