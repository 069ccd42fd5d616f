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
