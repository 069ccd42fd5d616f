import { eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  certificateTypes,
  courses,
  jobRequirements,
  jobs,
  memberCertificates,
  memberJobTargets,
  members,
  orgUnits,
  practicalTasks,
  quizzes,
  stationJobMinimums,
} from "@/db/schema";
import { addDays, dayIn } from "@/lib/core/time";
import * as clock from "@/lib/core/clock";

const TYPES = [
  { code: "H2S", name: "硫化氢防护培训合格证", validityMonths: 24, renewWindowDays: 60 },
  { code: "SAFE", name: "安全生产知识合格证", validityMonths: 36, renewWindowDays: 60 },
  { code: "BOIL-OP", name: "司炉操作证", validityMonths: 48, renewWindowDays: 90 },
  { code: "ELEC-OP", name: "电工特种作业操作证", validityMonths: 72, renewWindowDays: 90 },
];

type Req = {
  kind: "quiz" | "course" | "class" | "certificate" | "signoff" | "service";
  cert?: string;
  course?: string;
  task?: string;
  series?: string;
  minScore?: number;
  minCount?: number;
  withinMonths?: number;
  withinQuarters?: number;
};

/** What the demo jobs require: some easy to meet, some that nobody in the demo meets yet. */
const REQUIREMENTS: Record<string, Req[]> = {
  "J-GATH": [
    { kind: "certificate", cert: "H2S" },
    { kind: "service", minCount: 6 },
  ],
  "J-STATION": [
    { kind: "certificate", cert: "H2S" },
    { kind: "certificate", cert: "SAFE" },
    { kind: "quiz", series: "季度小会考", minScore: 80, withinQuarters: 4 },
    { kind: "signoff", task: "GY-QDF-01", withinMonths: 24 },
    { kind: "class", series: "technician", minCount: 1, withinMonths: 12 },
    { kind: "service", minCount: 36 },
  ],
  "J-OIL": [
    { kind: "certificate", cert: "H2S" },
    { kind: "course", course: "DEMO-C1" },
  ],
  "J-BOIL": [
    { kind: "certificate", cert: "BOIL-OP" },
    { kind: "service", minCount: 12 },
  ],
  "J-ELEC": [{ kind: "certificate", cert: "ELEC-OP" }],
  "J-SAFE": [{ kind: "certificate", cert: "SAFE" }],
  "J-LEAD": [
    { kind: "certificate", cert: "SAFE" },
    { kind: "service", minCount: 60 },
  ],
};

/** Members' certificates: which type by job, and an expiry spread so the roster has every colour. */
const CERTS_BY_JOB: Record<string, string[]> = {
  "J-GATH": ["H2S"],
  "J-STATION": ["H2S", "SAFE"],
  "J-OIL": ["H2S"],
  "J-OIL-LEAD": ["H2S", "SAFE"],
  "J-BOIL": ["BOIL-OP", "H2S"],
  "J-ELEC": ["ELEC-OP"],
  "J-SAFE": ["SAFE", "H2S"],
  "J-LEAD": ["SAFE", "H2S"],
  "J-INST": ["H2S"],
  "J-MAINT": ["H2S"],
};

const MINIMUMS: [string, string, number][] = [
  ["T09-W2", "J-GATH", 4],
  ["T09-W2", "J-STATION", 1],
  ["T09-W9", "J-GATH", 4],
  ["T09-W9", "J-STATION", 1],
  ["T09-W2B", "J-BOIL", 3],
  ["TZH-DG", "J-ELEC", 6],
];

/**
 * Demo certificate types, job requirements, certificates (valid, expiring, expired, missing),
 * a target job for the demo worker and coverage minimums. Idempotent: keyed by codes and
 * certificate numbers; requirements are only added to a job that has none.
 */
