import { sql } from "drizzle-orm";
import { check, date, index, integer, pgEnum, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { members } from "./org";

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
  },
  (t) => [
    uniqueIndex("issued_certificates_number_uq").on(t.number),
    uniqueIndex("issued_certificates_source_uq").on(t.kind, t.sourceId, t.memberId),
    index("issued_certificates_member_idx").on(t.memberId),
    check("issued_certificates_revoked_ck", sql`(${t.revokedAt} IS NULL) = (${t.revokeReason} IS NULL)`),
  ],
);
