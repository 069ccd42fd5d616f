import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, jsonb, pgEnum, pgTable, primaryKey, real, serial, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { creditHours, hourCategory } from "./hours";
import { classes } from "./classes";
import { jobs, members, orgUnits, specialties } from "./org";
import { quizzes } from "./quiz";

export const contentStatus = pgEnum("content_status", ["draft", "published", "archived"]);
export const courseItemKind = pgEnum("course_item_kind", ["lesson", "quiz", "class"]);
export const enrolmentSource = pgEnum("enrolment_source", ["assigned", "chosen", "job"]);
export const uploadState = pgEnum("upload_state", ["receiving", "done", "failed"]);

/**
 * 视频教学: one video. `storageKey` names the object in media storage (lib/storage), set once an
 * upload has been checked; `durationS` comes from ffprobe, or from the trainer's browser when
 * the machine has no ffprobe.
 */
export const lessons = pgTable(
  "lessons",
  {
    id: serial("id").primaryKey(),
    /** Stable key for demo data; null for lessons made in the app. */
    code: text("code").unique(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    specialty: text("specialty").references(() => specialties.code),
    storageKey: text("storage_key"),
    mime: text("mime"),
    sizeBytes: bigint("size_bytes", { mode: "number" }),
    durationS: real("duration_s"),
    posterKey: text("poster_key"),
    requiredRatio: real("required_ratio").notNull().default(0.9),
    /** 学时 category of the hours this content credits (lib/hours). */
    hoursCategory: hourCategory("hours_category").notNull().default("other"),
    status: contentStatus("status").notNull().default("draft"),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("lessons_status_idx").on(t.status), check("lessons_ratio_ck", sql`${t.requiredRatio} > 0 AND ${t.requiredRatio} <= 1`)],
);

/**
 * A chunked, resumable upload in flight: bytes go to a part file under the media folder's
 * `tmp/`, and `received` says how far it got, so a dropped connection resumes there.
 */
export const lessonUploads = pgTable("lesson_uploads", {
  id: text("id").primaryKey(),
  lessonId: integer("lesson_id")
    .notNull()
    .references(() => lessons.id, { onDelete: "cascade" }),
  fileName: text("file_name").notNull(),
  sizeBytes: bigint("size_bytes", { mode: "number" }).notNull(),
  received: bigint("received", { mode: "number" }).notNull().default(0),
  state: uploadState("state").notNull().default("receiving"),
  error: text("error"),
  /**
   * With object storage: the S3 multipart upload the chunks go to as parts (lib/video/uploads.ts),
   * so any instance takes any chunk; null when the parts sit in the local media folder.
   */
  multipartId: text("multipart_id"),
  /**
   * The parts received so far, in order: their S3 ETags (part n is parts[n - 1]). For a direct
   * upload one entry per part from the start, "" until the browser reports the part sent.
   */
  partEtags: jsonb("part_etags").$type<string[]>().notNull().default([]),
  /** The browser sends the parts straight to the bucket with presigned URLs (lib/video/uploads.ts). */
  direct: boolean("direct").notNull().default(false),
  createdBy: integer("created_by").references(() => users.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** 课程: an ordered list of lessons, quizzes and classes. */
export const courses = pgTable(
  "courses",
  {
    id: serial("id").primaryKey(),
    code: text("code").unique(),
    title: text("title").notNull(),
    specialty: text("specialty").references(() => specialties.code),
    description: text("description").notNull().default(""),
    coverKey: text("cover_key"),
    /** 学时 category of the hours this content credits (lib/hours). */
    hoursCategory: hourCategory("hours_category").notNull().default("other"),
    /** Trainer-set 学时 credited when completed / signed off / passed; 0 credits nothing. */
    creditHours: creditHours("credit_hours").notNull().default(0),
    status: contentStatus("status").notNull().default("draft"),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("courses_status_idx").on(t.status)],
);

export const courseItems = pgTable(
  "course_items",
  {
    id: serial("id").primaryKey(),
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    kind: courseItemKind("kind").notNull(),
    lessonId: integer("lesson_id").references(() => lessons.id),
    quizId: integer("quiz_id").references(() => quizzes.id),
    classId: integer("class_id").references(() => classes.id),
    required: boolean("required").notNull().default(true),
  },
  (t) => [
    index("course_items_course_idx").on(t.courseId, t.position),
    index("course_items_lesson_idx").on(t.lessonId),
    check(
      "course_items_ref_ck",
      sql`(${t.kind} = 'lesson' AND ${t.lessonId} IS NOT NULL AND ${t.quizId} IS NULL AND ${t.classId} IS NULL)
       OR (${t.kind} = 'quiz' AND ${t.quizId} IS NOT NULL AND ${t.lessonId} IS NULL AND ${t.classId} IS NULL)
       OR (${t.kind} = 'class' AND ${t.classId} IS NOT NULL AND ${t.lessonId} IS NULL AND ${t.quizId} IS NULL)`,
    ),
  ],
);

/** Who a course is for: a unit subtree or a job (either matches), like quiz_audience. */
export const courseAudience = pgTable(
  "course_audience",
  {
    id: serial("id").primaryKey(),
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    orgUnitId: integer("org_unit_id").references(() => orgUnits.id),
    jobId: integer("job_id").references(() => jobs.id),
  },
  (t) => [index("course_audience_course_idx").on(t.courseId)],
);

/** A member on a course by a trainer's assignment, their own choice, or their job's needs. */
export const courseEnrolments = pgTable(
  "course_enrolments",
  {
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    source: enrolmentSource("source").notNull(),
    assignedBy: integer("assigned_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.memberId] }), index("course_enrolments_member_idx").on(t.memberId)],
);

/** Half-open intervals [start, end) of media seconds, sorted and disjoint. */
export type Segments = [number, number][];

/**
 * What a member really watched of a lesson: the union of the played intervals (media time),
 * its length, where playback stopped. Only ever grows: merging is a union, `completed_at` is
 * set once.
 */
export const lessonProgress = pgTable(
  "lesson_progress",
  {
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    lessonId: integer("lesson_id")
      .notNull()
      .references(() => lessons.id, { onDelete: "cascade" }),
    segments: jsonb("segments").$type<Segments>().notNull().default([]),
    watchedS: real("watched_s").notNull().default(0),
    lastPositionS: real("last_position_s").notNull().default(0),
    /** The browser's clock of the report that set `last_position_s`: an older report never moves it back. */
    positionAt: bigint("position_at", { mode: "number" }).notNull().default(0),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.lessonId] }), index("lesson_progress_lesson_idx").on(t.lessonId)],
);

export const courseCompletions = pgTable(
  "course_completions",
  {
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    completedAt: timestamp("completed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.courseId] }), index("course_completions_course_idx").on(t.courseId)],
);

export const renditionState = pgEnum("rendition_state", ["queued", "running", "done", "failed"]);

/** One rung of a lesson's HLS ladder as transcoded: its name (`240p`), height, nominal and measured bit rate. */
export interface RungInfo {
  name: string;
  height: number;
  /** The ladder's nominal bit rate, video and audio, kbit/s. */
  kbps: number;
  /** Bytes of its segments (the whole lesson at this rung). */
  bytes: number;
}

/**
 * A lesson's adaptive (HLS) copy, made by the `video-transcode` job from the uploaded original
 * (`sourceKey`; the original stays the trainers' download). Its playlists and segments are stored
 * under `prefix` (lib/storage); `files` names them, relative to it. `percent` is ffmpeg's progress.
 */
export const lessonRenditions = pgTable("lesson_renditions", {
  lessonId: integer("lesson_id")
    .primaryKey()
    .references(() => lessons.id, { onDelete: "cascade" }),
  sourceKey: text("source_key").notNull(),
  state: renditionState("state").notNull().default("queued"),
  percent: integer("percent").notNull().default(0),
  error: text("error"),
  prefix: text("prefix"),
  rungs: jsonb("rungs").$type<RungInfo[]>().notNull().default([]),
  files: jsonb("files").$type<string[]>().notNull().default([]),
  startedAt: timestamp("started_at", { withTimezone: true }),
  finishedAt: timestamp("finished_at", { withTimezone: true }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A worker's 省流量 (data saver): the highest rung their player may use (240, 360, 720), 0 for
 * no cap; no row: the site's default (`VIDEO_MAX_HEIGHT`).
 */
export const videoPrefs = pgTable("video_prefs", {
  memberId: integer("member_id")
    .primaryKey()
    .references(() => members.id, { onDelete: "cascade" }),
  maxHeight: integer("max_height").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
