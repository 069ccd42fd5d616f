CREATE TABLE "training_plan_lines" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"topic" text NOT NULL,
	"category" "hour_category" NOT NULL,
	"audience_unit_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"audience_job_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"month" integer NOT NULL,
	"planned_hours" numeric(6, 2) NOT NULL,
	"budget" numeric(12, 2) DEFAULT 0 NOT NULL,
	"course_id" integer,
	"class_id" integer,
	"quiz_id" integer,
	"notes" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_plan_lines_topic_ck" CHECK (char_length("training_plan_lines"."topic") BETWEEN 1 AND 100),
	CONSTRAINT "training_plan_lines_month_ck" CHECK ("training_plan_lines"."month" BETWEEN 1 AND 12),
	CONSTRAINT "training_plan_lines_hours_ck" CHECK ("training_plan_lines"."planned_hours" > 0 AND "training_plan_lines"."planned_hours" <= 999),
	CONSTRAINT "training_plan_lines_budget_ck" CHECK ("training_plan_lines"."budget" >= 0),
	CONSTRAINT "training_plan_lines_notes_ck" CHECK (char_length("training_plan_lines"."notes") <= 500),
	CONSTRAINT "training_plan_lines_audience_ck" CHECK (jsonb_typeof("training_plan_lines"."audience_unit_ids") = 'array' AND jsonb_typeof("training_plan_lines"."audience_job_ids") = 'array'),
	CONSTRAINT "training_plan_lines_item_ck" CHECK (num_nonnulls("training_plan_lines"."course_id", "training_plan_lines"."class_id", "training_plan_lines"."quiz_id") <= 1)
);
--> statement-breakpoint
CREATE TABLE "training_plans" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_unit_id" integer NOT NULL,
	"year" integer NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_plans_year_ck" CHECK ("training_plans"."year" BETWEEN 2000 AND 2100)
);
--> statement-breakpoint
ALTER TABLE "training_plan_lines" ADD CONSTRAINT "training_plan_lines_plan_id_training_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."training_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_plan_lines" ADD CONSTRAINT "training_plan_lines_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_plan_lines" ADD CONSTRAINT "training_plan_lines_class_id_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."classes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_plan_lines" ADD CONSTRAINT "training_plan_lines_quiz_id_quizzes_id_fk" FOREIGN KEY ("quiz_id") REFERENCES "public"."quizzes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_plans" ADD CONSTRAINT "training_plans_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_plans" ADD CONSTRAINT "training_plans_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "training_plan_lines_plan_idx" ON "training_plan_lines" USING btree ("plan_id","month");--> statement-breakpoint
CREATE UNIQUE INDEX "training_plans_unit_year_uq" ON "training_plans" USING btree ("org_unit_id","year");