ALTER TABLE "practice_answers" ADD COLUMN "client_id" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX "practice_answers_client_uq" ON "practice_answers" USING btree ("member_id","client_id");