import { sql } from "drizzle-orm";
import { bigint, boolean, check, date, index, integer, numeric, pgEnum, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { jobs, members, orgUnits, specialties } from "./org";

/**
 * Job eligibility (上岗资格): what each job requires, certificates members hold, the jobs members
 * work towards and the minimum number of qualified members per job and station.
 * The rules live in lib/eligibility (pure engine + the set-wise SQL roster).
 */

export const requirementKind = pgEnum("requirement_kind", ["quiz", "course", "class", "certificate", "signoff", "contest", "service"]);

/** 证书类型: e.g. 特种作业操作证. `validityMonths` null = never expires. */
export const certificateTypes = pgTable(
  "certificate_types",
  {
    id: serial("id").primaryKey(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    specialty: text("specialty").references(() => specialties.code),
    validityMonths: integer("validity_months"),
    /** Days before expiry during which a holder shows as "expiring" and should renew. */
    renewWindowDays: integer("renew_window_days").notNull().default(60),
    /**
     * 复审: a holder must be reviewed every `reviewEveryYears` years (null: no review cycle) with at
     * least `reviewHours` 学时 of training and, when `reviewTest`, a passed test. A review overdue
     * makes the certificate not valid, as expiry does (lib/certificates/review.ts).
     */
    reviewEveryYears: integer("review_every_years"),
    reviewHours: numeric("review_hours", { precision: 6, scale: 2, mode: "number" }).notNull().default(0),
    reviewTest: boolean("review_test").notNull().default(false),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("certificate_types_code_uq").on(t.code),
    check("certificate_types_validity", sql`${t.validityMonths} IS NULL OR ${t.validityMonths} > 0`),
    check("certificate_types_window", sql`${t.renewWindowDays} >= 0`),
    check("certificate_types_review", sql`(${t.reviewEveryYears} IS NULL OR ${t.reviewEveryYears} BETWEEN 1 AND 10) AND ${t.reviewHours} >= 0`),
  ],
);

/** A certificate a member holds; `expiresOn` is the last valid day (null: no expiry). */
export const memberCertificates = pgTable(
  "member_certificates",
  {
    id: serial("id").primaryKey(),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    certificateTypeId: integer("certificate_type_id")
      .notNull()
      .references(() => certificateTypes.id),
    number: text("number").notNull(),
    issuedOn: date("issued_on").notNull(),
    expiresOn: date("expires_on"),
    /** The day of the last 复审 (null: none yet; the cycle counts from `issuedOn`). */
    lastReviewedOn: date("last_reviewed_on"),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("member_certificates_uq").on(t.certificateTypeId, t.number),
    index("member_certificates_member_idx").on(t.memberId, t.certificateTypeId),
    index("member_certificates_expiry_idx").on(t.expiresOn),
    check("member_certificates_dates", sql`${t.expiresOn} IS NULL OR ${t.expiresOn} >= ${t.issuedOn}`),
  ],
);

/**
 * One 复审 of a member's certificate: the day, the 学时 credited (from the ledger since the last
 * review, or entered with the review and its evidence), the test, and who recorded it. Only
 * passing reviews are recorded (a refusal writes nothing); each moves `last_reviewed_on`.
 */
export const certificateReviews = pgTable(
  "certificate_reviews",
  {
    id: serial("id").primaryKey(),
    memberCertificateId: integer("member_certificate_id")
      .notNull()
      .references(() => memberCertificates.id, { onDelete: "cascade" }),
    reviewedOn: date("reviewed_on").notNull(),
    hours: numeric("hours", { precision: 6, scale: 2, mode: "number" }).notNull(),
    /** Where the hours come from: the ledger, or entered with the review. */
    hoursSource: text("hours_source").notNull(),
    evidence: text("evidence").notNull().default(""),
    testPassed: boolean("test_passed").notNull(),
    recordedBy: integer("recorded_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("certificate_reviews_cert_idx").on(t.memberCertificateId, t.reviewedOn),
    check("certificate_reviews_hours_ck", sql`${t.hours} >= 0`),
    check("certificate_reviews_source_ck", sql`${t.hoursSource} IN ('ledger', 'entered')`),
  ],
);

/**
 * One requirement of a job; all must hold. Which columns matter depends on `kind`:
 * - quiz: a result of record with percent ≥ `minScore`, of quiz `refId`, or of quizzes in `series`
 *   and/or `specialty`, closed within the last `withinMonths` months or `withinQuarters` quarters;
 * - course: course `refId` completed;
 * - class: `minCount` sessions attended of classes in `series` (within `withinMonths`);
 * - certificate: a valid certificate of type `refId`;
 * - signoff: practical task `refId` signed off (within `withinMonths`);
 * - contest: a result in contest `refId`, or at `contestLevel` or above (and `specialty`), with
 *   rank ≤ `maxRank` and/or score ≥ `minScore`, within `withinMonths`;
 * - service: at least `minCount` months since `members.hired_on`.
 * `refId` has no foreign key on purpose: a requirement that points to a deleted quiz or course
 * is reported as broken instead of blocking the deletion.
 */
export const jobRequirements = pgTable(
  "job_requirements",
  {
    id: serial("id").primaryKey(),
    jobId: integer("job_id")
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    kind: requirementKind("kind").notNull(),
    refId: integer("ref_id"),
    series: text("series"),
    specialty: text("specialty").references(() => specialties.code),
    contestLevel: text("contest_level"),
    minScore: numeric("min_score", { precision: 6, scale: 2, mode: "number" }),
    minCount: integer("min_count"),
    maxRank: integer("max_rank"),
    withinMonths: integer("within_months"),
    withinQuarters: integer("within_quarters"),
    note: text("note").notNull().default(""),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("job_requirements_job_idx").on(t.jobId), index("job_requirements_kind_idx").on(t.kind, t.refId)],
);

/** Jobs a member is working towards (besides the one they hold, `members.job_id`). */
export const memberJobTargets = pgTable(
  "member_job_targets",
  {
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    jobId: integer("job_id")
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.jobId] }), index("member_job_targets_job_idx").on(t.jobId)],
);

