import { sql } from "drizzle-orm";
import { check, date, index, integer, numeric, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { members, orgUnits } from "./org";

/**
 * 三级安全教育 (three-level safety induction): one row per level opened for a member — level 1
 * 厂/作业区 (area), 2 车间/队 (team), 3 班组/站 (station) — with the unit at that level, why it
 * was opened (a new hire: all three; a change of post or a return after ≥ 1 year away: levels 2
 * and 3), its required hours and content, and its sign-off by the responsible person at that
 * level (lib/induction). A level not signed off makes the member not eligible for any job
 * (lib/eligibility); the trigger in the migration marks the member's eligibility dirty.
 */
export const inductionRecords = pgTable(
  "induction_records",
  {
    id: serial("id").primaryKey(),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    level: integer("level").notNull(),
    orgUnitId: integer("org_unit_id")
      .notNull()
      .references(() => orgUnits.id),
    reason: text("reason").notNull(),
    openedOn: date("opened_on").notNull(),
    requiredHours: numeric("required_hours", { precision: 6, scale: 2, mode: "number" }).notNull(),
    content: text("content").notNull().default(""),
    signedOffBy: integer("signed_off_by").references(() => users.id),
    signedOffOn: date("signed_off_on"),
    hoursCredited: numeric("hours_credited", { precision: 6, scale: 2, mode: "number" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("induction_records_member_idx").on(t.memberId, t.level),
    index("induction_records_open_idx").on(t.memberId).where(sql`${t.signedOffOn} IS NULL`),
    check("induction_records_level_ck", sql`${t.level} BETWEEN 1 AND 3`),
    check("induction_records_reason_ck", sql`${t.reason} IN ('new_hire', 'post_change', 'return')`),
    check("induction_records_hours_ck", sql`${t.requiredHours} >= 0 AND (${t.hoursCredited} IS NULL OR ${t.hoursCredited} >= 0)`),
  ],
);

/**
 * The site's defaults for a level when it opens (one row, id 1; absent = lib/induction rules'
 * `DEFAULT_REQUIRED_HOURS` and no content, the card then shows the standard wording). Set by a
 * whole-area admin at /system/induction; a level already open keeps what it was opened with.
 */
export const inductionSettings = pgTable(
  "induction_settings",
  {
    id: integer("id").primaryKey().default(1),
    hours1: numeric("hours_1", { precision: 6, scale: 2, mode: "number" }).notNull(),
    hours2: numeric("hours_2", { precision: 6, scale: 2, mode: "number" }).notNull(),
    hours3: numeric("hours_3", { precision: 6, scale: 2, mode: "number" }).notNull(),
    content1: text("content_1").notNull().default(""),
    content2: text("content_2").notNull().default(""),
    content3: text("content_3").notNull().default(""),
    updatedBy: integer("updated_by").references(() => users.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("induction_settings_one_ck", sql`${t.id} = 1`),
    check(
      "induction_settings_hours_ck",
      sql`${t.hours1} > 0 AND ${t.hours1} <= 200 AND ${t.hours2} > 0 AND ${t.hours2} <= 200 AND ${t.hours3} > 0 AND ${t.hours3} <= 200`,
    ),
  ],
);