export async function seedDemoEligibility(db: Db, now = clock.now()): Promise<void> {
  const today = dayIn(now, clock.timeZone());
  await db.insert(certificateTypes).values(TYPES).onConflictDoNothing();
  const types = new Map((await db.select().from(certificateTypes)).map((t) => [t.code, t]));
  const jobRows = new Map((await db.select().from(jobs)).map((j) => [j.code, j]));
  // The demo quarterly quiz belongs to the 季度小会考 series that requirements name.
  await db.update(quizzes).set({ series: "季度小会考" }).where(isNull(quizzes.series));
  const [course] = await db.select({ id: courses.id }).from(courses).where(eq(courses.code, "DEMO-C1"));
  const [task] = await db.select({ id: practicalTasks.id }).from(practicalTasks).where(eq(practicalTasks.code, "GY-QDF-01"));

  for (const [code, reqs] of Object.entries(REQUIREMENTS)) {
    const job = jobRows.get(code);
    if (!job) continue;
    const [has] = await db.select({ id: jobRequirements.id }).from(jobRequirements).where(eq(jobRequirements.jobId, job.id)).limit(1);
    if (has) continue;
    const rows = reqs
      .map((r) => ({
        jobId: job.id,
        kind: r.kind,
        refId: r.cert ? (types.get(r.cert)?.id ?? null) : r.course ? (course?.id ?? null) : r.task ? (task?.id ?? null) : null,
        series: r.series ?? null,
        minScore: r.minScore ?? null,
        minCount: r.minCount ?? null,
        withinMonths: r.withinMonths ?? null,
        withinQuarters: r.withinQuarters ?? null,
      }))
      // A course or task another demo seed did not load is left out rather than pointing nowhere.
      .filter((r) => r.kind === "quiz" || r.kind === "class" || r.kind === "service" || r.refId !== null);
    if (rows.length) await db.insert(jobRequirements).values(rows);
  }

  const ms = await db
    .select({ id: members.id, employeeNo: members.employeeNo, jobId: members.jobId, hiredOn: members.hiredOn })
    .from(members)
    .where(eq(members.status, "active"));
  const jobCode = new Map([...jobRows.values()].map((j) => [j.id, j.code]));
  const certs: (typeof memberCertificates.$inferInsert)[] = [];
  for (const m of ms) {
    const code = m.jobId ? jobCode.get(m.jobId) : undefined;
    const wanted = code ? (CERTS_BY_JOB[code] ?? []) : [];
    wanted.forEach((typeCode, i) => {
      const type = types.get(typeCode);
      if (!type) return;
      // A fixed spread by member and type: 10 % none, 8 % expired, 15 % expiring within the window, the rest valid.
      const h = (m.id * 37 + i * 11) % 100;
      let expires: string;
      if (m.employeeNo === "900004" && typeCode === "H2S") expires = addDays(today, 30);
      else if (h < 10) return;
      else if (h < 18) expires = addDays(today, -(5 + h * 3));
      else if (h < 33) expires = addDays(today, 3 + (h - 18) * 3);
      else expires = addDays(today, 120 + h * 9);
      const issued = addDays(expires, -((type.validityMonths ?? 36) * 30));
      certs.push({ memberId: m.id, certificateTypeId: type.id, number: `${typeCode}-${m.employeeNo}`, issuedOn: issued, expiresOn: expires });
    });
  }
  for (let i = 0; i < certs.length; i += 500)
    await db
      .insert(memberCertificates)
      .values(certs.slice(i, i + 500))
      .onConflictDoNothing();

  // The demo worker works towards station head.
  const [worker] = ms.filter((m) => m.employeeNo === "900004");
  const station = jobRows.get("J-STATION");
  if (worker && station) await db.insert(memberJobTargets).values({ memberId: worker.id, jobId: station.id }).onConflictDoNothing();

  const units = new Map(
    (
      await db
        .select({ id: orgUnits.id, code: orgUnits.code })
        .from(orgUnits)
        .where(
          inArray(
            orgUnits.code,
            MINIMUMS.map((x) => x[0]),
          ),
        )
    ).map((u) => [u.code, u.id]),
  );
  const mins = MINIMUMS.filter(([u, j]) => units.has(u) && jobRows.has(j)).map(([u, j, n]) => ({
    orgUnitId: units.get(u)!,
    jobId: jobRows.get(j)!.id,
    minQualified: n,
  }));
  if (mins.length) await db.insert(stationJobMinimums).values(mins).onConflictDoNothing();
}
