CREATE TYPE "public"."attendance_method" AS ENUM('code', 'manual');--> statement-breakpoint
CREATE TYPE "public"."class_status" AS ENUM('draft', 'published', 'closed');--> statement-breakpoint
CREATE TYPE "public"."enrolment_status" AS ENUM('enrolled', 'waitlisted', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."contest_level" AS ENUM('bureau', 'plant', 'area');--> statement-breakpoint
CREATE TYPE "public"."content_status" AS ENUM('draft', 'published', 'archived');--> statement-breakpoint
CREATE TYPE "public"."course_item_kind" AS ENUM('lesson', 'quiz', 'class');--> statement-breakpoint
CREATE TYPE "public"."enrolment_source" AS ENUM('assigned', 'chosen', 'job');--> statement-breakpoint
CREATE TYPE "public"."upload_state" AS ENUM('receiving', 'done', 'failed');--> statement-breakpoint
CREATE TYPE "public"."requirement_kind" AS ENUM('quiz', 'course', 'class', 'certificate', 'signoff', 'contest', 'service');--> statement-breakpoint
CREATE TABLE "attendance" (
	"session_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"method" "attendance_method" NOT NULL,
	"checked_in_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" integer,
	CONSTRAINT "attendance_session_id_member_id_pk" PRIMARY KEY("session_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "checkin_failures" (
	"session_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"last_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "checkin_failures_session_id_member_id_pk" PRIMARY KEY("session_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "class_audience" (
	"id" serial PRIMARY KEY NOT NULL,
	"class_id" integer NOT NULL,
	"org_unit_id" integer,
	"job_id" integer
);
--> statement-breakpoint
CREATE TABLE "class_enrolments" (
	"class_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"status" "enrolment_status" NOT NULL,
	"source" text DEFAULT 'self' NOT NULL,
	"enrolled_by" integer,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "class_enrolments_class_id_member_id_pk" PRIMARY KEY("class_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "class_sessions" (
	"id" serial PRIMARY KEY NOT NULL,
	"class_id" integer NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"place_org_unit_id" integer,
	"room" text DEFAULT '' NOT NULL,
	"online_url" text DEFAULT '' NOT NULL,
	"checkin_secret" text NOT NULL,
	"checkin_opened_at" timestamp with time zone,
	"checkin_closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "classes" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text,
	"title" text NOT NULL,
	"series" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"specialty" text,
	"instructor_member_id" integer NOT NULL,
	"place_org_unit_id" integer,
	"room" text DEFAULT '' NOT NULL,
	"online_url" text DEFAULT '' NOT NULL,
	"capacity" integer NOT NULL,
	"status" "class_status" DEFAULT 'draft' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "classes_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"kind" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"href" text,
	"dedupe_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "contest_results" (
	"contest_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"rank" integer,
	"score" numeric(8, 2),
	"award" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contest_results_contest_id_member_id_pk" PRIMARY KEY("contest_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "contests" (
	"id" serial PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"level" "contest_level" NOT NULL,
	"specialty" text NOT NULL,
	"held_on" date NOT NULL,
	"org_unit_id" integer,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mentor_capacity" (
	"member_id" integer PRIMARY KEY NOT NULL,
	"capacity" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mentorship_goals" (
	"id" serial PRIMARY KEY NOT NULL,
	"mentorship_id" integer NOT NULL,
	"quarter" text NOT NULL,
	"goal" text NOT NULL,
	"done" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mentorships" (
	"id" serial PRIMARY KEY NOT NULL,
	"mentor_member_id" integer NOT NULL,
	"apprentice_member_id" integer NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"note" text DEFAULT '' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mentorships_not_self" CHECK ("mentorships"."mentor_member_id" <> "mentorships"."apprentice_member_id"),
	CONSTRAINT "mentorships_dates" CHECK ("mentorships"."ends_on" IS NULL OR "mentorships"."ends_on" >= "mentorships"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "points_ledger" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"kind" text NOT NULL,
	"source_key" text NOT NULL,
	"points" integer NOT NULL,
	"earned_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "points_rules" (
	"kind" text PRIMARY KEY NOT NULL,
	"points" integer NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "practical_tasks" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"specialty" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"checklist" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "signoffs" (
	"id" serial PRIMARY KEY NOT NULL,
	"task_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"verifier_member_id" integer NOT NULL,
	"signed_on" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"photo_key" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "signoffs_not_own" CHECK ("signoffs"."member_id" <> "signoffs"."verifier_member_id")
);
--> statement-breakpoint
CREATE TABLE "station_pairings" (
	"id" serial PRIMARY KEY NOT NULL,
	"model_station_id" integer NOT NULL,
	"weaker_station_id" integer NOT NULL,
	"quarter" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "station_pairings_distinct" CHECK ("station_pairings"."model_station_id" <> "station_pairings"."weaker_station_id")
);
--> statement-breakpoint
CREATE TABLE "task_verifiers" (
	"task_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "task_verifiers_task_id_member_id_pk" PRIMARY KEY("task_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "course_audience" (
	"id" serial PRIMARY KEY NOT NULL,
	"course_id" integer NOT NULL,
	"org_unit_id" integer,
	"job_id" integer
);
--> statement-breakpoint
CREATE TABLE "course_completions" (
	"member_id" integer NOT NULL,
	"course_id" integer NOT NULL,
	"completed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "course_completions_member_id_course_id_pk" PRIMARY KEY("member_id","course_id")
);
--> statement-breakpoint
CREATE TABLE "course_enrolments" (
	"course_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"source" "enrolment_source" NOT NULL,
	"assigned_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "course_enrolments_course_id_member_id_pk" PRIMARY KEY("course_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "course_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"course_id" integer NOT NULL,
	"position" integer NOT NULL,
	"kind" "course_item_kind" NOT NULL,
	"lesson_id" integer,
	"quiz_id" integer,
	"class_id" integer,
	"required" boolean DEFAULT true NOT NULL,
	CONSTRAINT "course_items_ref_ck" CHECK (("course_items"."kind" = 'lesson' AND "course_items"."lesson_id" IS NOT NULL AND "course_items"."quiz_id" IS NULL AND "course_items"."class_id" IS NULL)
       OR ("course_items"."kind" = 'quiz' AND "course_items"."quiz_id" IS NOT NULL AND "course_items"."lesson_id" IS NULL AND "course_items"."class_id" IS NULL)
       OR ("course_items"."kind" = 'class' AND "course_items"."class_id" IS NOT NULL AND "course_items"."lesson_id" IS NULL AND "course_items"."quiz_id" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "courses" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text,
	"title" text NOT NULL,
	"specialty" text,
	"description" text DEFAULT '' NOT NULL,
	"cover_key" text,
	"status" "content_status" DEFAULT 'draft' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "courses_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "lesson_progress" (
	"member_id" integer NOT NULL,
	"lesson_id" integer NOT NULL,
	"segments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"watched_s" real DEFAULT 0 NOT NULL,
	"last_position_s" real DEFAULT 0 NOT NULL,
	"position_at" bigint DEFAULT 0 NOT NULL,
	"completed_at" timestamp with time zone,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lesson_progress_member_id_lesson_id_pk" PRIMARY KEY("member_id","lesson_id")
);
--> statement-breakpoint
CREATE TABLE "lesson_uploads" (
	"id" text PRIMARY KEY NOT NULL,
	"lesson_id" integer NOT NULL,
	"file_name" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"received" bigint DEFAULT 0 NOT NULL,
	"state" "upload_state" DEFAULT 'receiving' NOT NULL,
	"error" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lessons" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"specialty" text,
	"storage_key" text,
	"mime" text,
	"size_bytes" bigint,
	"duration_s" real,
	"poster_key" text,
	"required_ratio" real DEFAULT 0.9 NOT NULL,
	"status" "content_status" DEFAULT 'draft' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lessons_code_unique" UNIQUE("code"),
	CONSTRAINT "lessons_ratio_ck" CHECK ("lessons"."required_ratio" > 0 AND "lessons"."required_ratio" <= 1)
);
--> statement-breakpoint
CREATE TABLE "certificate_types" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"specialty" text,
	"validity_months" integer,
	"renew_window_days" integer DEFAULT 60 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "certificate_types_validity" CHECK ("certificate_types"."validity_months" IS NULL OR "certificate_types"."validity_months" > 0),
	CONSTRAINT "certificate_types_window" CHECK ("certificate_types"."renew_window_days" >= 0)
);
--> statement-breakpoint
CREATE TABLE "eligibility_cache_state" (
	"id" integer PRIMARY KEY NOT NULL,
	"as_of" date,
	"time_zone" text,
	"full_dirty" boolean DEFAULT true NOT NULL,
	"triggers_version" integer DEFAULT 0 NOT NULL,
	"refreshed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "eligibility_cells" (
	"member_id" integer NOT NULL,
	"job_id" integer NOT NULL,
	"status" text NOT NULL,
	"expiring_on" date,
	"first_until" date,
	CONSTRAINT "eligibility_cells_member_id_job_id_pk" PRIMARY KEY("member_id","job_id")
);
--> statement-breakpoint
CREATE TABLE "eligibility_dirty" (
	"member_id" integer PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "eligibility_member_summary" (
	"member_id" integer PRIMARY KEY NOT NULL,
	"n_eligible" integer NOT NULL,
	"n_expiring" integer NOT NULL,
	"first_until" date,
	"recheck_on" date
);
--> statement-breakpoint
CREATE TABLE "job_requirements" (
	"id" serial PRIMARY KEY NOT NULL,
	"job_id" integer NOT NULL,
	"kind" "requirement_kind" NOT NULL,
	"ref_id" integer,
	"series" text,
	"specialty" text,
	"contest_level" text,
	"min_score" numeric(6, 2),
	"min_count" integer,
	"max_rank" integer,
	"within_months" integer,
	"within_quarters" integer,
	"note" text DEFAULT '' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_certificates" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"certificate_type_id" integer NOT NULL,
	"number" text NOT NULL,
	"issued_on" date NOT NULL,
	"expires_on" date,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_certificates_dates" CHECK ("member_certificates"."expires_on" IS NULL OR "member_certificates"."expires_on" >= "member_certificates"."issued_on")
);
--> statement-breakpoint
CREATE TABLE "member_job_targets" (
	"member_id" integer NOT NULL,
	"job_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_job_targets_member_id_job_id_pk" PRIMARY KEY("member_id","job_id")
);
--> statement-breakpoint
CREATE TABLE "station_job_minimums" (
	"org_unit_id" integer NOT NULL,
	"job_id" integer NOT NULL,
	"min_qualified" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "station_job_minimums_org_unit_id_job_id_pk" PRIMARY KEY("org_unit_id","job_id"),
	CONSTRAINT "station_job_minimums_min" CHECK ("station_job_minimums"."min_qualified" >= 0)
);
--> statement-breakpoint
ALTER TABLE "quizzes" ADD COLUMN "series" text DEFAULT '季度小会考';--> statement-breakpoint
ALTER TABLE "quizzes" ADD COLUMN "specialty" text;--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_session_id_class_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."class_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkin_failures" ADD CONSTRAINT "checkin_failures_session_id_class_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."class_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkin_failures" ADD CONSTRAINT "checkin_failures_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "class_audience" ADD CONSTRAINT "class_audience_class_id_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."classes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "class_audience" ADD CONSTRAINT "class_audience_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "class_audience" ADD CONSTRAINT "class_audience_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "class_enrolments" ADD CONSTRAINT "class_enrolments_class_id_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."classes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "class_enrolments" ADD CONSTRAINT "class_enrolments_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "class_enrolments" ADD CONSTRAINT "class_enrolments_enrolled_by_users_id_fk" FOREIGN KEY ("enrolled_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "class_sessions" ADD CONSTRAINT "class_sessions_class_id_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."classes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "class_sessions" ADD CONSTRAINT "class_sessions_place_org_unit_id_org_units_id_fk" FOREIGN KEY ("place_org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classes" ADD CONSTRAINT "classes_instructor_member_id_members_id_fk" FOREIGN KEY ("instructor_member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classes" ADD CONSTRAINT "classes_place_org_unit_id_org_units_id_fk" FOREIGN KEY ("place_org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classes" ADD CONSTRAINT "classes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_results" ADD CONSTRAINT "contest_results_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_results" ADD CONSTRAINT "contest_results_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contests" ADD CONSTRAINT "contests_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contests" ADD CONSTRAINT "contests_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentor_capacity" ADD CONSTRAINT "mentor_capacity_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentorship_goals" ADD CONSTRAINT "mentorship_goals_mentorship_id_mentorships_id_fk" FOREIGN KEY ("mentorship_id") REFERENCES "public"."mentorships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentorships" ADD CONSTRAINT "mentorships_mentor_member_id_members_id_fk" FOREIGN KEY ("mentor_member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentorships" ADD CONSTRAINT "mentorships_apprentice_member_id_members_id_fk" FOREIGN KEY ("apprentice_member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentorships" ADD CONSTRAINT "mentorships_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_ledger" ADD CONSTRAINT "points_ledger_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_rules" ADD CONSTRAINT "points_rules_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practical_tasks" ADD CONSTRAINT "practical_tasks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signoffs" ADD CONSTRAINT "signoffs_task_id_practical_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."practical_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signoffs" ADD CONSTRAINT "signoffs_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signoffs" ADD CONSTRAINT "signoffs_verifier_member_id_members_id_fk" FOREIGN KEY ("verifier_member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signoffs" ADD CONSTRAINT "signoffs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_pairings" ADD CONSTRAINT "station_pairings_model_station_id_org_units_id_fk" FOREIGN KEY ("model_station_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_pairings" ADD CONSTRAINT "station_pairings_weaker_station_id_org_units_id_fk" FOREIGN KEY ("weaker_station_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_pairings" ADD CONSTRAINT "station_pairings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_verifiers" ADD CONSTRAINT "task_verifiers_task_id_practical_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."practical_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_verifiers" ADD CONSTRAINT "task_verifiers_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_audience" ADD CONSTRAINT "course_audience_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_audience" ADD CONSTRAINT "course_audience_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_audience" ADD CONSTRAINT "course_audience_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_completions" ADD CONSTRAINT "course_completions_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_completions" ADD CONSTRAINT "course_completions_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_enrolments" ADD CONSTRAINT "course_enrolments_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_enrolments" ADD CONSTRAINT "course_enrolments_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_enrolments" ADD CONSTRAINT "course_enrolments_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_items" ADD CONSTRAINT "course_items_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_items" ADD CONSTRAINT "course_items_lesson_id_lessons_id_fk" FOREIGN KEY ("lesson_id") REFERENCES "public"."lessons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_items" ADD CONSTRAINT "course_items_quiz_id_quizzes_id_fk" FOREIGN KEY ("quiz_id") REFERENCES "public"."quizzes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_items" ADD CONSTRAINT "course_items_class_id_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "courses" ADD CONSTRAINT "courses_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_progress" ADD CONSTRAINT "lesson_progress_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_progress" ADD CONSTRAINT "lesson_progress_lesson_id_lessons_id_fk" FOREIGN KEY ("lesson_id") REFERENCES "public"."lessons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_uploads" ADD CONSTRAINT "lesson_uploads_lesson_id_lessons_id_fk" FOREIGN KEY ("lesson_id") REFERENCES "public"."lessons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_uploads" ADD CONSTRAINT "lesson_uploads_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lessons" ADD CONSTRAINT "lessons_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_requirements" ADD CONSTRAINT "job_requirements_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_requirements" ADD CONSTRAINT "job_requirements_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_certificates" ADD CONSTRAINT "member_certificates_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_certificates" ADD CONSTRAINT "member_certificates_certificate_type_id_certificate_types_id_fk" FOREIGN KEY ("certificate_type_id") REFERENCES "public"."certificate_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_certificates" ADD CONSTRAINT "member_certificates_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_job_targets" ADD CONSTRAINT "member_job_targets_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_job_targets" ADD CONSTRAINT "member_job_targets_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_job_minimums" ADD CONSTRAINT "station_job_minimums_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_job_minimums" ADD CONSTRAINT "station_job_minimums_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attendance_member_idx" ON "attendance" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "class_audience_class_idx" ON "class_audience" USING btree ("class_id");--> statement-breakpoint
CREATE INDEX "class_enrolments_queue_idx" ON "class_enrolments" USING btree ("class_id","status","queued_at");--> statement-breakpoint
CREATE INDEX "class_enrolments_member_idx" ON "class_enrolments" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "class_sessions_class_idx" ON "class_sessions" USING btree ("class_id","starts_at");--> statement-breakpoint
CREATE INDEX "class_sessions_starts_idx" ON "class_sessions" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "classes_instructor_idx" ON "classes" USING btree ("instructor_member_id");--> statement-breakpoint
CREATE INDEX "classes_status_idx" ON "classes" USING btree ("status");--> statement-breakpoint
CREATE INDEX "notifications_member_idx" ON "notifications" USING btree ("member_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_dedupe_uq" ON "notifications" USING btree ("member_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "contest_results_member_idx" ON "contest_results" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "contests_held_idx" ON "contests" USING btree ("held_on");--> statement-breakpoint
CREATE INDEX "mentorship_goals_pair_idx" ON "mentorship_goals" USING btree ("mentorship_id","quarter");--> statement-breakpoint
CREATE INDEX "mentorships_mentor_idx" ON "mentorships" USING btree ("mentor_member_id");--> statement-breakpoint
CREATE INDEX "mentorships_apprentice_idx" ON "mentorships" USING btree ("apprentice_member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "points_ledger_source_uq" ON "points_ledger" USING btree ("member_id","kind","source_key");--> statement-breakpoint
CREATE INDEX "points_ledger_earned_idx" ON "points_ledger" USING btree ("earned_at","member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "practical_tasks_code_uq" ON "practical_tasks" USING btree ("code");--> statement-breakpoint
CREATE INDEX "practical_tasks_specialty_idx" ON "practical_tasks" USING btree ("specialty");--> statement-breakpoint
CREATE UNIQUE INDEX "signoffs_task_member_uq" ON "signoffs" USING btree ("task_id","member_id");--> statement-breakpoint
CREATE INDEX "signoffs_member_idx" ON "signoffs" USING btree ("member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "station_pairings_weaker_quarter_uq" ON "station_pairings" USING btree ("weaker_station_id","quarter");--> statement-breakpoint
CREATE INDEX "task_verifiers_member_idx" ON "task_verifiers" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "course_audience_course_idx" ON "course_audience" USING btree ("course_id");--> statement-breakpoint
CREATE INDEX "course_completions_course_idx" ON "course_completions" USING btree ("course_id");--> statement-breakpoint
CREATE INDEX "course_enrolments_member_idx" ON "course_enrolments" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "course_items_course_idx" ON "course_items" USING btree ("course_id","position");--> statement-breakpoint
CREATE INDEX "course_items_lesson_idx" ON "course_items" USING btree ("lesson_id");--> statement-breakpoint
CREATE INDEX "courses_status_idx" ON "courses" USING btree ("status");--> statement-breakpoint
CREATE INDEX "lesson_progress_lesson_idx" ON "lesson_progress" USING btree ("lesson_id");--> statement-breakpoint
CREATE INDEX "lessons_status_idx" ON "lessons" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "certificate_types_code_uq" ON "certificate_types" USING btree ("code");--> statement-breakpoint
CREATE INDEX "eligibility_cells_job_idx" ON "eligibility_cells" USING btree ("job_id","status");--> statement-breakpoint
CREATE INDEX "job_requirements_job_idx" ON "job_requirements" USING btree ("job_id");--> statement-breakpoint
CREATE INDEX "job_requirements_kind_idx" ON "job_requirements" USING btree ("kind","ref_id");--> statement-breakpoint
CREATE UNIQUE INDEX "member_certificates_uq" ON "member_certificates" USING btree ("certificate_type_id","number");--> statement-breakpoint
CREATE INDEX "member_certificates_member_idx" ON "member_certificates" USING btree ("member_id","certificate_type_id");--> statement-breakpoint
CREATE INDEX "member_certificates_expiry_idx" ON "member_certificates" USING btree ("expires_on");--> statement-breakpoint
CREATE INDEX "member_job_targets_job_idx" ON "member_job_targets" USING btree ("job_id");