import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import { users } from "./auth";

/** Per essay part of a group: the trainer's score and feedback (attempt_answers.part_grades). */
export type PartGrades = Record<string, { score: number; feedback: string | null }>;
import { creditHours, hourCategory } from "./hours";
import { jobs, members, orgUnits, specialties } from "./org";

export const questionType = pgEnum("question_type", ["single", "multiple", "truefalse", "fill", "numeric", "essay", "matching", "ordering", "cloze", "group"]);
export const quizStatus = pgEnum("quiz_status", ["draft", "published", "closed"]);
export const gradingMethod = pgEnum("grading_method", ["highest", "last", "first", "average"]);
export const overduePolicy = pgEnum("overdue_policy", ["autosubmit", "grace", "discard"]);
export const quizLayout = pgEnum("quiz_layout", ["one_per_page", "all_on_one"]);
export const slotKind = pgEnum("slot_kind", ["fixed", "random"]);
export const attemptState = pgEnum("attempt_state", ["in_progress", "submitted", "abandoned"]);
/** Where an attempt was sat: online, or on paper at a 线下考试 with its score entered by a trainer. */
export const attemptSource = pgEnum("attempt_source", ["online", "paper"]);

/** Points and scores carry two decimals; numbers in TypeScript, exact in the database. */
const points = (name: string) => numeric(name, { precision: 8, scale: 2, mode: "number" });

/** 题库分类: a tree per specialty; `path` as in org_units. */
export const questionCategories = pgTable(
  "question_categories",
  {
    id: serial("id").primaryKey(),
    parentId: integer("parent_id").references((): AnyPgColumn => questionCategories.id),
    name: text("name").notNull(),
    specialty: text("specialty").references(() => specialties.code),
    path: text("path").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("question_categories_name_uq").on(t.parentId, t.name).nullsNotDistinct(),
    index("question_categories_path_idx").using("btree", sql`${t.path} text_pattern_ops`),
  ],
);

/** A question in the bank; its content lives in versions, and an edit adds one. */
export const questions = pgTable(
  "questions",
  {
    id: serial("id").primaryKey(),
    categoryId: integer("category_id")
      .notNull()
      .references(() => questionCategories.id),
    currentVersionId: integer("current_version_id"),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    archived: boolean("archived").notNull().default(false),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("questions_category_idx").on(t.categoryId)],
);

/**
 * One version of a question. `body` is what a worker may see (options, scoring, unit, blanks);
 * `answerKey` and `explanation` are not, until the review policy allows.
 */
export const questionVersions = pgTable(
  "question_versions",
  {
    id: serial("id").primaryKey(),
    questionId: integer("question_id")
      .notNull()
      .references(() => questions.id),
    version: integer("version").notNull(),
    type: questionType("type").notNull(),
    title: text("title"),
    stem: text("stem").notNull(),
    body: jsonb("body").notNull().default({}),
    answerKey: jsonb("answer_key").notNull(),
    explanation: text("explanation").notNull().default(""),
    difficulty: smallint("difficulty").notNull().default(3),
    points: points("points").notNull().default(1),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("question_versions_uq").on(t.questionId, t.version)],
);

/** What a worker may see after submitting and after the quiz closes. */
export interface ReviewPolicy {
  score: boolean;
  correctness: boolean;
  answer: boolean;
  explanation: boolean;
}

