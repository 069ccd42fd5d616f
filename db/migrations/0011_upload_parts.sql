ALTER TABLE "lesson_uploads" ADD COLUMN "multipart_id" text;--> statement-breakpoint
ALTER TABLE "lesson_uploads" ADD COLUMN "part_etags" jsonb DEFAULT '[]'::jsonb NOT NULL;