DROP INDEX "issued_certificates_source_uq";--> statement-breakpoint
ALTER TABLE "issued_certificates" ADD COLUMN "withdrawn" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "issued_certificates_live_uq" ON "issued_certificates" USING btree ("kind","source_id","member_id") WHERE "issued_certificates"."revoked_at" IS NULL;--> statement-breakpoint
CREATE INDEX "issued_certificates_source_idx" ON "issued_certificates" USING btree ("kind","source_id","member_id");