/** 季度小会考. */
export const quizzes = pgTable(
  "quizzes",
  {
    id: serial("id").primaryKey(),
    title: text("title").notNull(),
    /** e.g. 2026-Q4, shown as 2026年第4季度. */
    quarter: text("quarter").notNull(),
    /** The series a quiz belongs to (every quarterly quiz by default) and its specialty: job requirements match on them. */
    series: text("series").default("季度小会考"),
    specialty: text("specialty").references(() => specialties.code),
    theme: text("theme").notNull().default(""),
    description: text("description").notNull().default(""),
    opensAt: timestamp("opens_at", { withTimezone: true }).notNull(),
    closesAt: timestamp("closes_at", { withTimezone: true }).notNull(),
    /** Null: no limit but the closing time. */
    timeLimitS: integer("time_limit_s"),
    attemptsAllowed: integer("attempts_allowed").notNull().default(1),
    gradingMethod: gradingMethod("grading_method").notNull().default("highest"),
    passPercent: numeric("pass_percent", { precision: 5, scale: 2, mode: "number" }).notNull().default(60),
    /** 学时 category of the hours this content credits (lib/hours). */
    hoursCategory: hourCategory("hours_category").notNull().default("other"),
    /** Trainer-set 学时 credited when completed / signed off / passed; 0 credits nothing. */
    creditHours: creditHours("credit_hours").notNull().default(0),
    shuffleQuestions: boolean("shuffle_questions").notNull().default(false),
    shuffleOptions: boolean("shuffle_options").notNull().default(false),
    layout: quizLayout("layout").notNull().default("one_per_page"),
    overduePolicy: overduePolicy("overdue_policy").notNull().default("autosubmit"),
    graceS: integer("grace_s").notNull().default(0),
    reviewAfterSubmit: jsonb("review_after_submit")
      .$type<ReviewPolicy>()
      .notNull()
      .default({ score: true, correctness: false, answer: false, explanation: false }),
    reviewAfterClose: jsonb("review_after_close").$type<ReviewPolicy>().notNull().default({ score: true, correctness: true, answer: true, explanation: true }),
    status: quizStatus("status").notNull().default("draft"),
    /** 现场监考: an attempt starts only with the rotating code a proctor at a station shows. */
    proctorRequired: boolean("proctor_required").notNull().default(false),
    /** The worker's name and employee number drawn over the questions. */
    watermark: boolean("watermark").notNull().default(false),
    /** 允许模拟考试: workers in the audience may take unlimited mock exams drawn by this quiz's slots (lib/practice/quiz-mock.ts). */
    mockAllowed: boolean("mock_allowed").notNull().default(false),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp("published_at", { withTimezone: true }),
  },
  (t) => [index("quizzes_status_idx").on(t.status, t.closesAt)],
);

/** A fixed question, or `count` questions drawn per attempt from a category at a difficulty. */
export const quizSlots = pgTable(
  "quiz_slots",
  {
    id: serial("id").primaryKey(),
    quizId: integer("quiz_id")
      .notNull()
      .references(() => quizzes.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    kind: slotKind("kind").notNull(),
    questionId: integer("question_id").references(() => questions.id),
    categoryId: integer("category_id").references(() => questionCategories.id),
    difficulty: smallint("difficulty"),
    count: integer("count").notNull().default(1),
    /** Points each question of the slot is worth; null keeps the question's own. */
    points: points("points"),
  },
  (t) => [index("quiz_slots_quiz_idx").on(t.quizId, t.position)],
);

/** Who a quiz is for: members of a unit subtree, holders of a job, or both (either matches). */
export const quizAudience = pgTable(
  "quiz_audience",
  {
    id: serial("id").primaryKey(),
    quizId: integer("quiz_id")
      .notNull()
      .references(() => quizzes.id, { onDelete: "cascade" }),
    orgUnitId: integer("org_unit_id").references(() => orgUnits.id),
    jobId: integer("job_id").references(() => jobs.id),
  },
  (t) => [index("quiz_audience_quiz_idx").on(t.quizId)],
);

/** Extra time or attempts for one member. */
export const quizOverrides = pgTable(
  "quiz_overrides",
  {
    quizId: integer("quiz_id")
      .notNull()
      .references(() => quizzes.id, { onDelete: "cascade" }),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    extraTimeS: integer("extra_time_s").notNull().default(0),
    extraAttempts: integer("extra_attempts").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.quizId, t.memberId] })],
);

