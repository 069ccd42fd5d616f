CREATE TYPE "public"."hour_category" AS ENUM('safety', 'skills', 'management', 'other');--> statement-breakpoint
CREATE TABLE "external_hours" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"day" date NOT NULL,
	"hours" numeric(6, 2) NOT NULL,
	"category" "hour_category" NOT NULL,
	"title" text NOT NULL,
	"provider" text DEFAULT '' NOT NULL,
	"certificate_ref" text DEFAULT '' NOT NULL,
	"entered_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "external_hours_hours_ck" CHECK ("external_hours"."hours" > 0 AND "external_hours"."hours" <= 24)
);
--> statement-breakpoint
CREATE TABLE "hours_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"new_worker_initial" numeric(6, 2) NOT NULL,
	"worker_annual" numeric(6, 2) NOT NULL,
	"manager_initial" numeric(6, 2) NOT NULL,
	"manager_annual" numeric(6, 2) NOT NULL,
	"counted" jsonb DEFAULT '["safety"]'::jsonb NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hours_settings_one_ck" CHECK ("hours_settings"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "quizzes" ADD COLUMN "hours_category" "hour_category" DEFAULT 'other' NOT NULL;--> statement-breakpoint
ALTER TABLE "quizzes" ADD COLUMN "credit_hours" numeric(6, 2) DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "classes" ADD COLUMN "hours_category" "hour_category" DEFAULT 'other' NOT NULL;--> statement-breakpoint
ALTER TABLE "practical_tasks" ADD COLUMN "hours_category" "hour_category" DEFAULT 'other' NOT NULL;--> statement-breakpoint
ALTER TABLE "practical_tasks" ADD COLUMN "credit_hours" numeric(6, 2) DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "courses" ADD COLUMN "hours_category" "hour_category" DEFAULT 'other' NOT NULL;--> statement-breakpoint
ALTER TABLE "courses" ADD COLUMN "credit_hours" numeric(6, 2) DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "lessons" ADD COLUMN "hours_category" "hour_category" DEFAULT 'other' NOT NULL;--> statement-breakpoint
ALTER TABLE "external_hours" ADD CONSTRAINT "external_hours_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "external_hours" ADD CONSTRAINT "external_hours_entered_by_users_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hours_settings" ADD CONSTRAINT "hours_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "external_hours_member_idx" ON "external_hours" USING btree ("member_id","day");