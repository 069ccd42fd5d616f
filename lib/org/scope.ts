import { sql, type SQL, type AnyColumn } from "drizzle-orm";
import type { Scope } from "@/lib/auth/permissions";

/** SQL that keeps rows whose org path lies inside the scope. */
export function inScope(pathColumn: AnyColumn | SQL, scope: Scope): SQL {
  if (scope.all) return sql`true`;
  if (scope.paths.length === 0) return sql`false`;
  return sql`(${sql.join(
    scope.paths.map((p) => sql`${pathColumn} LIKE ${escapeLike(p) + "%"}`),
    sql` OR `,
  )})`;
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => "\\" + c);
}
