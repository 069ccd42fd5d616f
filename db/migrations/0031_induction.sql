CREATE TABLE "induction_records" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"level" integer NOT NULL,
	"org_unit_id" integer NOT NULL,
	"reason" text NOT NULL,
	"opened_on" date NOT NULL,
	"required_hours" numeric(6, 2) NOT NULL,
	"content" text DEFAULT '' NOT NULL,
	"signed_off_by" integer,
	"signed_off_on" date,
	"hours_credited" numeric(6, 2),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "induction_records_level_ck" CHECK ("induction_records"."level" BETWEEN 1 AND 3),
	CONSTRAINT "induction_records_reason_ck" CHECK ("induction_records"."reason" IN ('new_hire', 'post_change', 'return')),
	CONSTRAINT "induction_records_hours_ck" CHECK ("induction_records"."required_hours" >= 0 AND ("induction_records"."hours_credited" IS NULL OR "induction_records"."hours_credited" >= 0))
);
--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "away_since" date;--> statement-breakpoint
ALTER TABLE "induction_records" ADD CONSTRAINT "induction_records_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "induction_records" ADD CONSTRAINT "induction_records_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "induction_records" ADD CONSTRAINT "induction_records_signed_off_by_users_id_fk" FOREIGN KEY ("signed_off_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "induction_records_member_idx" ON "induction_records" USING btree ("member_id","level");--> statement-breakpoint
CREATE INDEX "induction_records_open_idx" ON "induction_records" USING btree ("member_id") WHERE "induction_records"."signed_off_on" IS NULL;--> statement-breakpoint
-- ===== BEGIN hand SQL (induction eligibility triggers; re-append after regenerating) =====
-- An induction level opened, signed off or removed changes whether the member may hold any job:
-- mark the member's eligibility dirty as the other record tables do (migrations 0005/0023).
-- A member deleted with their records (cascade) is not marked: they are gone.
CREATE OR REPLACE FUNCTION eligibility_mark_induction_records() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
    INSERT INTO eligibility_dirty (member_id) SELECT DISTINCT member_id FROM eligibility_new
      ON CONFLICT (member_id) DO UPDATE SET member_id = excluded.member_id;
  END IF;
  IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN
    INSERT INTO eligibility_dirty (member_id) SELECT DISTINCT o.member_id FROM eligibility_old o JOIN members mb ON mb.id = o.member_id
      ON CONFLICT (member_id) DO UPDATE SET member_id = excluded.member_id;
  END IF;
  RETURN NULL;
END $f$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER induction_records_elig_ins AFTER INSERT ON induction_records REFERENCING NEW TABLE AS eligibility_new FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_induction_records();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER induction_records_elig_upd AFTER UPDATE ON induction_records REFERENCING OLD TABLE AS eligibility_old NEW TABLE AS eligibility_new FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_induction_records();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER induction_records_elig_del AFTER DELETE ON induction_records REFERENCING OLD TABLE AS eligibility_old FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_induction_records();
-- ===== END hand SQL =====
