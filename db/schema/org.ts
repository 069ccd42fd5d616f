import { sql } from "drizzle-orm";
import { boolean, date, index, integer, pgEnum, pgTable, serial, text, timestamp, uniqueIndex, type AnyPgColumn } from "drizzle-orm/pg-core";

export const orgUnitKind = pgEnum("org_unit_kind", ["area", "team", "station"]);
export const memberStatus = pgEnum("member_status", ["active", "leave", "retired", "left"]);

/**
 * The org tree. `path` is the chain of ids from the root, `/1/4/17/`, so a subtree is
 * `path LIKE '/1/4/%'` on an index (text_pattern_ops) instead of a recursive query.
 */
export const orgUnits = pgTable(
  "org_units",
  {
    id: serial("id").primaryKey(),
    parentId: integer("parent_id").references((): AnyPgColumn => orgUnits.id),
    kind: orgUnitKind("kind").notNull(),
    name: text("name").notNull(),
    code: text("code").notNull(),
    path: text("path").notNull().default(""),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("org_units_code_uq").on(t.code),
    index("org_units_path_idx").using("btree", sql`${t.path} text_pattern_ops`),
    index("org_units_parent_idx").on(t.parentId),
  ],
);

/**
 * 专业: the one list every record's `specialty` (a code, text) is chosen from, kept by the admin
 * (/system/specialties). A code never changes; names do; an inactive one is no longer offered
 * but still names the records that carry it. Merging one into another rewrites every reference.
 */
export const specialties = pgTable("specialties", {
  code: text("code").primaryKey(),
  nameZh: text("name_zh").notNull(),
  nameEn: text("name_en").notNull(),
  active: boolean("active").notNull().default(true),
  sort: integer("sort").notNull().default(0),
});

/** A job (岗位) a member may hold; requirements come with the eligibility work. */
export const jobs = pgTable(
  "jobs",
  {
    id: serial("id").primaryKey(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    specialty: text("specialty")
      .notNull()
      .references(() => specialties.code),
    active: boolean("active").notNull().default(true),
  },
  (t) => [uniqueIndex("jobs_code_uq").on(t.code)],
);

/** 职工档案: the member profile every record links to. */
export const members = pgTable(
  "members",
  {
    id: serial("id").primaryKey(),
    employeeNo: text("employee_no").notNull(),
    name: text("name").notNull(),
    orgUnitId: integer("org_unit_id")
      .notNull()
      .references(() => orgUnits.id),
    specialty: text("specialty")
      .notNull()
      .references(() => specialties.code),
    jobId: integer("job_id").references(() => jobs.id),
    techTitle: text("tech_title").notNull().default("none"),
    partyMember: boolean("party_member").notNull().default(false),
    hiredOn: date("hired_on"),
    status: memberStatus("status").notNull().default("active"),
    /**
     * The day the member last stopped being active (leave, retired, left), kept by lib/induction
     * when a change of status is saved; null while active or when it was before that feature.
     * A return to active a year or more after it opens the team and station induction again.
     */
    awaySince: date("away_since"),
    phone: text("phone"),
    /**
     * What the member search matches (lib/core/search-words.ts): every suffix of the name, of the
     * employee number and of the name's pinyin and initials, each a word; null until filled (the
     * start-up fills it). Written with the name and number by every lib writer of members.
     */
    searchWords: text("search_words"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("members_employee_no_uq").on(t.employeeNo),
    index("members_org_idx").on(t.orgUnitId, t.name),
    index("members_job_idx").on(t.jobId),
    index("members_specialty_idx").on(t.specialty),
    // Prefix searches (LIKE 'x%') use these; the unique index above has the default collation.
    index("members_name_idx").using("btree", sql`${t.name} text_pattern_ops`),
    index("members_employee_no_prefix_idx").using("btree", sql`${t.employeeNo} text_pattern_ops`),
    // The member search (LIKE '% x%': a word starting with the text) on a trigram index (pg_trgm,
    // migration 0006). No pending list (fastupdate off): a bulk import is searchable at full
    // speed at once, not after the next vacuum.
    index("members_search_words_trgm_idx").using("gin", sql`${t.searchWords} gin_trgm_ops`).with({ fastupdate: false }),
  ],
);
