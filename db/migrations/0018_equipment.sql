CREATE TABLE "equipment" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"station_id" integer NOT NULL,
	"lesson_id" integer NOT NULL,
	"clip_start_s" integer,
	"clip_end_s" integer,
	"practice_category_id" integer,
	"question_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"retired_at" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "equipment_clip_ck" CHECK (("equipment"."clip_start_s" IS NULL) = ("equipment"."clip_end_s" IS NULL) AND ("equipment"."clip_start_s" IS NULL OR ("equipment"."clip_start_s" >= 0 AND "equipment"."clip_end_s" > "equipment"."clip_start_s")))
);
--> statement-breakpoint
CREATE TABLE "equipment_jobs" (
	"equipment_id" integer NOT NULL,
	"job_id" integer NOT NULL,
	CONSTRAINT "equipment_jobs_equipment_id_job_id_pk" PRIMARY KEY("equipment_id","job_id")
);
--> statement-breakpoint
CREATE TABLE "equipment_visits" (
	"member_id" integer NOT NULL,
	"equipment_id" integer NOT NULL,
	"day" date NOT NULL,
	"question_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"segments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"watched_s" real DEFAULT 0 NOT NULL,
	"clip_s" real NOT NULL,
	"position_at" bigint DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "equipment_visits_member_id_equipment_id_day_pk" PRIMARY KEY("member_id","equipment_id","day")
);
--> statement-breakpoint
ALTER TABLE "equipment" ADD CONSTRAINT "equipment_station_id_org_units_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment" ADD CONSTRAINT "equipment_lesson_id_lessons_id_fk" FOREIGN KEY ("lesson_id") REFERENCES "public"."lessons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment" ADD CONSTRAINT "equipment_practice_category_id_question_categories_id_fk" FOREIGN KEY ("practice_category_id") REFERENCES "public"."question_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment" ADD CONSTRAINT "equipment_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment_jobs" ADD CONSTRAINT "equipment_jobs_equipment_id_equipment_id_fk" FOREIGN KEY ("equipment_id") REFERENCES "public"."equipment"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment_jobs" ADD CONSTRAINT "equipment_jobs_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment_visits" ADD CONSTRAINT "equipment_visits_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment_visits" ADD CONSTRAINT "equipment_visits_equipment_id_equipment_id_fk" FOREIGN KEY ("equipment_id") REFERENCES "public"."equipment"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "equipment_code_uq" ON "equipment" USING btree ("code");--> statement-breakpoint
CREATE INDEX "equipment_station_idx" ON "equipment" USING btree ("station_id");--> statement-breakpoint
CREATE INDEX "equipment_visits_equipment_idx" ON "equipment_visits" USING btree ("equipment_id");--> statement-breakpoint
-- Micro-学时 (lib/equipment): a scan's row is evidence of the 学时 ledger, so the totals'
-- triggers (migration 0015) mark its member when it changes, and when what credits it changes
-- (the category of the clip's lesson, the lesson a piece of equipment points at).
CREATE OR REPLACE TRIGGER equipment_visits_hours_ins AFTER INSERT ON equipment_visits REFERENCING NEW TABLE AS hours_new FOR EACH STATEMENT EXECUTE FUNCTION hours_mark_members()
--> statement-breakpoint
CREATE OR REPLACE TRIGGER equipment_visits_hours_upd AFTER UPDATE ON equipment_visits REFERENCING OLD TABLE AS hours_old NEW TABLE AS hours_new FOR EACH STATEMENT EXECUTE FUNCTION hours_mark_members()
--> statement-breakpoint
CREATE OR REPLACE TRIGGER equipment_visits_hours_del AFTER DELETE ON equipment_visits REFERENCING OLD TABLE AS hours_old FOR EACH STATEMENT EXECUTE FUNCTION hours_mark_members()
--> statement-breakpoint
CREATE OR REPLACE FUNCTION hours_mark_lessons() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  INSERT INTO hours_dirty (member_id)
    WITH changed AS (SELECT n.id FROM hours_new n JOIN hours_old o ON o.id = n.id WHERE (o.duration_s, o.hours_category) IS DISTINCT FROM (n.duration_s, n.hours_category))
    SELECT DISTINCT x.member_id FROM (
      SELECT lp.member_id FROM lesson_progress lp JOIN changed c ON c.id = lp.lesson_id
      UNION ALL
      SELECT ev.member_id FROM equipment_visits ev JOIN equipment e ON e.id = ev.equipment_id JOIN changed c ON c.id = e.lesson_id) x
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $f$
--> statement-breakpoint
CREATE OR REPLACE FUNCTION hours_mark_equipment() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  INSERT INTO hours_dirty (member_id)
    WITH changed AS (SELECT n.id FROM hours_new n JOIN hours_old o ON o.id = n.id WHERE o.lesson_id IS DISTINCT FROM n.lesson_id)
    SELECT DISTINCT ev.member_id FROM equipment_visits ev JOIN changed c ON c.id = ev.equipment_id
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $f$
--> statement-breakpoint
CREATE OR REPLACE TRIGGER equipment_hours_upd AFTER UPDATE ON equipment REFERENCING OLD TABLE AS hours_old NEW TABLE AS hours_new FOR EACH STATEMENT EXECUTE FUNCTION hours_mark_equipment();
