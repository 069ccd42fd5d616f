/**
 * One member against the jobs: the job held, the jobs worked towards and every other job they
 * could hold, with each gap and where to close it. A constant number of statements (member,
 * targets, jobs, requirements, seven kinds of facts, open classes), whatever the member holds.
 */
import { asc, eq, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { jobs, memberJobTargets, members, orgUnits } from "@/db/schema";
import { canReadMember, type Principal } from "@/lib/auth/permissions";
import { forbidden, notFound, ok, type Result } from "@/lib/core/result";

import { loadFacts, loadRequirements, type RequirementRow } from "./data";
import { reviewDueSql } from "./roster";
import { evaluateJob } from "./rules";
import { emptyFacts, type JobOutcome, type MemberFacts, type RequirementOutcome } from "./types";
import { dayIn } from "@/lib/core/time";
import { timeZone } from "@/lib/core/clock";
import * as clock from "@/lib/core/clock";

type JobRelation = "held" | "target" | "other";

interface GapLink {
  kind: "quiz" | "quizzes" | "course" | "classes" | "task" | "none";
  href: string | null;
}

export interface MemberJob extends JobOutcome {
  code: string;
  name: string;
  relation: JobRelation;
  requirements: (RequirementOutcome & { requirement: RequirementRow; link: GapLink })[];
}

interface MemberCertificate {
  id: number;
  typeName: string;
  number: string;
  issuedOn: string;
  expiresOn: string | null;
  renewWindowDays: number;
  /** 复审: the day the next review is due (null: the type has no review cycle), and what it needs. */
  reviewDueOn: string | null;
  reviewHours: number;
  reviewTest: boolean;
}

interface MemberEligibility {
  today: string;
  heldJobId: number | null;
  jobs: MemberJob[];
  facts: MemberFacts;
  /** The member's certificates with their type, newest first. */
  certificates: MemberCertificate[];
}

/** Where a worker goes to close a gap. */
function gapLink(r: RequirementRow): GapLink {
  switch (r.kind) {
    case "quiz":
      return { kind: r.refId !== null ? "quiz" : "quizzes", href: "/quizzes" };
    case "course":
      return r.refId !== null && r.refExists !== false ? { kind: "course", href: `/courses/${r.refId}` } : { kind: "none", href: null };
    case "class":
      return { kind: "classes", href: `/classes?series=${encodeURIComponent(r.series ?? "")}` };
    case "signoff":
      return { kind: "task", href: null };
    default:
      return { kind: "none", href: null };
  }
}

/** A member's jobs, gaps and certificates, for the member themselves or a reader of the member. */
export async function memberEligibility(db: Db, actor: Principal, memberId: number, now = clock.now(), tz = timeZone()): Promise<Result<MemberEligibility>> {
  const [m] = await db
    .select({ id: members.id, jobId: members.jobId, hiredOn: members.hiredOn, orgPath: orgUnits.path })
    .from(members)
    .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
    .where(eq(members.id, memberId));
  if (!m) return notFound("members.errors.notFound");
  if (!canReadMember(actor, m)) return forbidden();
  const today = dayIn(now, tz);
  const [targets, jobList, requirements, facts] = [
    await db.select({ jobId: memberJobTargets.jobId }).from(memberJobTargets).where(eq(memberJobTargets.memberId, memberId)),
    await db.select({ id: jobs.id, code: jobs.code, name: jobs.name, active: jobs.active }).from(jobs).orderBy(asc(jobs.code)),
    await loadRequirements(db),
    (await loadFacts(db, [memberId], tz)).get(memberId) ?? emptyFacts(memberId, m.hiredOn),
  ];
  const targetIds = new Set(targets.map((t) => t.jobId));
  const requirementById = new Map(requirements.map((r) => [r.id, r]));
  const out: MemberJob[] = [];
  for (const j of jobList) {
    const relation: JobRelation = j.id === m.jobId ? "held" : targetIds.has(j.id) ? "target" : "other";
    if (!j.active && relation === "other") continue;
    const o = evaluateJob(j.id, requirements, facts, today);
    out.push({
      ...o,
      code: j.code,
      name: j.name,
      relation,
      requirements: o.outcomes.flatMap((x) => {
        const requirement = requirementById.get(x.requirementId);
        return requirement ? [{ ...x, requirement, link: gapLink(requirement) }] : [];
      }),
    });
  }
  const rank = { held: 0, target: 1, other: 2 } as const;
  out.sort((a, b) => rank[a.relation] - rank[b.relation] || a.code.localeCompare(b.code));
  return ok({ today, heldJobId: m.jobId, jobs: out, facts, certificates: await certificatesOf(db, memberId) });
}

async function certificatesOf(db: Db, memberId: number): Promise<MemberCertificate[]> {
  return rowsOf<{
    id: number;
    type_name: string;
    number: string;
    issued_on: string;
    expires_on: string | null;
    renew_window_days: number;
    review_due_on: string | null;
    review_hours: string | number;
    review_test: boolean;
  }>(
    await db.execute(sql`SELECT c.id, t.name AS type_name, c.number, c.issued_on::text AS issued_on, c.expires_on::text AS expires_on, t.renew_window_days,
                                ${reviewDueSql(sql`c`, sql`t`)}::text AS review_due_on, t.review_hours, t.review_test
                           FROM member_certificates c JOIN certificate_types t ON t.id = c.certificate_type_id
                          WHERE c.member_id = ${memberId} ORDER BY c.issued_on DESC, c.id DESC`),
  ).map((r) => ({
    id: Number(r.id),
    typeName: r.type_name,
    number: r.number,
    issuedOn: r.issued_on,
    expiresOn: r.expires_on,
    renewWindowDays: Number(r.renew_window_days),
    reviewDueOn: r.review_due_on,
    reviewHours: Number(r.review_hours),
    reviewTest: r.review_test === true,
  }));
}
