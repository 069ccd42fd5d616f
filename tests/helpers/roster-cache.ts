import { asc, eq, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { jobs } from "@/db/schema";
import { loadFacts, loadRequirements } from "@/lib/eligibility/data";
import { evaluateJob } from "@/lib/eligibility/rules";
import type { JobStatus } from "@/lib/eligibility/types";

/**
 * Every cached cell and member summary of the roster cache against the pure rules
 * (lib/eligibility/rules.ts, one member at a time) on `day`: the list of disagreements (empty when
 * the cache is right). Jobs with requirements hold eligible/expiring cells; a job without any is
 * eligible without a cell for everyone whose 三级安全教育 is complete (the roster reads that live).
 */
export async function cacheMismatches(db: Db, day: string, tz: string): Promise<unknown[]> {
  return (await compareCache(db, day, tz)).mismatches;
}

/**
 * The same comparison with what it went over: the disagreements, how many member × job pairs the
 * rules put in each status, the members (by id) and the active jobs (by code).
 */
export async function compareCache(
  db: Db,
  day: string,
  tz: string,
): Promise<{ mismatches: unknown[]; seen: Record<JobStatus, number>; ids: number[]; jobList: { id: number; code: string }[] }> {
  const jobList = await db.select({ id: jobs.id, code: jobs.code }).from(jobs).where(eq(jobs.active, true)).orderBy(asc(jobs.code));
  const requirements = await loadRequirements(
    db,
    jobList.map((j) => j.id),
  );
  const ids = rowsOf<{ id: number }>(await db.execute(sql`SELECT id FROM members ORDER BY id`)).map((r) => Number(r.id));
  const facts = await loadFacts(db, ids, tz);
  const cells = new Map<string, { status: string; expiring_on: string | null }>();
  for (const c of rowsOf<{ member_id: number; job_id: number; status: string; expiring_on: string | null }>(
    await db.execute(sql`SELECT member_id, job_id, status, expiring_on::text AS expiring_on FROM eligibility_cells`),
  ))
    cells.set(`${c.member_id}:${c.job_id}`, { status: c.status, expiring_on: c.expiring_on });
  const summary = new Map(
    rowsOf<{ member_id: number; n_eligible: number; n_expiring: number }>(
      await db.execute(sql`SELECT member_id, n_eligible, n_expiring FROM eligibility_member_summary`),
    ).map((r) => [Number(r.member_id), { e: Number(r.n_eligible), x: Number(r.n_expiring) }]),
  );
  const nReq = new Map<number, number>();
  for (const r of requirements) nReq.set(r.jobId, (nReq.get(r.jobId) ?? 0) + 1);
  const seen: Record<JobStatus, number> = { eligible: 0, expiring: 0, missing: 0 };
  const out: unknown[] = [];
  for (const id of ids) {
    let e = 0;
    let x = 0;
    for (const j of jobList) {
      const want = evaluateJob(j.id, requirements, facts.get(id)!, day);
      seen[want.status]++;
      const c = cells.get(`${id}:${j.id}`);
      const got = nReq.get(j.id)
        ? c
          ? { status: c.status, expiresOn: c.status === "expiring" ? c.expiring_on : null }
          : { status: "missing", expiresOn: null }
        : { status: facts.get(id)!.inductionOpen?.length ? "missing" : "eligible", expiresOn: null };
      if (got.status !== want.status || got.expiresOn !== want.expiresOn)
        out.push({ member: id, job: j.code, got, want: { status: want.status, expiresOn: want.expiresOn } });
      if (nReq.get(j.id) && want.status === "eligible") e++;
      if (want.status === "expiring") x++;
    }
    const s = summary.get(id) ?? { e: 0, x: 0 };
    if (s.e !== e || s.x !== x) out.push({ member: id, summary: s, want: { e, x } });
  }
  return { mismatches: out, seen, ids, jobList };
}
