CREATE TYPE "public"."practice_opening_kind" AS ENUM('category', 'specialty');--> statement-breakpoint
ALTER TABLE "practice_openings" ALTER COLUMN "category_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "practice_openings" ADD COLUMN "kind" "practice_opening_kind" DEFAULT 'category' NOT NULL;--> statement-breakpoint
ALTER TABLE "practice_openings" ADD COLUMN "specialty" text;--> statement-breakpoint
ALTER TABLE "practice_openings" ADD CONSTRAINT "practice_openings_specialty_specialties_code_fk" FOREIGN KEY ("specialty") REFERENCES "public"."specialties"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "practice_openings_specialty_idx" ON "practice_openings" USING btree ("specialty");--> statement-breakpoint
ALTER TABLE "practice_openings" ADD CONSTRAINT "practice_openings_one_kind_ck" CHECK (("practice_openings"."kind" = 'category' AND "practice_openings"."category_id" IS NOT NULL AND "practice_openings"."specialty" IS NULL) OR ("practice_openings"."kind" = 'specialty' AND "practice_openings"."specialty" IS NOT NULL AND "practice_openings"."category_id" IS NULL));