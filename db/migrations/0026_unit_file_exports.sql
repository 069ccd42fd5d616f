CREATE TYPE "public"."unit_file_export_state" AS ENUM('queued', 'running', 'done', 'failed', 'expired');--> statement-breakpoint
CREATE TABLE "unit_file_exports" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_unit_id" integer NOT NULL,
	"requested_by" integer NOT NULL,
	"locale" text NOT NULL,
	"state" "unit_file_export_state" DEFAULT 'queued' NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"storage_key" text,
	"size_bytes" integer,
	"error" text,
	"created_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
DROP INDEX "issued_certificates_source_uq";--> statement-breakpoint
ALTER TABLE "issued_certificates" ADD COLUMN "withdrawn" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "unit_file_exports" ADD CONSTRAINT "unit_file_exports_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_file_exports" ADD CONSTRAINT "unit_file_exports_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "unit_file_exports_state_idx" ON "unit_file_exports" USING btree ("state");--> statement-breakpoint
CREATE INDEX "unit_file_exports_requester_idx" ON "unit_file_exports" USING btree ("requested_by");--> statement-breakpoint
CREATE UNIQUE INDEX "issued_certificates_live_uq" ON "issued_certificates" USING btree ("kind","source_id","member_id") WHERE "issued_certificates"."revoked_at" IS NULL;--> statement-breakpoint
CREATE INDEX "issued_certificates_source_idx" ON "issued_certificates" USING btree ("kind","source_id","member_id");