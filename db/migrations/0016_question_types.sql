ALTER TYPE "public"."question_type" ADD VALUE 'matching';--> statement-breakpoint
ALTER TYPE "public"."question_type" ADD VALUE 'ordering';--> statement-breakpoint
ALTER TYPE "public"."question_type" ADD VALUE 'cloze';