ALTER TABLE "mock_attempts" ALTER COLUMN "category_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "quizzes" ADD COLUMN "mock_allowed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "mock_attempts" ADD COLUMN "quiz_id" integer;--> statement-breakpoint
ALTER TABLE "mock_attempts" ADD COLUMN "points" jsonb;--> statement-breakpoint
ALTER TABLE "mock_attempts" ADD COLUMN "score" numeric(8, 2);--> statement-breakpoint
ALTER TABLE "mock_attempts" ADD COLUMN "max_score" numeric(8, 2);--> statement-breakpoint
ALTER TABLE "mock_attempts" ADD COLUMN "results" jsonb;--> statement-breakpoint
ALTER TABLE "mock_attempts" ADD CONSTRAINT "mock_attempts_quiz_id_quizzes_id_fk" FOREIGN KEY ("quiz_id") REFERENCES "public"."quizzes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mock_attempts" ADD CONSTRAINT "mock_attempts_source_chk" CHECK ((category_id IS NULL) <> (quiz_id IS NULL));