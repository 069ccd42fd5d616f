CREATE TYPE "public"."issued_kind" AS ENUM('course', 'contest', 'induction');--> statement-breakpoint
CREATE TABLE "issued_certificates" (
	"id" serial PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"member_id" integer NOT NULL,
	"kind" "issued_kind" NOT NULL,
	"source_id" integer NOT NULL,
	"holder_name" text NOT NULL,
	"title" text NOT NULL,
	"detail" text DEFAULT '' NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"valid_until" date,
	"revoked_at" timestamp with time zone,
	"revoked_by" integer,
	"revoke_reason" text,
	CONSTRAINT "issued_certificates_revoked_ck" CHECK (("issued_certificates"."revoked_at" IS NULL) = ("issued_certificates"."revoke_reason" IS NULL))
);
--> statement-breakpoint
ALTER TABLE "issued_certificates" ADD CONSTRAINT "issued_certificates_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issued_certificates" ADD CONSTRAINT "issued_certificates_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "issued_certificates_number_uq" ON "issued_certificates" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "issued_certificates_source_uq" ON "issued_certificates" USING btree ("kind","source_id","member_id");--> statement-breakpoint
CREATE INDEX "issued_certificates_member_idx" ON "issued_certificates" USING btree ("member_id");