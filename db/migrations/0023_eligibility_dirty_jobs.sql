CREATE TABLE "eligibility_dirty_jobs" (
	"job_id" integer PRIMARY KEY NOT NULL,
	"v" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "eligibility_cache_state" ADD COLUMN "dirty_version" bigint DEFAULT 0 NOT NULL;
--> statement-breakpoint
-- A refresh of the roster cache (lib/eligibility/cache.ts) that ran while an admin changed a
-- requirement used to clear full_dirty at its end and so lose the change. Every marking now
-- bumps dirty_version (and takes the state row's lock until the edit commits); the refresh
-- clears full_dirty only when the version is the one it read at its start.
CREATE OR REPLACE FUNCTION eligibility_mark_all() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  UPDATE eligibility_cache_state SET full_dirty = true, dirty_version = dirty_version + 1 WHERE id = 1;
  RETURN NULL;
END $f$;
--> statement-breakpoint
-- A member already in eligibility_dirty whose records change is locked (ON CONFLICT DO UPDATE
-- instead of DO NOTHING) until the change commits: the refresh takes the dirty rows with
-- FOR UPDATE SKIP LOCKED, so it never takes (and drops) a member whose change it cannot see yet.
CREATE OR REPLACE FUNCTION eligibility_mark_quiz_results() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
    INSERT INTO eligibility_dirty (member_id) SELECT DISTINCT member_id FROM eligibility_new
      ON CONFLICT (member_id) DO UPDATE SET member_id = excluded.member_id;
  END IF;
  IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN
    INSERT INTO eligibility_dirty (member_id) SELECT DISTINCT member_id FROM eligibility_old
      ON CONFLICT (member_id) DO UPDATE SET member_id = excluded.member_id;
  END IF;
  RETURN NULL;
END $f$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION eligibility_mark_course_completions() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
    INSERT INTO eligibility_dirty (member_id) SELECT DISTINCT member_id FROM eligibility_new
      ON CONFLICT (member_id) DO UPDATE SET member_id = excluded.member_id;
  END IF;
  IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN
    INSERT INTO eligibility_dirty (member_id) SELECT DISTINCT member_id FROM eligibility_old
      ON CONFLICT (member_id) DO UPDATE SET member_id = excluded.member_id;
  END IF;
  RETURN NULL;
END $f$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION eligibility_mark_attendance() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
    INSERT INTO eligibility_dirty (member_id) SELECT DISTINCT member_id FROM eligibility_new
      ON CONFLICT (member_id) DO UPDATE SET member_id = excluded.member_id;
  END IF;
  IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN
    INSERT INTO eligibility_dirty (member_id) SELECT DISTINCT member_id FROM eligibility_old
      ON CONFLICT (member_id) DO UPDATE SET member_id = excluded.member_id;
  END IF;
  RETURN NULL;
END $f$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION eligibility_mark_member_certificates() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
    INSERT INTO eligibility_dirty (member_id) SELECT DISTINCT member_id FROM eligibility_new
      ON CONFLICT (member_id) DO UPDATE SET member_id = excluded.member_id;
  END IF;
  IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN
    INSERT INTO eligibility_dirty (member_id) SELECT DISTINCT member_id FROM eligibility_old
      ON CONFLICT (member_id) DO UPDATE SET member_id = excluded.member_id;
  END IF;
  RETURN NULL;
END $f$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION eligibility_mark_signoffs() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
    INSERT INTO eligibility_dirty (member_id) SELECT DISTINCT member_id FROM eligibility_new
      ON CONFLICT (member_id) DO UPDATE SET member_id = excluded.member_id;
  END IF;
  IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN
    INSERT INTO eligibility_dirty (member_id) SELECT DISTINCT member_id FROM eligibility_old
      ON CONFLICT (member_id) DO UPDATE SET member_id = excluded.member_id;
  END IF;
  RETURN NULL;
END $f$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION eligibility_mark_contest_results() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
    INSERT INTO eligibility_dirty (member_id) SELECT DISTINCT member_id FROM eligibility_new
      ON CONFLICT (member_id) DO UPDATE SET member_id = excluded.member_id;
  END IF;
  IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN
    INSERT INTO eligibility_dirty (member_id) SELECT DISTINCT member_id FROM eligibility_old
      ON CONFLICT (member_id) DO UPDATE SET member_id = excluded.member_id;
  END IF;
  RETURN NULL;
END $f$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION eligibility_mark_members() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
    INSERT INTO eligibility_dirty (member_id) SELECT DISTINCT id FROM eligibility_new
      ON CONFLICT (member_id) DO UPDATE SET member_id = excluded.member_id;
  END IF;
  IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN
    INSERT INTO eligibility_dirty (member_id) SELECT DISTINCT id FROM eligibility_old
      ON CONFLICT (member_id) DO UPDATE SET member_id = excluded.member_id;
  END IF;
  RETURN NULL;
END $f$;
--> statement-breakpoint
-- Per-job staleness of the roster cache (lib/eligibility/cache.ts): a change to a job's
-- requirements, to whether the job is active, or to a certificate type (on/off, renewal window)
-- marks only the jobs concerned; the refresh recomputes their cells for every member instead of
-- the whole cache. Quizzes, courses, classes, tasks and contests still mark the whole cache.
-- A marked job's row is locked until the edit commits (DO UPDATE), and its version bumped: the
-- refresh deletes a row only when it is unlocked and still has the version it read.
CREATE OR REPLACE FUNCTION eligibility_mark_jobs(job_ids int[]) RETURNS void LANGUAGE sql AS $f$
  INSERT INTO eligibility_dirty_jobs (job_id)
  SELECT DISTINCT j FROM unnest(job_ids) AS j WHERE j IS NOT NULL ORDER BY j
  ON CONFLICT (job_id) DO UPDATE SET v = eligibility_dirty_jobs.v + 1
$f$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION eligibility_mark_requirement_jobs() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM eligibility_mark_jobs(ARRAY(SELECT job_id FROM eligibility_new));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM eligibility_mark_jobs(ARRAY(SELECT job_id FROM eligibility_old));
  ELSE
    PERFORM eligibility_mark_jobs(ARRAY(SELECT job_id FROM eligibility_new UNION SELECT job_id FROM eligibility_old));
  END IF;
  RETURN NULL;
END $f$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS job_requirements_elig_all ON job_requirements;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER job_requirements_elig_ins AFTER INSERT ON job_requirements REFERENCING NEW TABLE AS eligibility_new FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_requirement_jobs();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER job_requirements_elig_upd AFTER UPDATE ON job_requirements REFERENCING OLD TABLE AS eligibility_old NEW TABLE AS eligibility_new FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_requirement_jobs();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER job_requirements_elig_del AFTER DELETE ON job_requirements REFERENCING OLD TABLE AS eligibility_old FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_requirement_jobs();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION eligibility_mark_job_rows() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM eligibility_mark_jobs(ARRAY(SELECT id FROM eligibility_new));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM eligibility_mark_jobs(ARRAY(SELECT id FROM eligibility_old));
  ELSE
    PERFORM eligibility_mark_jobs(ARRAY(SELECT n.id FROM eligibility_new n JOIN eligibility_old o ON o.id = n.id WHERE n.active IS DISTINCT FROM o.active));
  END IF;
  RETURN NULL;
END $f$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS jobs_elig_all ON jobs;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER jobs_elig_ins AFTER INSERT ON jobs REFERENCING NEW TABLE AS eligibility_new FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_job_rows();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER jobs_elig_upd AFTER UPDATE ON jobs REFERENCING OLD TABLE AS eligibility_old NEW TABLE AS eligibility_new FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_job_rows();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER jobs_elig_del AFTER DELETE ON jobs REFERENCING OLD TABLE AS eligibility_old FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_job_rows();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION eligibility_mark_certificate_type_jobs() RETURNS trigger LANGUAGE plpgsql AS $f$
DECLARE ids int[];
BEGIN
  IF TG_OP = 'DELETE' THEN
    ids := ARRAY(SELECT id FROM eligibility_old);
  ELSE
    ids := ARRAY(SELECT n.id FROM eligibility_new n JOIN eligibility_old o ON o.id = n.id
                  WHERE n.active IS DISTINCT FROM o.active OR n.renew_window_days IS DISTINCT FROM o.renew_window_days);
  END IF;
  IF cardinality(ids) > 0 THEN
    PERFORM eligibility_mark_jobs(ARRAY(SELECT job_id FROM job_requirements WHERE kind = 'certificate' AND ref_id = ANY(ids)));
  END IF;
  RETURN NULL;
END $f$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS certificate_types_elig_all ON certificate_types;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER certificate_types_elig_upd AFTER UPDATE ON certificate_types REFERENCING OLD TABLE AS eligibility_old NEW TABLE AS eligibility_new FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_certificate_type_jobs();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER certificate_types_elig_del AFTER DELETE ON certificate_types REFERENCING OLD TABLE AS eligibility_old FOR EACH STATEMENT EXECUTE FUNCTION eligibility_mark_certificate_type_jobs();
