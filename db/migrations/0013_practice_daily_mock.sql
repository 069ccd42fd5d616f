CREATE TABLE "mock_attempts" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"mock_exam_id" integer,
	"category_id" integer NOT NULL,
	"question_ids" integer[] NOT NULL,
	"version_ids" integer[] NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"deadline_at" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone,
	"right_count" integer,
	"answer_ids" jsonb
);
--> statement-breakpoint
CREATE TABLE "mock_exams" (
	"id" serial PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"category_id" integer NOT NULL,
	"question_count" integer NOT NULL,
	"minutes" integer NOT NULL,
	"withdrawn" boolean DEFAULT false NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "practice_daily_answers" (
	"member_id" integer NOT NULL,
	"day" date NOT NULL,
	"question_id" integer NOT NULL,
	"answer_id" integer NOT NULL,
	CONSTRAINT "practice_daily_answers_member_id_day_question_id_pk" PRIMARY KEY("member_id","day","question_id")
);
--> statement-breakpoint
CREATE TABLE "practice_daily_sets" (
	"member_id" integer NOT NULL,
	"day" date NOT NULL,
	"question_ids" integer[] NOT NULL,
	"drawn_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "practice_daily_sets_member_id_day_pk" PRIMARY KEY("member_id","day")
);
--> statement-breakpoint
ALTER TABLE "mock_attempts" ADD CONSTRAINT "mock_attempts_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mock_attempts" ADD CONSTRAINT "mock_attempts_mock_exam_id_mock_exams_id_fk" FOREIGN KEY ("mock_exam_id") REFERENCES "public"."mock_exams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mock_attempts" ADD CONSTRAINT "mock_attempts_category_id_question_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."question_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mock_exams" ADD CONSTRAINT "mock_exams_category_id_question_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."question_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mock_exams" ADD CONSTRAINT "mock_exams_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_daily_answers" ADD CONSTRAINT "practice_daily_answers_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_daily_answers" ADD CONSTRAINT "practice_daily_answers_answer_id_practice_answers_id_fk" FOREIGN KEY ("answer_id") REFERENCES "public"."practice_answers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_daily_answers" ADD CONSTRAINT "practice_daily_answers_member_id_day_practice_daily_sets_member_id_day_fk" FOREIGN KEY ("member_id","day") REFERENCES "public"."practice_daily_sets"("member_id","day") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_daily_sets" ADD CONSTRAINT "practice_daily_sets_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mock_attempts_member_idx" ON "mock_attempts" USING btree ("member_id","started_at");--> statement-breakpoint
CREATE INDEX "practice_daily_sets_done_idx" ON "practice_daily_sets" USING btree ("member_id","completed_at");