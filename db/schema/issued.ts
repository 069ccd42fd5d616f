import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, pgEnum, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { members, orgUnits } from "./org";

/**
 * Certificates JobReady issues itself (lib/issued): one per course completion, contest award or
 * completed induction, found by its number on the public verification page (/verify/<number>).
 * `kind` + `sourceId` name what it certifies (a course id, a contest id, an induction id); the
 * unique index makes issuing idempotent. `holderName` and `title` are what the certificate
 * states, kept as printed: a later rename of the course or the member does not rewrite it.
 */
export const issuedKind = pgEnum("issued_kind", ["course", "contest", "induction"]);

export const issuedCertificates = pgTable(
  "issued_certificates",
  {
    id: serial("id").primaryKey(),
    /** 160 random bits in Crockford base32, eight groups of four (lib/issued/number.ts). */
    number: text("number").notNull(),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    kind: issuedKind("kind").notNull(),
    sourceId: integer("source_id").notNull(),
    holderName: text("holder_name").notNull(),
    title: text("title").notNull(),
    /** A contest award's prize (一等奖); empty otherwise. */
    detail: text("detail").notNull().default(""),
    issuedAt: timestamp("issued_at", { withTimezone: true }).notNull(),
    /** The last valid day; null: no end. */
    validUntil: date("valid_until"),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedBy: integer("revoked_by").references(() => users.id),
    revokeReason: text("revoke_reason"),
    /**
     * Revoked because what it certifies was taken back (the award withdrawn or changed, the
     * completion undone), not by a person's decision: a new award may issue a new certificate.
     */
    withdrawn: boolean("withdrawn").notNull().default(false),
  },
  (t) => [
    uniqueIndex("issued_certificates_number_uq").on(t.number),
    // One live certificate per source and member; withdrawn ones stay beside it, revoked for good.
    uniqueIndex("issued_certificates_live_uq").on(t.kind, t.sourceId, t.memberId).where(sql`${t.revokedAt} IS NULL`),
    index("issued_certificates_source_idx").on(t.kind, t.sourceId, t.memberId),
    index("issued_certificates_member_idx").on(t.memberId),
    check("issued_certificates_revoked_ck", sql`(${t.revokedAt} IS NULL) = (${t.revokeReason} IS NULL)`),
  ],
);

/**
 * A unit's 一人一档 as one .zip (lib/person-file/exports.ts): asked for by a manager, trainer or
 * admin over the unit, built by the `unit-files` job one member at a time (`done` of `total`),
 * stored under `storageKey`, downloadable by its requester (or an admin) until `expiresAt`,
 * when the sweep deletes the object and marks it expired.
 */
export const unitFileExportState = pgEnum("unit_file_export_state", ["queued", "running", "done", "failed", "expired"]);

export const unitFileExports = pgTable(
  "unit_file_exports",
  {
    id: serial("id").primaryKey(),
    orgUnitId: integer("org_unit_id")
      .notNull()
      .references(() => orgUnits.id),
    requestedBy: integer("requested_by")
      .notNull()
      .references(() => users.id),
    /** The requester's language when asking: the PDFs are printed in it. */
    locale: text("locale").notNull(),
    state: unitFileExportState("state").notNull().default("queued"),
    total: integer("total").notNull().default(0),
    done: integer("done").notNull().default(0),
    storageKey: text("storage_key"),
    sizeBytes: integer("size_bytes"),
    error: text("error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("unit_file_exports_state_idx").on(t.state), index("unit_file_exports_requester_idx").on(t.requestedBy)],
);
