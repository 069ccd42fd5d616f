CREATE TYPE "public"."integrity_event_kind" AS ENUM('left', 'returned', 'paste', 'device');--> statement-breakpoint
CREATE TABLE "attempt_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"attempt_id" integer NOT NULL,
	"seq" integer,
	"kind" "integrity_event_kind" NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"away_s" integer,
	"position" integer,
	"chars" integer,
	"device" text
);
--> statement-breakpoint
CREATE TABLE "quiz_proctor_failures" (
	"quiz_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"first_at" timestamp with time zone NOT NULL,
	CONSTRAINT "quiz_proctor_failures_quiz_id_member_id_pk" PRIMARY KEY("quiz_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "quiz_proctor_sessions" (
	"id" serial PRIMARY KEY NOT NULL,
	"quiz_id" integer NOT NULL,
	"org_unit_id" integer NOT NULL,
	"proctor_member_id" integer NOT NULL,
	"secret" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "attempts" ADD COLUMN "proctor_session_id" integer;--> statement-breakpoint
ALTER TABLE "attempts" ADD COLUMN "proctored_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "attempts" ADD COLUMN "device_id" text;--> statement-breakpoint
ALTER TABLE "attempts" ADD COLUMN "events_dropped" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "quizzes" ADD COLUMN "proctor_required" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "quizzes" ADD COLUMN "watermark" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "attempt_events" ADD CONSTRAINT "attempt_events_attempt_id_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quiz_proctor_failures" ADD CONSTRAINT "quiz_proctor_failures_quiz_id_quizzes_id_fk" FOREIGN KEY ("quiz_id") REFERENCES "public"."quizzes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quiz_proctor_failures" ADD CONSTRAINT "quiz_proctor_failures_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quiz_proctor_sessions" ADD CONSTRAINT "quiz_proctor_sessions_quiz_id_quizzes_id_fk" FOREIGN KEY ("quiz_id") REFERENCES "public"."quizzes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quiz_proctor_sessions" ADD CONSTRAINT "quiz_proctor_sessions_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quiz_proctor_sessions" ADD CONSTRAINT "quiz_proctor_sessions_proctor_member_id_members_id_fk" FOREIGN KEY ("proctor_member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "attempt_events_seq_uq" ON "attempt_events" USING btree ("attempt_id","seq");--> statement-breakpoint
CREATE INDEX "attempt_events_attempt_idx" ON "attempt_events" USING btree ("attempt_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "quiz_proctor_sessions_open_uq" ON "quiz_proctor_sessions" USING btree ("quiz_id","org_unit_id") WHERE closed_at IS NULL;--> statement-breakpoint
ALTER TABLE "attempts" ADD CONSTRAINT "attempts_proctor_session_id_quiz_proctor_sessions_id_fk" FOREIGN KEY ("proctor_session_id") REFERENCES "public"."quiz_proctor_sessions"("id") ON DELETE no action ON UPDATE no action;