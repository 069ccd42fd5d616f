import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";

/**
 * Adds an org unit under `parent` (null: a root) with its materialised path, as the org tree's
 * editor would; returns its id and path. For integration tests that build a small tree by hand.
 */
export async function addUnit(db: Db, kind: string, name: string, parent: number | null): Promise<{ id: number; path: string }> {
  const [u] = rowsOf<{ id: number }>(
    await db.execute(sql`INSERT INTO org_units (kind, name, code, parent_id) VALUES (${kind}, ${name}, ${name}, ${parent}) RETURNING id`),
  );
  const id = Number(u!.id);
  const parentPath = parent === null ? "/" : (rowsOf<{ path: string }>(await db.execute(sql`SELECT path FROM org_units WHERE id = ${parent}`))[0]?.path ?? "/");
  const path = `${parentPath}${id}/`;
  await db.execute(sql`UPDATE org_units SET path = ${path} WHERE id = ${id}`);
  return { id, path };
}
