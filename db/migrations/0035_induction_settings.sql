CREATE TABLE "induction_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"hours_1" numeric(6, 2) NOT NULL,
	"hours_2" numeric(6, 2) NOT NULL,
	"hours_3" numeric(6, 2) NOT NULL,
	"content_1" text DEFAULT '' NOT NULL,
	"content_2" text DEFAULT '' NOT NULL,
	"content_3" text DEFAULT '' NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "induction_settings_one_ck" CHECK ("induction_settings"."id" = 1),
	CONSTRAINT "induction_settings_hours_ck" CHECK ("induction_settings"."hours_1" > 0 AND "induction_settings"."hours_1" <= 200 AND "induction_settings"."hours_2" > 0 AND "induction_settings"."hours_2" <= 200 AND "induction_settings"."hours_3" > 0 AND "induction_settings"."hours_3" <= 200)
);
--> statement-breakpoint
ALTER TABLE "induction_settings" ADD CONSTRAINT "induction_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;