CREATE TYPE "public"."practice_source" AS ENUM('practice', 'quiz', 'manual');--> statement-breakpoint
CREATE TABLE "practice_answers" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"question_id" integer NOT NULL,
	"question_version_id" integer NOT NULL,
	"mode" text NOT NULL,
	"correct" boolean NOT NULL,
	"response" jsonb NOT NULL,
	"answered_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "practice_audience" (
	"id" serial PRIMARY KEY NOT NULL,
	"opening_id" integer NOT NULL,
	"org_unit_id" integer,
	"job_id" integer
);
--> statement-breakpoint
CREATE TABLE "practice_cursors" (
	"member_id" integer NOT NULL,
	"category_id" integer NOT NULL,
	"last_question_id" integer NOT NULL,
	CONSTRAINT "practice_cursors_member_id_category_id_pk" PRIMARY KEY("member_id","category_id")
);
--> statement-breakpoint
CREATE TABLE "practice_openings" (
	"id" serial PRIMARY KEY NOT NULL,
	"category_id" integer NOT NULL,
	"include_quiz_questions" boolean DEFAULT false NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "practice_progress" (
	"member_id" integer NOT NULL,
	"question_id" integer NOT NULL,
	"answered" integer DEFAULT 0 NOT NULL,
	"right" integer DEFAULT 0 NOT NULL,
	"last_correct" boolean NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	CONSTRAINT "practice_progress_member_id_question_id_pk" PRIMARY KEY("member_id","question_id")
);
--> statement-breakpoint
CREATE TABLE "wrong_book" (
	"member_id" integer NOT NULL,
	"question_id" integer NOT NULL,
	"source" "practice_source" NOT NULL,
	"streak" integer DEFAULT 0 NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	CONSTRAINT "wrong_book_member_id_question_id_pk" PRIMARY KEY("member_id","question_id"),
	CONSTRAINT "wrong_book_streak_ck" CHECK ("wrong_book"."streak" >= 0)
);
--> statement-breakpoint
CREATE TABLE "wrong_book_attempts" (
	"attempt_id" integer PRIMARY KEY NOT NULL,
	"booked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "practice_answers" ADD CONSTRAINT "practice_answers_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_answers" ADD CONSTRAINT "practice_answers_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_answers" ADD CONSTRAINT "practice_answers_question_version_id_question_versions_id_fk" FOREIGN KEY ("question_version_id") REFERENCES "public"."question_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_audience" ADD CONSTRAINT "practice_audience_opening_id_practice_openings_id_fk" FOREIGN KEY ("opening_id") REFERENCES "public"."practice_openings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_audience" ADD CONSTRAINT "practice_audience_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_audience" ADD CONSTRAINT "practice_audience_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_cursors" ADD CONSTRAINT "practice_cursors_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_openings" ADD CONSTRAINT "practice_openings_category_id_question_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."question_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_openings" ADD CONSTRAINT "practice_openings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_progress" ADD CONSTRAINT "practice_progress_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_progress" ADD CONSTRAINT "practice_progress_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wrong_book" ADD CONSTRAINT "wrong_book_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wrong_book" ADD CONSTRAINT "wrong_book_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wrong_book_attempts" ADD CONSTRAINT "wrong_book_attempts_attempt_id_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "practice_answers_member_idx" ON "practice_answers" USING btree ("member_id","question_id");--> statement-breakpoint
CREATE INDEX "practice_audience_opening_idx" ON "practice_audience" USING btree ("opening_id");--> statement-breakpoint
CREATE UNIQUE INDEX "practice_openings_category_uq" ON "practice_openings" USING btree ("category_id");