CREATE TYPE "public"."attempt_source" AS ENUM('online', 'paper');--> statement-breakpoint
CREATE TABLE "paper_exam_questions" (
	"paper_exam_id" integer NOT NULL,
	"position" integer NOT NULL,
	"question_version_id" integer NOT NULL,
	"points" numeric(8, 2) NOT NULL,
	"number_a" integer NOT NULL,
	"number_b" integer NOT NULL,
	"options_a" jsonb,
	"options_b" jsonb,
	CONSTRAINT "paper_exam_questions_paper_exam_id_position_pk" PRIMARY KEY("paper_exam_id","position")
);
--> statement-breakpoint
CREATE TABLE "paper_exams" (
	"id" serial PRIMARY KEY NOT NULL,
	"quiz_id" integer NOT NULL,
	"org_unit_id" integer NOT NULL,
	"seed" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "attempts" ADD COLUMN "source" "attempt_source" DEFAULT 'online' NOT NULL;--> statement-breakpoint
ALTER TABLE "attempts" ADD COLUMN "paper_exam_id" integer;--> statement-breakpoint
ALTER TABLE "attempts" ADD COLUMN "paper_version" text;--> statement-breakpoint
ALTER TABLE "paper_exam_questions" ADD CONSTRAINT "paper_exam_questions_paper_exam_id_paper_exams_id_fk" FOREIGN KEY ("paper_exam_id") REFERENCES "public"."paper_exams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_exam_questions" ADD CONSTRAINT "paper_exam_questions_question_version_id_question_versions_id_fk" FOREIGN KEY ("question_version_id") REFERENCES "public"."question_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_exams" ADD CONSTRAINT "paper_exams_quiz_id_quizzes_id_fk" FOREIGN KEY ("quiz_id") REFERENCES "public"."quizzes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_exams" ADD CONSTRAINT "paper_exams_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_exams" ADD CONSTRAINT "paper_exams_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "paper_exams_quiz_idx" ON "paper_exams" USING btree ("quiz_id");--> statement-breakpoint
ALTER TABLE "attempts" ADD CONSTRAINT "attempts_paper_exam_id_paper_exams_id_fk" FOREIGN KEY ("paper_exam_id") REFERENCES "public"."paper_exams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "attempts_paper_member_uq" ON "attempts" USING btree ("paper_exam_id","member_id");