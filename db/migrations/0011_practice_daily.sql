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
ALTER TABLE "practice_daily_answers" ADD CONSTRAINT "practice_daily_answers_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_daily_answers" ADD CONSTRAINT "practice_daily_answers_answer_id_practice_answers_id_fk" FOREIGN KEY ("answer_id") REFERENCES "public"."practice_answers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_daily_answers" ADD CONSTRAINT "practice_daily_answers_member_id_day_practice_daily_sets_member_id_day_fk" FOREIGN KEY ("member_id","day") REFERENCES "public"."practice_daily_sets"("member_id","day") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_daily_sets" ADD CONSTRAINT "practice_daily_sets_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "practice_daily_sets_done_idx" ON "practice_daily_sets" USING btree ("member_id","completed_at");