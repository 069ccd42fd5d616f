ALTER TABLE "eligibility_cache_state" DROP COLUMN "triggers_version";
--> statement-breakpoint
-- The roster cache (lib/eligibility/cache.ts) is kept up to date by these triggers: a change to a
-- member's records puts the member into eligibility_dirty; a change to what requirements read
-- (jobs, requirements and the columns of what they point to) marks the whole cache stale. Until
-- now the app installed them at run time; from here they are part of the schema.
INSERT INTO eligibility_cache_state (id, full_dirty) VALUES (1, true) ON CONFLICT (id) DO UPDATE SET full_dirty = true;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION eligibility_mark_quiz_results() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
    INSERT INTO eligibility_dirty (member_id) SELECT DISTINCT member_id FROM eligibility_new ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN
    INSERT INTO eligibility_dirty (member_id) SELECT DISTINCT member_id FROM eligibility_old ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $f$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER quiz_results_elig_ins AFTER INSERT ON quiz_results REFERENCING NEW TABLE AS eligibility_new FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_quiz_results();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER quiz_results_elig_upd AFTER UPDATE ON quiz_results REFERENCING OLD TABLE AS eligibility_old NEW TABLE AS eligibility_new FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_quiz_results();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER quiz_results_elig_del AFTER DELETE ON quiz_results REFERENCING OLD TABLE AS eligibility_old FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_quiz_results();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION eligibility_mark_course_completions() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
    INSERT INTO eligibility_dirty (member_id) SELECT DISTINCT member_id FROM eligibility_new ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN
    INSERT INTO eligibility_dirty (member_id) SELECT DISTINCT member_id FROM eligibility_old ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $f$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER course_completions_elig_ins AFTER INSERT ON course_completions REFERENCING NEW TABLE AS eligibility_new FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_course_completions();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER course_completions_elig_upd AFTER UPDATE ON course_completions REFERENCING OLD TABLE AS eligibility_old NEW TABLE AS eligibility_new FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_course_completions();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER course_completions_elig_del AFTER DELETE ON course_completions REFERENCING OLD TABLE AS eligibility_old FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_course_completions();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION eligibility_mark_attendance() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
    INSERT INTO eligibility_dirty (member_id) SELECT DISTINCT member_id FROM eligibility_new ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN
    INSERT INTO eligibility_dirty (member_id) SELECT DISTINCT member_id FROM eligibility_old ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $f$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER attendance_elig_ins AFTER INSERT ON attendance REFERENCING NEW TABLE AS eligibility_new FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_attendance();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER attendance_elig_upd AFTER UPDATE ON attendance REFERENCING OLD TABLE AS eligibility_old NEW TABLE AS eligibility_new FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_attendance();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER attendance_elig_del AFTER DELETE ON attendance REFERENCING OLD TABLE AS eligibility_old FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_attendance();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION eligibility_mark_member_certificates() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
    INSERT INTO eligibility_dirty (member_id) SELECT DISTINCT member_id FROM eligibility_new ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN
    INSERT INTO eligibility_dirty (member_id) SELECT DISTINCT member_id FROM eligibility_old ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $f$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER member_certificates_elig_ins AFTER INSERT ON member_certificates REFERENCING NEW TABLE AS eligibility_new FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_member_certificates();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER member_certificates_elig_upd AFTER UPDATE ON member_certificates REFERENCING OLD TABLE AS eligibility_old NEW TABLE AS eligibility_new FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_member_certificates();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER member_certificates_elig_del AFTER DELETE ON member_certificates REFERENCING OLD TABLE AS eligibility_old FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_member_certificates();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION eligibility_mark_signoffs() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
    INSERT INTO eligibility_dirty (member_id) SELECT DISTINCT member_id FROM eligibility_new ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN
    INSERT INTO eligibility_dirty (member_id) SELECT DISTINCT member_id FROM eligibility_old ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $f$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER signoffs_elig_ins AFTER INSERT ON signoffs REFERENCING NEW TABLE AS eligibility_new FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_signoffs();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER signoffs_elig_upd AFTER UPDATE ON signoffs REFERENCING OLD TABLE AS eligibility_old NEW TABLE AS eligibility_new FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_signoffs();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER signoffs_elig_del AFTER DELETE ON signoffs REFERENCING OLD TABLE AS eligibility_old FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_signoffs();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION eligibility_mark_contest_results() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
    INSERT INTO eligibility_dirty (member_id) SELECT DISTINCT member_id FROM eligibility_new ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN
    INSERT INTO eligibility_dirty (member_id) SELECT DISTINCT member_id FROM eligibility_old ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $f$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER contest_results_elig_ins AFTER INSERT ON contest_results REFERENCING NEW TABLE AS eligibility_new FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_contest_results();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER contest_results_elig_upd AFTER UPDATE ON contest_results REFERENCING OLD TABLE AS eligibility_old NEW TABLE AS eligibility_new FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_contest_results();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER contest_results_elig_del AFTER DELETE ON contest_results REFERENCING OLD TABLE AS eligibility_old FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_contest_results();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION eligibility_mark_members() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
    INSERT INTO eligibility_dirty (member_id) SELECT DISTINCT id FROM eligibility_new ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN
    INSERT INTO eligibility_dirty (member_id) SELECT DISTINCT id FROM eligibility_old ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $f$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER members_elig_ins AFTER INSERT ON members REFERENCING NEW TABLE AS eligibility_new FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_members();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER members_elig_upd AFTER UPDATE ON members REFERENCING OLD TABLE AS eligibility_old NEW TABLE AS eligibility_new FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_members();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER members_elig_del AFTER DELETE ON members REFERENCING OLD TABLE AS eligibility_old FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_members();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION eligibility_mark_all() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  UPDATE eligibility_cache_state SET full_dirty = true WHERE id = 1 AND NOT full_dirty;
  RETURN NULL;
END $f$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER jobs_elig_all AFTER INSERT OR UPDATE OF active OR DELETE ON jobs FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_all();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER job_requirements_elig_all AFTER INSERT OR UPDATE OR DELETE ON job_requirements FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_all();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER certificate_types_elig_all AFTER UPDATE OF renew_window_days, active OR DELETE ON certificate_types FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_all();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER quizzes_elig_all AFTER UPDATE OF series, specialty, closes_at, quarter OR DELETE ON quizzes FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_all();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER courses_elig_all AFTER UPDATE OF status OR DELETE ON courses FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_all();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER classes_elig_all AFTER UPDATE OF series OR DELETE ON classes FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_all();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER class_sessions_elig_all AFTER UPDATE OF starts_at, class_id OR DELETE ON class_sessions FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_all();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER practical_tasks_elig_all AFTER UPDATE OF active OR DELETE ON practical_tasks FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_all();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER contests_elig_all AFTER UPDATE OF level, specialty, held_on OR DELETE ON contests FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_all();