/** 答卷. The server owns its clock: `deadlineAt` is fixed when it starts. */
export const attempts = pgTable(
  "attempts",
  {
    id: serial("id").primaryKey(),
    quizId: integer("quiz_id")
      .notNull()
      .references(() => quizzes.id),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    attemptNo: integer("attempt_no").notNull(),
    state: attemptState("state").notNull().default("in_progress"),
    /** A trainer's preview: never counted, never in statistics. */
    preview: boolean("preview").notNull().default(false),
    seed: text("seed").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    deadlineAt: timestamp("deadline_at", { withTimezone: true }).notNull(),
    /** When it finished: the submit, or the deadline for one the server finished. */
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    score: points("score"),
    maxScore: points("max_score"),
    /** Essay answers still wait for a trainer. */
    needsGrading: boolean("needs_grading").notNull().default(false),
    /** The proctoring the attempt was started under (who, at which station); its time is `proctoredAt`. */
    proctorSessionId: integer("proctor_session_id").references((): AnyPgColumn => quizProctorSessions.id),
    proctoredAt: timestamp("proctored_at", { withTimezone: true }),
    /** The browser that first reported on the attempt; another one is an integrity event. */
    deviceId: text("device_id"),
    /** Integrity events refused once the attempt held its cap (a flooding client). */
    eventsDropped: integer("events_dropped").notNull().default(0),
    source: attemptSource("source").notNull().default("online"),
    /** A paper attempt's sitting (lib/quiz/paper) and the version (A or B) the member wrote. */
    paperExamId: integer("paper_exam_id").references((): AnyPgColumn => paperExams.id),
    paperVersion: text("paper_version"),
  },
  (t) => [
    uniqueIndex("attempts_member_no_uq").on(t.quizId, t.memberId, t.attemptNo),
    uniqueIndex("attempts_paper_member_uq").on(t.paperExamId, t.memberId),
    index("attempts_member_idx").on(t.memberId, t.quizId),
    index("attempts_open_deadline_idx").on(t.deadlineAt).where(sql`state = 'in_progress'`),
  ],
);

/** The questions an attempt was given, in its order, with the option order fixed at start. */
export const attemptQuestions = pgTable(
  "attempt_questions",
  {
    attemptId: integer("attempt_id")
      .notNull()
      .references(() => attempts.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    questionVersionId: integer("question_version_id")
      .notNull()
      .references(() => questionVersions.id),
    optionOrder: jsonb("option_order").$type<string[] | null>(),
    points: points("points").notNull(),
  },
  (t) => [primaryKey({ columns: [t.attemptId, t.position] })],
);

/**
 * The latest answer to each question of an attempt. `seq` comes from the browser and only ever
 * grows: a save with a lower one arrived late and changes nothing.
 */
export const attemptAnswers = pgTable(
  "attempt_answers",
  {
    attemptId: integer("attempt_id")
      .notNull()
      .references(() => attempts.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    response: jsonb("response"),
    flagged: boolean("flagged").notNull().default(false),
    seq: integer("seq").notNull(),
    savedAt: timestamp("saved_at", { withTimezone: true }).notNull().defaultNow(),
    autoScore: points("auto_score"),
    manualScore: points("manual_score"),
    /**
     * A 案例分析 group's essay parts, each graded on its own: part id → the trainer's score on
     * the part's points and feedback. `manual_score` is then their sum, once every written essay
     * part has its grade (null while one waits).
     */
    partGrades: jsonb("part_grades").$type<PartGrades | null>(),
    gradedBy: integer("graded_by").references(() => users.id),
    gradedAt: timestamp("graded_at", { withTimezone: true }),
    feedback: text("feedback"),
  },
  (t) => [primaryKey({ columns: [t.attemptId, t.position] })],
);

/** The score of record per member and quiz (grading method applied), linked to the profile. */
export const quizResults = pgTable(
  "quiz_results",
  {
    quizId: integer("quiz_id")
      .notNull()
      .references(() => quizzes.id),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    score: points("score").notNull(),
    maxScore: points("max_score").notNull(),
    percent: numeric("percent", { precision: 5, scale: 2, mode: "number" }).notNull(),
    passed: boolean("passed").notNull(),
    attemptsCounted: integer("attempts_counted").notNull(),
    pendingGrading: boolean("pending_grading").notNull().default(false),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.quizId, t.memberId] }), index("quiz_results_member_idx").on(t.memberId)],
);

/**
 * A picture in a question (stem, option, explanation), normalised on upload (lib/quiz/media.ts):
 * at most MEDIA_MAX_SIDE px on the long side, no EXIF, with a thumbnail. Question text refers to
 * it by `id` (a random token, see lib/quiz/media-refs.ts); `sha256` is of the stored bytes, so an
 * image imported again (an export read back) is the same row.
 */
