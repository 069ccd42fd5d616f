ALTER TABLE "cases" ADD COLUMN "credit_hours" numeric(6, 2) DEFAULT 0.5 NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_credit_hours_ck" CHECK ("cases"."credit_hours" >= 0 AND "cases"."credit_hours" <= 200);--> statement-breakpoint
-- BEGIN hand-written: a completed case assignment is 学时 evidence (safety, the case's
-- credit_hours, lib/hours), so the totals' triggers (migration 0015) mark its member when an
-- assignment changes, and every member of a case whose credit changes; members with a case
-- already completed are recomputed once (the existing cases take the 0.5 h default).
CREATE OR REPLACE TRIGGER case_assignments_hours_ins AFTER INSERT ON case_assignments REFERENCING NEW TABLE AS hours_new FOR EACH STATEMENT EXECUTE FUNCTION hours_mark_members()
--> statement-breakpoint
CREATE OR REPLACE TRIGGER case_assignments_hours_upd AFTER UPDATE ON case_assignments REFERENCING OLD TABLE AS hours_old NEW TABLE AS hours_new FOR EACH STATEMENT EXECUTE FUNCTION hours_mark_members()
--> statement-breakpoint
CREATE OR REPLACE TRIGGER case_assignments_hours_del AFTER DELETE ON case_assignments REFERENCING OLD TABLE AS hours_old FOR EACH STATEMENT EXECUTE FUNCTION hours_mark_members()
--> statement-breakpoint
CREATE OR REPLACE FUNCTION hours_mark_cases() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  INSERT INTO hours_dirty (member_id)
    SELECT DISTINCT a.member_id FROM case_assignments a
      JOIN hours_new n ON n.id = a.case_id JOIN hours_old o ON o.id = n.id
     WHERE o.credit_hours IS DISTINCT FROM n.credit_hours
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $f$
--> statement-breakpoint
CREATE OR REPLACE TRIGGER cases_hours_upd AFTER UPDATE ON cases REFERENCING OLD TABLE AS hours_old NEW TABLE AS hours_new FOR EACH STATEMENT EXECUTE FUNCTION hours_mark_cases()
--> statement-breakpoint
INSERT INTO hours_dirty (member_id) SELECT DISTINCT member_id FROM case_assignments WHERE completed_at IS NOT NULL ON CONFLICT DO NOTHING
-- END hand-written
