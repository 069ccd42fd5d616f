CREATE TABLE "training_evaluations" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"class_id" integer,
	"course_id" integer,
	"scores" jsonb,
	"comment" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_evaluations_target_ck" CHECK (("training_evaluations"."class_id" IS NULL) <> ("training_evaluations"."course_id" IS NULL))
);
--> statement-breakpoint
ALTER TABLE "training_evaluations" ADD CONSTRAINT "training_evaluations_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_evaluations" ADD CONSTRAINT "training_evaluations_class_id_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."classes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_evaluations" ADD CONSTRAINT "training_evaluations_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "training_evaluations_class_uq" ON "training_evaluations" USING btree ("member_id","class_id");--> statement-breakpoint
CREATE UNIQUE INDEX "training_evaluations_course_uq" ON "training_evaluations" USING btree ("member_id","course_id");--> statement-breakpoint
CREATE INDEX "training_evaluations_class_idx" ON "training_evaluations" USING btree ("class_id");--> statement-breakpoint
CREATE INDEX "training_evaluations_course_idx" ON "training_evaluations" USING btree ("course_id");