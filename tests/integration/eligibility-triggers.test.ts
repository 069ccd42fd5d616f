import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/client";
import { createTestDb, drivers } from "../helpers/db";

/**
 * The roster cache's triggers come with the migrations (0005), not from the app's first roster
 * read: on a database that only ran its migrations, a member's new record marks them dirty and a
 * requirement change marks the whole cache stale.
 */
describe.each(drivers())("the roster cache's triggers are in the schema (%s)", (driver) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await createTestDb(driver);
  });
  afterAll(async () => h?.close());
  const one = async <T>(q: ReturnType<typeof sql>) => rowsOf<T>(await h.db.execute(q))[0]!;

  it("marks the members whose records change, and the whole cache when requirements change", async () => {
    expect(await one<{ full_dirty: boolean }>(sql`SELECT full_dirty FROM eligibility_cache_state WHERE id = 1`)).toEqual({ full_dirty: true });
    await h.db.execute(sql`UPDATE eligibility_cache_state SET full_dirty = false WHERE id = 1`);
    const u = await one<{ id: number }>(sql`INSERT INTO org_units (kind, name, code, path) VALUES ('area', '区', 'TA', '/') RETURNING id`);
    const m = await one<{ id: number }>(
      sql`INSERT INTO members (employee_no, name, org_unit_id, specialty, status) VALUES ('T1', '甲', ${u.id}, 'safety', 'active') RETURNING id`,
    );
    const t = await one<{ id: number }>(
      sql`INSERT INTO certificate_types (code, name, validity_months, renew_window_days) VALUES ('TZ', '证', 36, 30) RETURNING id`,
    );
    await h.db.execute(sql`DELETE FROM eligibility_dirty`);
    await h.db.execute(
      sql`INSERT INTO member_certificates (member_id, certificate_type_id, number, issued_on, expires_on) VALUES (${m.id}, ${t.id}, 'N1', '2026-01-01', '2029-01-01')`,
    );
    expect(rowsOf<{ member_id: number }>(await h.db.execute(sql`SELECT member_id FROM eligibility_dirty`)).map((r) => Number(r.member_id))).toEqual([
      Number(m.id),
    ]);
    expect(await one<{ full_dirty: boolean }>(sql`SELECT full_dirty FROM eligibility_cache_state WHERE id = 1`)).toEqual({ full_dirty: false });
    const j = await one<{ id: number }>(sql`INSERT INTO jobs (code, name, specialty) VALUES ('TJ', '岗', 'safety') RETURNING id`);
    await h.db.execute(sql`UPDATE eligibility_cache_state SET full_dirty = false WHERE id = 1`);
    await h.db.execute(sql`DELETE FROM eligibility_dirty_jobs`);
    await h.db.execute(sql`INSERT INTO job_requirements (job_id, kind, ref_id) VALUES (${j.id}, 'certificate', ${t.id})`);
    // A requirement marks its job (migration 0022), not the whole cache.
    expect(rowsOf<{ job_id: number }>(await h.db.execute(sql`SELECT job_id FROM eligibility_dirty_jobs`)).map((r) => Number(r.job_id))).toEqual([Number(j.id)]);
    expect(await one<{ full_dirty: boolean }>(sql`SELECT full_dirty FROM eligibility_cache_state WHERE id = 1`)).toEqual({ full_dirty: false });
    // What requirements point to (here a quiz's window) still marks the whole cache.
    const v0 = await one<{ v: string }>(sql`SELECT dirty_version::text AS v FROM eligibility_cache_state WHERE id = 1`);
    await h.db.execute(sql`UPDATE quizzes SET closes_at = closes_at`);
    expect(await one<{ full_dirty: boolean }>(sql`SELECT full_dirty FROM eligibility_cache_state WHERE id = 1`)).toEqual({ full_dirty: true });
    // Every marking bumps the version, marked already or not (a refresh running compares it).
    await h.db.execute(sql`UPDATE quizzes SET closes_at = closes_at`);
    const v1 = await one<{ v: string }>(sql`SELECT dirty_version::text AS v FROM eligibility_cache_state WHERE id = 1`);
    expect(Number(v1.v)).toBe(Number(v0.v) + 2);
  });
});
