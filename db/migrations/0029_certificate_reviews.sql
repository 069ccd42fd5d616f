CREATE TABLE "certificate_reviews" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_certificate_id" integer NOT NULL,
	"reviewed_on" date NOT NULL,
	"hours" numeric(6, 2) NOT NULL,
	"hours_source" text NOT NULL,
	"evidence" text DEFAULT '' NOT NULL,
	"test_passed" boolean NOT NULL,
	"recorded_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "certificate_reviews_hours_ck" CHECK ("certificate_reviews"."hours" >= 0),
	CONSTRAINT "certificate_reviews_source_ck" CHECK ("certificate_reviews"."hours_source" IN ('ledger', 'entered'))
);
--> statement-breakpoint
ALTER TABLE "certificate_types" ADD COLUMN "review_every_years" integer;--> statement-breakpoint
ALTER TABLE "certificate_types" ADD COLUMN "review_hours" numeric(6, 2) DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "certificate_types" ADD COLUMN "review_test" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "member_certificates" ADD COLUMN "last_reviewed_on" date;--> statement-breakpoint
ALTER TABLE "certificate_reviews" ADD CONSTRAINT "certificate_reviews_member_certificate_id_member_certificates_id_fk" FOREIGN KEY ("member_certificate_id") REFERENCES "public"."member_certificates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_reviews" ADD CONSTRAINT "certificate_reviews_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "certificate_reviews_cert_idx" ON "certificate_reviews" USING btree ("member_certificate_id","reviewed_on");--> statement-breakpoint
ALTER TABLE "certificate_types" ADD CONSTRAINT "certificate_types_review" CHECK (("certificate_types"."review_every_years" IS NULL OR "certificate_types"."review_every_years" BETWEEN 1 AND 10) AND "certificate_types"."review_hours" >= 0);--> statement-breakpoint
-- Hand SQL (drizzle-kit does not generate triggers): a change to a type's review cycle changes
-- the last valid day of its holders' certificates, so it marks the jobs requiring it as the
-- renewal window and on/off flag do (migration 0023).
CREATE OR REPLACE FUNCTION eligibility_mark_certificate_type_jobs() RETURNS trigger LANGUAGE plpgsql AS $f$
DECLARE ids int[];
BEGIN
  IF TG_OP = 'DELETE' THEN
    ids := ARRAY(SELECT id FROM eligibility_old);
  ELSE
    ids := ARRAY(SELECT n.id FROM eligibility_new n JOIN eligibility_old o ON o.id = n.id
                  WHERE n.active IS DISTINCT FROM o.active OR n.renew_window_days IS DISTINCT FROM o.renew_window_days
                     OR n.review_every_years IS DISTINCT FROM o.review_every_years);
  END IF;
  IF cardinality(ids) > 0 THEN
    PERFORM eligibility_mark_jobs(ARRAY(SELECT job_id FROM job_requirements WHERE kind = 'certificate' AND ref_id = ANY(ids)));
  END IF;
  RETURN NULL;
END $f$;
