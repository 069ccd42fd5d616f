import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/client";
import { cacheFreshness, refreshCache } from "@/lib/eligibility/cache";
import { generateRosterData } from "@/bench/roster-data";
import { createTestDb, drivers } from "../helpers/db";
import { cacheMismatches } from "../helpers/roster-cache";

/**
 * Per-job staleness of the roster cache: an edit of one job's requirements (or a certificate type
 * turned off, or a job deactivated) marks only the jobs concerned; the refresh recomputes those
 * jobs' cells for every member and leaves every other cell as it was. The result is the one a
 * whole recompute gives (cells and member counts, the pure rules agreeing), and each member's day
 * to look again is never later than the whole recompute's.
 */
const TZ = "Asia/Shanghai";
const D0 = "2026-11-24";

describe.each(drivers())("per-job recompute of the roster cache (%s)", (driver) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await createTestDb(driver);
    await generateRosterData(h.db, { members: 400, jobs: 8, today: D0, seed: 7 });
    expect((await refreshCache(h.db, D0, TZ)).kind).toBe("full");
  }, 300_000);
  afterAll(async () => h?.close());

  const rows = async <T>(q: ReturnType<typeof sql>) => rowsOf<T>(await h.db.execute(q));
  type Cell = { member_id: number; job_id: number; status: string; expiring_on: string | null; first_until: string | null };
  const cells = async () =>
    (
      await rows<Cell>(
        sql`SELECT member_id, job_id, status, expiring_on::text AS expiring_on, first_until::text AS first_until FROM eligibility_cells ORDER BY member_id, job_id`,
      )
    ).map((c) => ({ ...c, member_id: Number(c.member_id), job_id: Number(c.job_id) }));
  type Summary = { member_id: number; n_eligible: number; n_expiring: number; first_until: string | null; recheck_on: string | null };
  const summaries = async () =>
    new Map(
      (
        await rows<Summary>(
          sql`SELECT member_id, n_eligible, n_expiring, first_until::text AS first_until, recheck_on::text AS recheck_on FROM eligibility_member_summary`,
        )
      ).map((s) => [Number(s.member_id), s]),
    );
  const markedJobs = async () => (await rows<{ job_id: number }>(sql`SELECT job_id FROM eligibility_dirty_jobs ORDER BY job_id`)).map((r) => Number(r.job_id));

  /** The per-job result against a whole recompute from the same records (then the cache is whole again). */
  async function expectSameAsWhole() {
    expect((await cacheMismatches(h.db, D0, TZ)).slice(0, 5)).toEqual([]);
    const partCells = await cells();
    const part = await summaries();
    await h.db.execute(sql`UPDATE eligibility_cache_state SET full_dirty = true WHERE id = 1`);
    expect((await refreshCache(h.db, D0, TZ)).kind).toBe("full");
    expect(partCells).toEqual(await cells());
    const whole = await summaries();
    const diffs: unknown[] = [];
    for (const id of new Set([...part.keys(), ...whole.keys()])) {
      const p = part.get(id);
      const w = whole.get(id);
      const pc = [Number(p?.n_eligible ?? 0), Number(p?.n_expiring ?? 0), p?.first_until ?? null];
      const wc = [Number(w?.n_eligible ?? 0), Number(w?.n_expiring ?? 0), w?.first_until ?? null];
      if (JSON.stringify(pc) !== JSON.stringify(wc)) diffs.push({ id, part: pc, whole: wc });
      // Never later than the real change (earlier only costs a recheck of that member).
      if (w?.recheck_on && !(p?.recheck_on && p.recheck_on <= w.recheck_on)) diffs.push({ id, recheck: { part: p?.recheck_on, whole: w.recheck_on } });
    }
    expect(diffs.slice(0, 5)).toEqual([]);
  }

  it("a requirement edit of one job marks that job only; the refresh changes that job's cells only, as a whole recompute would", async () => {
    const [req] = await rows<{ id: number; job_id: number; ref_id: number }>(
      sql`SELECT r.id, r.job_id, r.ref_id FROM job_requirements r
           WHERE r.kind = 'certificate' AND (SELECT count(*) FROM eligibility_cells c WHERE c.job_id = r.job_id) > 10
           ORDER BY r.id LIMIT 1`,
    );
    expect(req).toBeDefined();
    const jobId = Number(req!.job_id);
    // Another certificate type: some members hold it, others do not.
    const [other] = await rows<{ id: number }>(sql`SELECT id FROM certificate_types WHERE active AND id <> ${req!.ref_id} ORDER BY id LIMIT 1`);
    const before = await cells();
    await h.db.execute(sql`UPDATE job_requirements SET ref_id = ${other!.id} WHERE id = ${req!.id}`);
    expect(await markedJobs()).toEqual([jobId]);
    const st = await rows<{ full_dirty: boolean }>(sql`SELECT full_dirty FROM eligibility_cache_state WHERE id = 1`);
    expect(st[0]?.full_dirty).toBe(false);
    expect((await cacheFreshness(h.db, D0, TZ)).pending).toBe(true);

    expect(await refreshCache(h.db, D0, TZ)).toEqual({ kind: "partial", members: 0, jobs: 1 });
    expect(await markedJobs()).toEqual([]);
    expect((await cacheFreshness(h.db, D0, TZ)).pending).toBe(false);
    const after = await cells();
    // Every other job's cells exactly as they were; this job's changed.
    expect(after.filter((c) => c.job_id !== jobId)).toEqual(before.filter((c) => c.job_id !== jobId));
    expect(after.filter((c) => c.job_id === jobId)).not.toEqual(before.filter((c) => c.job_id === jobId));
    await expectSameAsWhole();
  });

  it("a certificate type turned off marks only the jobs whose requirements name it", async () => {
    const [t] = await rows<{ id: number }>(
      sql`SELECT ref_id AS id FROM job_requirements WHERE kind = 'certificate' GROUP BY ref_id
           HAVING count(DISTINCT job_id) < (SELECT count(*) FROM jobs WHERE active) ORDER BY count(DISTINCT job_id) DESC, ref_id LIMIT 1`,
    );
    const want = (
      await rows<{ job_id: number }>(sql`SELECT DISTINCT job_id FROM job_requirements WHERE kind = 'certificate' AND ref_id = ${t!.id} ORDER BY job_id`)
    ).map((r) => Number(r.job_id));
    expect(want.length).toBeGreaterThan(0);
    const before = await cells();
    await h.db.execute(sql`UPDATE certificate_types SET name = name || '（改）' WHERE id = ${t!.id}`);
    expect(await markedJobs()).toEqual([]);
    await h.db.execute(sql`UPDATE certificate_types SET active = false WHERE id = ${t!.id}`);
    expect(await markedJobs()).toEqual(want);
    const r = await refreshCache(h.db, D0, TZ);
    expect(r).toEqual({ kind: "partial", members: 0, jobs: want.length });
    const after = await cells();
    expect(after.filter((c) => !want.includes(c.job_id))).toEqual(before.filter((c) => !want.includes(c.job_id)));
    // Nobody meets a requirement naming a type turned off.
    expect(after.filter((c) => want.includes(c.job_id))).toEqual([]);
    await expectSameAsWhole();
  });

  it("a job deactivated loses its cells and counts; with a member's own change in the same run both are right", async () => {
    const [j] = await rows<{ job_id: number }>(sql`SELECT job_id FROM eligibility_cells GROUP BY job_id ORDER BY count(*) DESC, job_id LIMIT 1`);
    const jobId = Number(j!.job_id);
    const [m] = await rows<{ member_id: number }>(sql`SELECT member_id FROM eligibility_cells WHERE job_id <> ${jobId} ORDER BY member_id LIMIT 1`);
    await h.db.execute(sql`UPDATE jobs SET active = false WHERE id = ${jobId}`);
    await h.db.execute(sql`DELETE FROM member_certificates WHERE member_id = ${m!.member_id}`);
    expect(await markedJobs()).toEqual([jobId]);
    expect(await refreshCache(h.db, D0, TZ)).toEqual({ kind: "partial", members: 1, jobs: 1 });
    expect((await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM eligibility_cells WHERE job_id = ${jobId}`))[0]?.n).toBe(0);
    await expectSameAsWhole();
  });
});
