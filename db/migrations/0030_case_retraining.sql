CREATE TABLE "case_answers" (
	"case_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"question_id" integer NOT NULL,
	"answer_id" integer NOT NULL,
	"correct" boolean NOT NULL,
	CONSTRAINT "case_answers_case_id_member_id_question_id_pk" PRIMARY KEY("case_id","member_id","question_id")
);
--> statement-breakpoint
CREATE TABLE "case_assignments" (
	"case_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"assigned_at" timestamp with time zone NOT NULL,
	"due_on" date NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"score" numeric(5, 2),
	CONSTRAINT "case_assignments_case_id_member_id_pk" PRIMARY KEY("case_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "case_questions" (
	"case_id" integer NOT NULL,
	"question_id" integer NOT NULL,
	"ord" integer NOT NULL,
	CONSTRAINT "case_questions_case_id_question_id_pk" PRIMARY KEY("case_id","question_id")
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" serial PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"photo_keys" text[] DEFAULT '{}'::text[] NOT NULL,
	"equipment_id" integer,
	"job_id" integer NOT NULL,
	"org_unit_id" integer NOT NULL,
	"due_days" integer NOT NULL,
	"created_by" integer NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"withdrawn_at" timestamp with time zone,
	CONSTRAINT "cases_due_days_ck" CHECK ("cases"."due_days" BETWEEN 1 AND 90),
	CONSTRAINT "cases_title_ck" CHECK (char_length("cases"."title") BETWEEN 1 AND 100),
	CONSTRAINT "cases_photos_ck" CHECK (coalesce(array_length("cases"."photo_keys", 1), 0) <= 6)
);
--> statement-breakpoint
ALTER TABLE "case_answers" ADD CONSTRAINT "case_answers_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_answers" ADD CONSTRAINT "case_answers_answer_id_practice_answers_id_fk" FOREIGN KEY ("answer_id") REFERENCES "public"."practice_answers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_answers" ADD CONSTRAINT "case_answers_case_id_member_id_case_assignments_case_id_member_id_fk" FOREIGN KEY ("case_id","member_id") REFERENCES "public"."case_assignments"("case_id","member_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_assignments" ADD CONSTRAINT "case_assignments_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_assignments" ADD CONSTRAINT "case_assignments_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_questions" ADD CONSTRAINT "case_questions_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_questions" ADD CONSTRAINT "case_questions_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_equipment_id_equipment_id_fk" FOREIGN KEY ("equipment_id") REFERENCES "public"."equipment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_assignments_member_idx" ON "case_assignments" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "cases_unit_idx" ON "cases" USING btree ("org_unit_id");