/** Coverage: at least `minQualified` eligible members for the job at the station. */
export const stationJobMinimums = pgTable(
  "station_job_minimums",
  {
    orgUnitId: integer("org_unit_id")
      .notNull()
      .references(() => orgUnits.id),
    jobId: integer("job_id")
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    minQualified: integer("min_qualified").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgUnitId, t.jobId] }), check("station_job_minimums_min", sql`${t.minQualified} >= 0`)],
);

/**
 * The roster's cache, kept up to date as records change (lib/eligibility/cache.ts): for each
 * member and job with status eligible or expiring, the status as of `eligibility_cache_state.as_of`
 * (absent = missing, or eligible for a job without requirements); per member the counts over all
 * active jobs. Triggers on the record tables put changed members in `eligibility_dirty`; a change
 * to jobs, requirements or what they point to, or a new day, marks the whole cache stale.
 */
export const eligibilityCells = pgTable(
  "eligibility_cells",
  {
    memberId: integer("member_id").notNull(),
    jobId: integer("job_id").notNull(),
    status: text("status").notNull(),
    expiringOn: date("expiring_on"),
    firstUntil: date("first_until"),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.jobId] }), index("eligibility_cells_job_idx").on(t.jobId, t.status)],
);

export const eligibilityMemberSummary = pgTable("eligibility_member_summary", {
  memberId: integer("member_id").primaryKey(),
  nEligible: integer("n_eligible").notNull(),
  nExpiring: integer("n_expiring").notNull(),
  firstUntil: date("first_until"),
  /** The first day time alone may change one of the member's statuses: recomputed on that day. */
  recheckOn: date("recheck_on"),
});

export const eligibilityDirty = pgTable("eligibility_dirty", {
  memberId: integer("member_id").primaryKey(),
});

/**
 * Jobs whose cells are stale (their requirements, the job's active flag, or a certificate type
 * their requirements name changed): the refresh recomputes those jobs' cells for every member
 * instead of the whole cache. `v` is bumped by every marking; the refresh deletes a row only if
 * it still has the version read at its start (lib/eligibility/cache.ts).
 */
export const eligibilityDirtyJobs = pgTable("eligibility_dirty_jobs", {
  jobId: integer("job_id").primaryKey(),
  v: bigint("v", { mode: "number" }).notNull().default(0),
});

export const eligibilityCacheState = pgTable("eligibility_cache_state", {
  id: integer("id").primaryKey(),
  asOf: date("as_of"),
  timeZone: text("time_zone"),
  fullDirty: boolean("full_dirty").notNull().default(true),
  /**
   * Bumped by every marking of the whole cache as stale (the trigger function
   * eligibility_mark_all): a refresh clears full_dirty only if the version is still the one it read
   * when it started, so an edit made while it ran is never lost.
   */
  dirtyVersion: bigint("dirty_version", { mode: "number" }).notNull().default(0),
  refreshedAt: timestamp("refreshed_at", { withTimezone: true }),
});
