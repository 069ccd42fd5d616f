CREATE TABLE "specialties" (
	"code" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL
);

--> statement-breakpoint
-- Hand-written: the list starts with the seven codes and the labels the app showed for them.
INSERT INTO "specialties" ("code", "name_zh", "name_en", "sort") VALUES ('oil_production', '采油', 'Oil production', 10), ('gathering', '集输', 'Gathering', 20), ('boiler', '锅炉', 'Boiler', 30), ('electrical', '电工', 'Electrical', 40), ('instrument', '仪表', 'Instrumentation', 50), ('safety', '安全', 'Safety', 60), ('maintenance', '维修', 'Maintenance', 70) ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Free text (lessons and courses took it before the list) that names a specialty by its code or
-- label, in any letter case, becomes that code.
UPDATE "members" x SET "specialty" = s."code" FROM "specialties" s WHERE x."specialty" <> s."code" AND lower(btrim(x."specialty")) IN (lower(s."code"), lower(s."name_zh"), lower(s."name_en"));
--> statement-breakpoint
UPDATE "jobs" x SET "specialty" = s."code" FROM "specialties" s WHERE x."specialty" <> s."code" AND lower(btrim(x."specialty")) IN (lower(s."code"), lower(s."name_zh"), lower(s."name_en"));
--> statement-breakpoint
UPDATE "job_requirements" x SET "specialty" = s."code" FROM "specialties" s WHERE x."specialty" <> s."code" AND lower(btrim(x."specialty")) IN (lower(s."code"), lower(s."name_zh"), lower(s."name_en"));
--> statement-breakpoint
UPDATE "certificate_types" x SET "specialty" = s."code" FROM "specialties" s WHERE x."specialty" <> s."code" AND lower(btrim(x."specialty")) IN (lower(s."code"), lower(s."name_zh"), lower(s."name_en"));
--> statement-breakpoint
UPDATE "classes" x SET "specialty" = s."code" FROM "specialties" s WHERE x."specialty" <> s."code" AND lower(btrim(x."specialty")) IN (lower(s."code"), lower(s."name_zh"), lower(s."name_en"));
--> statement-breakpoint
UPDATE "lessons" x SET "specialty" = s."code" FROM "specialties" s WHERE x."specialty" <> s."code" AND lower(btrim(x."specialty")) IN (lower(s."code"), lower(s."name_zh"), lower(s."name_en"));
--> statement-breakpoint
UPDATE "courses" x SET "specialty" = s."code" FROM "specialties" s WHERE x."specialty" <> s."code" AND lower(btrim(x."specialty")) IN (lower(s."code"), lower(s."name_zh"), lower(s."name_en"));
--> statement-breakpoint
UPDATE "question_categories" x SET "specialty" = s."code" FROM "specialties" s WHERE x."specialty" <> s."code" AND lower(btrim(x."specialty")) IN (lower(s."code"), lower(s."name_zh"), lower(s."name_en"));
--> statement-breakpoint
UPDATE "quizzes" x SET "specialty" = s."code" FROM "specialties" s WHERE x."specialty" <> s."code" AND lower(btrim(x."specialty")) IN (lower(s."code"), lower(s."name_zh"), lower(s."name_en"));
--> statement-breakpoint
UPDATE "practical_tasks" x SET "specialty" = s."code" FROM "specialties" s WHERE x."specialty" <> s."code" AND lower(btrim(x."specialty")) IN (lower(s."code"), lower(s."name_zh"), lower(s."name_en"));
--> statement-breakpoint
UPDATE "contests" x SET "specialty" = s."code" FROM "specialties" s WHERE x."specialty" <> s."code" AND lower(btrim(x."specialty")) IN (lower(s."code"), lower(s."name_zh"), lower(s."name_en"));
--> statement-breakpoint
-- A blank one is no specialty where a record may have none.
UPDATE "job_requirements" SET "specialty" = NULL WHERE btrim("specialty") = '';
--> statement-breakpoint
UPDATE "certificate_types" SET "specialty" = NULL WHERE btrim("specialty") = '';
--> statement-breakpoint
UPDATE "classes" SET "specialty" = NULL WHERE btrim("specialty") = '';
--> statement-breakpoint
UPDATE "lessons" SET "specialty" = NULL WHERE btrim("specialty") = '';
--> statement-breakpoint
UPDATE "courses" SET "specialty" = NULL WHERE btrim("specialty") = '';
--> statement-breakpoint
UPDATE "question_categories" SET "specialty" = NULL WHERE btrim("specialty") = '';
--> statement-breakpoint
UPDATE "quizzes" SET "specialty" = NULL WHERE btrim("specialty") = '';
--> statement-breakpoint
-- A blank one where a record must have one (members, jobs, tasks, contests) gets an entry that says so.
INSERT INTO "specialties" ("code", "name_zh", "name_en", "sort") SELECT 'unspecified', '未填写', 'Not given', 999 WHERE EXISTS (SELECT 1 FROM "members" WHERE btrim("specialty") = '' UNION ALL SELECT 1 FROM "jobs" WHERE btrim("specialty") = '' UNION ALL SELECT 1 FROM "practical_tasks" WHERE btrim("specialty") = '' UNION ALL SELECT 1 FROM "contests" WHERE btrim("specialty") = '') ON CONFLICT DO NOTHING;
--> statement-breakpoint
UPDATE "members" SET "specialty" = 'unspecified' WHERE btrim("specialty") = '';
--> statement-breakpoint
UPDATE "jobs" SET "specialty" = 'unspecified' WHERE btrim("specialty") = '';
--> statement-breakpoint
UPDATE "practical_tasks" SET "specialty" = 'unspecified' WHERE btrim("specialty") = '';
--> statement-breakpoint
UPDATE "contests" SET "specialty" = 'unspecified' WHERE btrim("specialty") = '';
--> statement-breakpoint
-- Any other value becomes an entry of its own (code legacy_<hash>, both names the text as it was), so
-- nothing is lost; the admin renames or merges it on /system/specialties.
INSERT INTO "specialties" ("code", "name_zh", "name_en", "sort") SELECT 'legacy_' || substr(md5(v), 1, 10), v, v, 1000 FROM (SELECT btrim("specialty") AS v FROM "members" WHERE "specialty" IS NOT NULL AND btrim("specialty") <> '' UNION SELECT btrim("specialty") AS v FROM "jobs" WHERE "specialty" IS NOT NULL AND btrim("specialty") <> '' UNION SELECT btrim("specialty") AS v FROM "job_requirements" WHERE "specialty" IS NOT NULL AND btrim("specialty") <> '' UNION SELECT btrim("specialty") AS v FROM "certificate_types" WHERE "specialty" IS NOT NULL AND btrim("specialty") <> '' UNION SELECT btrim("specialty") AS v FROM "classes" WHERE "specialty" IS NOT NULL AND btrim("specialty") <> '' UNION SELECT btrim("specialty") AS v FROM "lessons" WHERE "specialty" IS NOT NULL AND btrim("specialty") <> '' UNION SELECT btrim("specialty") AS v FROM "courses" WHERE "specialty" IS NOT NULL AND btrim("specialty") <> '' UNION SELECT btrim("specialty") AS v FROM "question_categories" WHERE "specialty" IS NOT NULL AND btrim("specialty") <> '' UNION SELECT btrim("specialty") AS v FROM "quizzes" WHERE "specialty" IS NOT NULL AND btrim("specialty") <> '' UNION SELECT btrim("specialty") AS v FROM "practical_tasks" WHERE "specialty" IS NOT NULL AND btrim("specialty") <> '' UNION SELECT btrim("specialty") AS v FROM "contests" WHERE "specialty" IS NOT NULL AND btrim("specialty") <> '') u WHERE v NOT IN (SELECT "code" FROM "specialties") ON CONFLICT DO NOTHING;
--> statement-breakpoint
UPDATE "members" SET "specialty" = 'legacy_' || substr(md5(btrim("specialty")), 1, 10) WHERE "specialty" IS NOT NULL AND btrim("specialty") <> '' AND "specialty" NOT IN (SELECT "code" FROM "specialties");
--> statement-breakpoint
UPDATE "jobs" SET "specialty" = 'legacy_' || substr(md5(btrim("specialty")), 1, 10) WHERE "specialty" IS NOT NULL AND btrim("specialty") <> '' AND "specialty" NOT IN (SELECT "code" FROM "specialties");
--> statement-breakpoint
UPDATE "job_requirements" SET "specialty" = 'legacy_' || substr(md5(btrim("specialty")), 1, 10) WHERE "specialty" IS NOT NULL AND btrim("specialty") <> '' AND "specialty" NOT IN (SELECT "code" FROM "specialties");
--> statement-breakpoint
UPDATE "certificate_types" SET "specialty" = 'legacy_' || substr(md5(btrim("specialty")), 1, 10) WHERE "specialty" IS NOT NULL AND btrim("specialty") <> '' AND "specialty" NOT IN (SELECT "code" FROM "specialties");
--> statement-breakpoint
UPDATE "classes" SET "specialty" = 'legacy_' || substr(md5(btrim("specialty")), 1, 10) WHERE "specialty" IS NOT NULL AND btrim("specialty") <> '' AND "specialty" NOT IN (SELECT "code" FROM "specialties");
--> statement-breakpoint
UPDATE "lessons" SET "specialty" = 'legacy_' || substr(md5(btrim("specialty")), 1, 10) WHERE "specialty" IS NOT NULL AND btrim("specialty") <> '' AND "specialty" NOT IN (SELECT "code" FROM "specialties");
--> statement-breakpoint
UPDATE "courses" SET "specialty" = 'legacy_' || substr(md5(btrim("specialty")), 1, 10) WHERE "specialty" IS NOT NULL AND btrim("specialty") <> '' AND "specialty" NOT IN (SELECT "code" FROM "specialties");
--> statement-breakpoint
UPDATE "question_categories" SET "specialty" = 'legacy_' || substr(md5(btrim("specialty")), 1, 10) WHERE "specialty" IS NOT NULL AND btrim("specialty") <> '' AND "specialty" NOT IN (SELECT "code" FROM "specialties");
--> statement-breakpoint
UPDATE "quizzes" SET "specialty" = 'legacy_' || substr(md5(btrim("specialty")), 1, 10) WHERE "specialty" IS NOT NULL AND btrim("specialty") <> '' AND "specialty" NOT IN (SELECT "code" FROM "specialties");
--> statement-breakpoint
UPDATE "practical_tasks" SET "specialty" = 'legacy_' || substr(md5(btrim("specialty")), 1, 10) WHERE "specialty" IS NOT NULL AND btrim("specialty") <> '' AND "specialty" NOT IN (SELECT "code" FROM "specialties");
--> statement-breakpoint
UPDATE "contests" SET "specialty" = 'legacy_' || substr(md5(btrim("specialty")), 1, 10) WHERE "specialty" IS NOT NULL AND btrim("specialty") <> '' AND "specialty" NOT IN (SELECT "code" FROM "specialties");
--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_specialty_specialties_code_fk" FOREIGN KEY ("specialty") REFERENCES "public"."specialties"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_specialty_specialties_code_fk" FOREIGN KEY ("specialty") REFERENCES "public"."specialties"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_categories" ADD CONSTRAINT "question_categories_specialty_specialties_code_fk" FOREIGN KEY ("specialty") REFERENCES "public"."specialties"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quizzes" ADD CONSTRAINT "quizzes_specialty_specialties_code_fk" FOREIGN KEY ("specialty") REFERENCES "public"."specialties"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classes" ADD CONSTRAINT "classes_specialty_specialties_code_fk" FOREIGN KEY ("specialty") REFERENCES "public"."specialties"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contests" ADD CONSTRAINT "contests_specialty_specialties_code_fk" FOREIGN KEY ("specialty") REFERENCES "public"."specialties"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practical_tasks" ADD CONSTRAINT "practical_tasks_specialty_specialties_code_fk" FOREIGN KEY ("specialty") REFERENCES "public"."specialties"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "courses" ADD CONSTRAINT "courses_specialty_specialties_code_fk" FOREIGN KEY ("specialty") REFERENCES "public"."specialties"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lessons" ADD CONSTRAINT "lessons_specialty_specialties_code_fk" FOREIGN KEY ("specialty") REFERENCES "public"."specialties"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_types" ADD CONSTRAINT "certificate_types_specialty_specialties_code_fk" FOREIGN KEY ("specialty") REFERENCES "public"."specialties"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_requirements" ADD CONSTRAINT "job_requirements_specialty_specialties_code_fk" FOREIGN KEY ("specialty") REFERENCES "public"."specialties"("code") ON DELETE no action ON UPDATE no action;