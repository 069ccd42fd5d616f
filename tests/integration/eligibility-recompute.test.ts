import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/client";
import { certificateTypes, jobRequirements, jobs } from "@/db/schema";
import { refreshCache } from "@/lib/eligibility/cache";
import { addDays } from "@/lib/core/time";
import { generateRosterData } from "@/bench/roster-data";
import { createTestDb, drivers } from "../helpers/db";
import { first } from "../helpers/rows";
import { compareCache } from "../helpers/roster-cache";

/**
 * The whole recompute of the roster cache (one set-wise statement) against the pure rules
 * (lib/eligibility/rules.ts, which evaluate one member at a time): on a generated population
 * with certificates expiring on the day itself, the day before and on the edges of the renewal
 * window, members missing certificates altogether, a certificate type turned off, certificates
 * issued in the future, an inactive job and a job without requirements, every cached cell and
 * every member's counts agree, on two days either side of the expiry boundary.
 */
const TZ = "Asia/Shanghai";
const D0 = "2026-11-24";
const D1 = addDays(D0, 1);

describe.each(drivers())("the whole recompute equals the pure rules (%s)", (driver) => {
  let h: DbHandle;

  beforeAll(async () => {
    h = await createTestDb(driver);
    await generateRosterData(h.db, { members: 500, jobs: 10, today: D0, seed: 11 });
    const ex = (q: ReturnType<typeof sql>) => h.db.execute(q);
    // Expiry on the boundary: the last valid day is D0 (valid on D0, expired on D1), D0 - 1
    // (expired), and the first and last day of each type's renewal window.
    await ex(sql`UPDATE member_certificates SET expires_on = ${D0}::date WHERE id % 7 = 0`);
    await ex(sql`UPDATE member_certificates SET expires_on = ${D0}::date - 1 WHERE id % 7 = 1`);
    await ex(sql`UPDATE member_certificates mc SET expires_on = ${D0}::date + t.renew_window_days
                   FROM certificate_types t WHERE t.id = mc.certificate_type_id AND mc.id % 7 = 2`);
    await ex(sql`UPDATE member_certificates mc SET expires_on = ${D0}::date + t.renew_window_days + 1
                   FROM certificate_types t WHERE t.id = mc.certificate_type_id AND mc.id % 7 = 3`);
    // Issued tomorrow: does not count yet. Without expiry: never expires.
    await ex(sql`UPDATE member_certificates SET issued_on = ${D1}::date WHERE id % 11 = 4 AND (expires_on IS NULL OR expires_on > ${D1}::date)`);
    await ex(sql`UPDATE member_certificates SET expires_on = NULL WHERE id % 13 = 5`);
    // Members with no certificate at all.
    await ex(sql`DELETE FROM member_certificates WHERE member_id % 9 = 0`);
    // A certificate type turned off: requirements naming it are broken (nobody meets them).
    await h.db.update(certificateTypes).set({ active: false }).where(eq(certificateTypes.code, "GZ3"));
    // An inactive job (not on the roster) and a job without requirements (open to everyone).
    await h.db.update(jobs).set({ active: false }).where(eq(jobs.code, "GJ04"));
    await h.db.insert(jobs).values({ code: "GJ99", name: "无要求岗位", specialty: "safety" });
  }, 300_000);
  afterAll(async () => h?.close());

  async function compare(day: string) {
    await h.db.execute(sql`UPDATE eligibility_cache_state SET full_dirty = true WHERE id = 1`);
    expect((await refreshCache(h.db, day, TZ)).kind).toBe("full");
    const { mismatches, seen, ids, jobList } = await compareCache(h.db, day, TZ);
    expect(mismatches.slice(0, 5)).toEqual([]);
    return { seen, ids, jobList };
  }

  it("agrees on every member × job the day the boundary certificates are still valid", async () => {
    const { seen, ids } = await compare(D0);
    expect(ids.length).toBeGreaterThan(450);
    expect(seen.eligible).toBeGreaterThan(50);
    expect(seen.expiring).toBeGreaterThan(10);
    expect(seen.missing).toBeGreaterThan(500);
    // The turned-off type keeps everyone out of every job that requires it.
    const gz3 = first(await h.db.select({ id: certificateTypes.id }).from(certificateTypes).where(eq(certificateTypes.code, "GZ3")));
    const broken = rowsOf<{ n: number }>(
      await h.db.execute(sql`SELECT count(*)::int AS n FROM eligibility_cells c
        WHERE c.job_id IN (SELECT job_id FROM ${jobRequirements} WHERE kind = 'certificate' AND ref_id = ${gz3.id})`),
    );
    expect(Number(broken[0]?.n)).toBe(0);
  });

  it("agrees the day after, when the certificates whose last day was yesterday have expired", async () => {
    const { seen } = await compare(D1);
    expect(seen.eligible + seen.expiring).toBeGreaterThan(50);
  });
});
