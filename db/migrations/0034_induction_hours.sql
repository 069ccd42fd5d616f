-- Custom SQL migration file, put your code below! --
--> statement-breakpoint
-- BEGIN hand-written: a signed-off induction level credits its hours to the 学时 ledger (safety,
-- lib/hours), so the totals' triggers (migration 0015) mark its member when a record changes,
-- and members with a level already signed are recomputed once.
CREATE OR REPLACE TRIGGER induction_records_hours_ins AFTER INSERT ON induction_records REFERENCING NEW TABLE AS hours_new FOR EACH STATEMENT EXECUTE FUNCTION hours_mark_members()
--> statement-breakpoint
CREATE OR REPLACE TRIGGER induction_records_hours_upd AFTER UPDATE ON induction_records REFERENCING OLD TABLE AS hours_old NEW TABLE AS hours_new FOR EACH STATEMENT EXECUTE FUNCTION hours_mark_members()
--> statement-breakpoint
CREATE OR REPLACE TRIGGER induction_records_hours_del AFTER DELETE ON induction_records REFERENCING OLD TABLE AS hours_old FOR EACH STATEMENT EXECUTE FUNCTION hours_mark_members()
--> statement-breakpoint
INSERT INTO hours_dirty (member_id) SELECT DISTINCT member_id FROM induction_records WHERE signed_off_on IS NOT NULL ON CONFLICT DO NOTHING
-- END hand-written
