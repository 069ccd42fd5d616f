ALTER TABLE "members" ADD COLUMN "search_words" text;--> statement-breakpoint
CREATE INDEX "members_search_words_trgm_idx" ON "members" USING gin ("search_words" gin_trgm_ops) WITH (fastupdate=false);