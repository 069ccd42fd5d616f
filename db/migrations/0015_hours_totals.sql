CREATE TABLE "hours_dirty" (
	"member_id" integer PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hours_totals" (
	"member_id" integer NOT NULL,
	"year" integer NOT NULL,
	"safety" numeric(10, 2) DEFAULT 0 NOT NULL,
	"skills" numeric(10, 2) DEFAULT 0 NOT NULL,
	"management" numeric(10, 2) DEFAULT 0 NOT NULL,
	"other" numeric(10, 2) DEFAULT 0 NOT NULL,
	CONSTRAINT "hours_totals_member_id_year_pk" PRIMARY KEY("member_id","year")
);
--> statement-breakpoint
CREATE TABLE "hours_totals_state" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"time_zone" text,
	"refreshed_at" timestamp with time zone,
	CONSTRAINT "hours_totals_state_one_ck" CHECK ("hours_totals_state"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "hours_totals" ADD CONSTRAINT "hours_totals_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- The 学时 totals (lib/hours/totals.ts) are kept exact by these triggers: a change to a member's
-- evidence puts the member into hours_dirty; a change to what credits the evidence (a lesson's
-- length or category, a class's category, a session's times, the set hours or category of a
-- course, task or quiz) puts every member with evidence of it there. A report recomputes the
-- dirty members before it reads. Every existing member starts dirty.
INSERT INTO hours_dirty (member_id) SELECT id FROM members ON CONFLICT DO NOTHING
--> statement-breakpoint
CREATE OR REPLACE FUNCTION hours_mark_members() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
    INSERT INTO hours_dirty (member_id) SELECT DISTINCT member_id FROM hours_new ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN
    INSERT INTO hours_dirty (member_id) SELECT DISTINCT member_id FROM hours_old ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $f$
--> statement-breakpoint
CREATE OR REPLACE TRIGGER lesson_progress_hours_ins AFTER INSERT ON lesson_progress REFERENCING NEW TABLE AS hours_new FOR EACH STATEMENT EXECUTE FUNCTION hours_mark_members()
--> statement-breakpoint
CREATE OR REPLACE TRIGGER lesson_progress_hours_upd AFTER UPDATE ON lesson_progress REFERENCING OLD TABLE AS hours_old NEW TABLE AS hours_new FOR EACH STATEMENT EXECUTE FUNCTION hours_mark_members()
--> statement-breakpoint
CREATE OR REPLACE TRIGGER lesson_progress_hours_del AFTER DELETE ON lesson_progress REFERENCING OLD TABLE AS hours_old FOR EACH STATEMENT EXECUTE FUNCTION hours_mark_members()
--> statement-breakpoint
CREATE OR REPLACE TRIGGER attendance_hours_ins AFTER INSERT ON attendance REFERENCING NEW TABLE AS hours_new FOR EACH STATEMENT EXECUTE FUNCTION hours_mark_members()
--> statement-breakpoint
CREATE OR REPLACE TRIGGER attendance_hours_upd AFTER UPDATE ON attendance REFERENCING OLD TABLE AS hours_old NEW TABLE AS hours_new FOR EACH STATEMENT EXECUTE FUNCTION hours_mark_members()
--> statement-breakpoint
CREATE OR REPLACE TRIGGER attendance_hours_del AFTER DELETE ON attendance REFERENCING OLD TABLE AS hours_old FOR EACH STATEMENT EXECUTE FUNCTION hours_mark_members()
--> statement-breakpoint
CREATE OR REPLACE TRIGGER course_completions_hours_ins AFTER INSERT ON course_completions REFERENCING NEW TABLE AS hours_new FOR EACH STATEMENT EXECUTE FUNCTION hours_mark_members()
--> statement-breakpoint
CREATE OR REPLACE TRIGGER course_completions_hours_upd AFTER UPDATE ON course_completions REFERENCING OLD TABLE AS hours_old NEW TABLE AS hours_new FOR EACH STATEMENT EXECUTE FUNCTION hours_mark_members()
--> statement-breakpoint
CREATE OR REPLACE TRIGGER course_completions_hours_del AFTER DELETE ON course_completions REFERENCING OLD TABLE AS hours_old FOR EACH STATEMENT EXECUTE FUNCTION hours_mark_members()
--> statement-breakpoint
CREATE OR REPLACE TRIGGER signoffs_hours_ins AFTER INSERT ON signoffs REFERENCING NEW TABLE AS hours_new FOR EACH STATEMENT EXECUTE FUNCTION hours_mark_members()
--> statement-breakpoint
CREATE OR REPLACE TRIGGER signoffs_hours_upd AFTER UPDATE ON signoffs REFERENCING OLD TABLE AS hours_old NEW TABLE AS hours_new FOR EACH STATEMENT EXECUTE FUNCTION hours_mark_members()
--> statement-breakpoint
CREATE OR REPLACE TRIGGER signoffs_hours_del AFTER DELETE ON signoffs REFERENCING OLD TABLE AS hours_old FOR EACH STATEMENT EXECUTE FUNCTION hours_mark_members()
--> statement-breakpoint
CREATE OR REPLACE TRIGGER quiz_results_hours_ins AFTER INSERT ON quiz_results REFERENCING NEW TABLE AS hours_new FOR EACH STATEMENT EXECUTE FUNCTION hours_mark_members()
--> statement-breakpoint
CREATE OR REPLACE TRIGGER quiz_results_hours_upd AFTER UPDATE ON quiz_results REFERENCING OLD TABLE AS hours_old NEW TABLE AS hours_new FOR EACH STATEMENT EXECUTE FUNCTION hours_mark_members()
--> statement-breakpoint
CREATE OR REPLACE TRIGGER quiz_results_hours_del AFTER DELETE ON quiz_results REFERENCING OLD TABLE AS hours_old FOR EACH STATEMENT EXECUTE FUNCTION hours_mark_members()
--> statement-breakpoint
CREATE OR REPLACE TRIGGER external_hours_hours_ins AFTER INSERT ON external_hours REFERENCING NEW TABLE AS hours_new FOR EACH STATEMENT EXECUTE FUNCTION hours_mark_members()
--> statement-breakpoint
CREATE OR REPLACE TRIGGER external_hours_hours_upd AFTER UPDATE ON external_hours REFERENCING OLD TABLE AS hours_old NEW TABLE AS hours_new FOR EACH STATEMENT EXECUTE FUNCTION hours_mark_members()
--> statement-breakpoint
CREATE OR REPLACE TRIGGER external_hours_hours_del AFTER DELETE ON external_hours REFERENCING OLD TABLE AS hours_old FOR EACH STATEMENT EXECUTE FUNCTION hours_mark_members()
--> statement-breakpoint
CREATE OR REPLACE FUNCTION hours_mark_lessons() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  INSERT INTO hours_dirty (member_id)
    WITH changed AS (SELECT n.id FROM hours_new n JOIN hours_old o ON o.id = n.id WHERE (o.duration_s, o.hours_category) IS DISTINCT FROM (n.duration_s, n.hours_category))
    SELECT DISTINCT x.member_id FROM (SELECT lp.member_id FROM lesson_progress lp JOIN changed c ON c.id = lp.lesson_id) x
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $f$
--> statement-breakpoint
CREATE OR REPLACE TRIGGER lessons_hours_upd AFTER UPDATE ON lessons REFERENCING OLD TABLE AS hours_old NEW TABLE AS hours_new FOR EACH STATEMENT EXECUTE FUNCTION hours_mark_lessons()
--> statement-breakpoint
CREATE OR REPLACE FUNCTION hours_mark_classes() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  INSERT INTO hours_dirty (member_id)
    WITH changed AS (SELECT n.id FROM hours_new n JOIN hours_old o ON o.id = n.id WHERE (o.hours_category) IS DISTINCT FROM (n.hours_category))
    SELECT DISTINCT x.member_id FROM (SELECT a.member_id FROM attendance a JOIN class_sessions s ON s.id = a.session_id JOIN changed c ON c.id = s.class_id) x
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $f$
--> statement-breakpoint
CREATE OR REPLACE TRIGGER classes_hours_upd AFTER UPDATE ON classes REFERENCING OLD TABLE AS hours_old NEW TABLE AS hours_new FOR EACH STATEMENT EXECUTE FUNCTION hours_mark_classes()
--> statement-breakpoint
CREATE OR REPLACE FUNCTION hours_mark_class_sessions() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  INSERT INTO hours_dirty (member_id)
    WITH changed AS (SELECT n.id FROM hours_new n JOIN hours_old o ON o.id = n.id WHERE (o.starts_at, o.ends_at) IS DISTINCT FROM (n.starts_at, n.ends_at))
    SELECT DISTINCT x.member_id FROM (SELECT a.member_id FROM attendance a JOIN changed c ON c.id = a.session_id) x
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $f$
--> statement-breakpoint
CREATE OR REPLACE TRIGGER class_sessions_hours_upd AFTER UPDATE ON class_sessions REFERENCING OLD TABLE AS hours_old NEW TABLE AS hours_new FOR EACH STATEMENT EXECUTE FUNCTION hours_mark_class_sessions()
--> statement-breakpoint
CREATE OR REPLACE FUNCTION hours_mark_courses() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  INSERT INTO hours_dirty (member_id)
    WITH changed AS (SELECT n.id FROM hours_new n JOIN hours_old o ON o.id = n.id WHERE (o.credit_hours, o.hours_category) IS DISTINCT FROM (n.credit_hours, n.hours_category))
    SELECT DISTINCT x.member_id FROM (SELECT cc.member_id FROM course_completions cc JOIN changed c ON c.id = cc.course_id) x
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $f$
--> statement-breakpoint
CREATE OR REPLACE TRIGGER courses_hours_upd AFTER UPDATE ON courses REFERENCING OLD TABLE AS hours_old NEW TABLE AS hours_new FOR EACH STATEMENT EXECUTE FUNCTION hours_mark_courses()
--> statement-breakpoint
CREATE OR REPLACE FUNCTION hours_mark_practical_tasks() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  INSERT INTO hours_dirty (member_id)
    WITH changed AS (SELECT n.id FROM hours_new n JOIN hours_old o ON o.id = n.id WHERE (o.credit_hours, o.hours_category) IS DISTINCT FROM (n.credit_hours, n.hours_category))
    SELECT DISTINCT x.member_id FROM (SELECT so.member_id FROM signoffs so JOIN changed c ON c.id = so.task_id) x
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $f$
--> statement-breakpoint
CREATE OR REPLACE TRIGGER practical_tasks_hours_upd AFTER UPDATE ON practical_tasks REFERENCING OLD TABLE AS hours_old NEW TABLE AS hours_new FOR EACH STATEMENT EXECUTE FUNCTION hours_mark_practical_tasks()
--> statement-breakpoint
CREATE OR REPLACE FUNCTION hours_mark_quizzes() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  INSERT INTO hours_dirty (member_id)
    WITH changed AS (SELECT n.id FROM hours_new n JOIN hours_old o ON o.id = n.id WHERE (o.credit_hours, o.hours_category) IS DISTINCT FROM (n.credit_hours, n.hours_category))
    SELECT DISTINCT x.member_id FROM (SELECT qr.member_id FROM quiz_results qr JOIN changed c ON c.id = qr.quiz_id) x
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $f$
--> statement-breakpoint
CREATE OR REPLACE TRIGGER quizzes_hours_upd AFTER UPDATE ON quizzes REFERENCING OLD TABLE AS hours_old NEW TABLE AS hours_new FOR EACH STATEMENT EXECUTE FUNCTION hours_mark_quizzes();