export const questionMedia = pgTable(
  "question_media",
  {
    id: text("id").primaryKey(),
    storageKey: text("storage_key").notNull(),
    thumbKey: text("thumb_key").notNull(),
    mime: text("mime").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    bytes: integer("bytes").notNull(),
    sha256: text("sha256").notNull(),
    /** The name it came with (an upload's or a Moodle file's), for export; never a path. */
    filename: text("filename").notNull(),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("question_media_sha_uq").on(t.sha256)],
);

/**
 * 现场监考: a proctor (a trainer, or a manager or technician of the station's unit) opens
 * proctoring of a quiz at a station and shows a rotating six-digit code (lib/core/rotating-code)
 * keyed by `secret`. One open proctoring per quiz and station.
 */
export const quizProctorSessions = pgTable(
  "quiz_proctor_sessions",
  {
    id: serial("id").primaryKey(),
    quizId: integer("quiz_id")
      .notNull()
      .references(() => quizzes.id, { onDelete: "cascade" }),
    orgUnitId: integer("org_unit_id")
      .notNull()
      .references(() => orgUnits.id),
    proctorMemberId: integer("proctor_member_id")
      .notNull()
      .references(() => members.id),
    secret: text("secret").notNull(),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("quiz_proctor_sessions_open_uq").on(t.quizId, t.orgUnitId).where(sql`closed_at IS NULL`)],
);

/**
 * Wrong proctor codes per member and quiz, counted in a rolling window (PROCTOR_FAILURE_WINDOW_MS
 * in lib/quiz/proctor.ts) so a six-digit code cannot be guessed; in the database so instances count together.
 */
export const quizProctorFailures = pgTable(
  "quiz_proctor_failures",
  {
    quizId: integer("quiz_id")
      .notNull()
      .references(() => quizzes.id, { onDelete: "cascade" }),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    failures: integer("failures").notNull().default(0),
    firstAt: timestamp("first_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.quizId, t.memberId] })],
);

export const integrityEventKind = pgEnum("integrity_event_kind", ["left", "returned", "paste", "device"]);

/**
 * An attempt's integrity log: the page left and come back to (with the time away), pastes into
 * answers, another device on the attempt. Shown to the trainer; never changes a score. `seq` is
 * the browser's number for the event, so a resent batch is stored once; server-made events have none.
 */
export const attemptEvents = pgTable(
  "attempt_events",
  {
    id: serial("id").primaryKey(),
    attemptId: integer("attempt_id")
      .notNull()
      .references(() => attempts.id, { onDelete: "cascade" }),
    seq: integer("seq"),
    kind: integrityEventKind("kind").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    awayS: integer("away_s"),
    position: integer("position"),
    chars: integer("chars"),
    device: text("device"),
  },
  (t) => [uniqueIndex("attempt_events_seq_uq").on(t.attemptId, t.seq), index("attempt_events_attempt_idx").on(t.attemptId, t.at)],
);

/**
 * 线下考试: one paper sitting of a quiz at a station. The draw is fixed once (`seed`, the
 * questions in `paper_exam_questions`), and versions A and B are two orders of it; the scores
 * entered for it become paper attempts (`attempts.paper_exam_id`).
 */
export const paperExams = pgTable(
  "paper_exams",
  {
    id: serial("id").primaryKey(),
    quizId: integer("quiz_id")
      .notNull()
      .references(() => quizzes.id, { onDelete: "cascade" }),
    orgUnitId: integer("org_unit_id")
      .notNull()
      .references(() => orgUnits.id),
    seed: text("seed").notNull(),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("paper_exams_quiz_idx").on(t.quizId)],
);

/** A paper sitting's questions in the draw's order, with where each stands in versions A and B and their option orders. */
export const paperExamQuestions = pgTable(
  "paper_exam_questions",
  {
    paperExamId: integer("paper_exam_id")
      .notNull()
      .references(() => paperExams.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    questionVersionId: integer("question_version_id")
      .notNull()
      .references(() => questionVersions.id),
    points: points("points").notNull(),
    /** 1-based number of the question on paper A and on paper B. */
    numberA: integer("number_a").notNull(),
    numberB: integer("number_b").notNull(),
    optionsA: jsonb("options_a").$type<string[] | null>(),
    optionsB: jsonb("options_b").$type<string[] | null>(),
  },
  (t) => [primaryKey({ columns: [t.paperExamId, t.position] })],
);
