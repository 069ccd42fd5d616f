import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";

/**
 * 20 more teams (B队1…20) of 25 stations each under the demo area, with their paths: room for
 * 100,000 members spread over 500 stations, as the member benches need.
 */
export async function addBenchTeams(db: Db): Promise<void> {
  await db.execute(sql`
    INSERT INTO org_units (parent_id, kind, name, code)
    SELECT (SELECT id FROM org_units WHERE code = 'HJ'), 'team', 'B队' || t, 'BT' || t FROM generate_series(1, 20) t;
    UPDATE org_units c SET path = p.path || c.id || '/' FROM org_units p WHERE c.parent_id = p.id AND c.path = '';
    INSERT INTO org_units (parent_id, kind, name, code)
    SELECT u.id, 'station', u.name || '站' || s, u.code || '-S' || s FROM org_units u, generate_series(1, 25) s WHERE u.code LIKE 'BT%';
    UPDATE org_units c SET path = p.path || c.id || '/' FROM org_units p WHERE c.parent_id = p.id AND c.path = '';`);
}
