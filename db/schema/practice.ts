import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { jobs, members, orgUnits, specialties } from "./org";
import { attempts, questionCategories, questions, questionVersions, quizzes } from "./quiz";

/** What an opening opens: a category with its subtree, every category of a specialty (专业), or a job's (岗位) quiz requirements' categories. */
export const practiceOpeningKind = pgEnum("practice_opening_kind", ["category", "specialty", "job"]);

/**
 * 练习: a category (with its subtree) a trainer opened for practice, or a specialty: every category
 * carrying it (with its subtree), including those added later, or a job: the categories its quiz
 * requirements' quizzes draw from (lib/practice/open.ts `jobCategoryPaths`). A row is exactly one kind. A
 * question fixed in a quiz's slot is left out unless `includeQuizQuestions` says the trainer means
 * it to be practised.
 */
export const practiceOpenings = pgTable(
  "practice_openings",
  {
    id: serial("id").primaryKey(),
    kind: practiceOpeningKind("kind").notNull().default("category"),
    categoryId: integer("category_id").references(() => questionCategories.id),
    specialty: text("specialty").references(() => specialties.code),
    jobId: integer("job_id").references(() => jobs.id),
    includeQuizQuestions: boolean("include_quiz_questions").notNull().default(false),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("practice_openings_category_uq").on(t.categoryId),
    index("practice_openings_specialty_idx").on(t.specialty),
    uniqueIndex("practice_openings_job_uq").on(t.jobId),
    // Compared as text: the migration that adds 'job' to the enum cannot use the new value in its own transaction.
    check(
      "practice_openings_one_kind_ck",
      sql`(${t.kind}::text = 'category' AND ${t.categoryId} IS NOT NULL AND ${t.specialty} IS NULL AND ${t.jobId} IS NULL) OR (${t.kind}::text = 'specialty' AND ${t.specialty} IS NOT NULL AND ${t.categoryId} IS NULL AND ${t.jobId} IS NULL) OR (${t.kind}::text = 'job' AND ${t.jobId} IS NOT NULL AND ${t.categoryId} IS NULL AND ${t.specialty} IS NULL)`,
    ),
  ],
);

/** Who may practise an opening: members of a unit subtree or holders of a job, as for quizzes. */
export const practiceAudience = pgTable(
  "practice_audience",
  {
    id: serial("id").primaryKey(),
    openingId: integer("opening_id")
      .notNull()
      .references(() => practiceOpenings.id, { onDelete: "cascade" }),
    orgUnitId: integer("org_unit_id").references(() => orgUnits.id),
    jobId: integer("job_id").references(() => jobs.id),
  },
  (t) => [index("practice_audience_opening_idx").on(t.openingId)],
);

export const practiceSource = pgEnum("practice_source", ["practice", "quiz", "manual"]);

/** One answer given in practice: never a quiz result; feedback and progress read it. */
export const practiceAnswers = pgTable(
  "practice_answers",
  {
    id: serial("id").primaryKey(),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    questionId: integer("question_id")
      .notNull()
      .references(() => questions.id),
    questionVersionId: integer("question_version_id")
      .notNull()
      .references(() => questionVersions.id),
    /** How the question was reached: order, category, random, book. */
    mode: text("mode").notNull(),
    correct: boolean("correct").notNull(),
    response: jsonb("response").notNull(),
    answeredAt: timestamp("answered_at", { withTimezone: true }).notNull(),
    /** The phone's id of an answer given offline (lib/practice/offline-sync): a second send of it is not kept twice. */
    clientId: uuid("client_id"),
  },
  (t) => [index("practice_answers_member_idx").on(t.memberId, t.questionId), uniqueIndex("practice_answers_client_uq").on(t.memberId, t.clientId)],
);

/** Per member and question: how often practised and right (progress), the last answer's outcome. */
export const practiceProgress = pgTable(
  "practice_progress",
  {
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    questionId: integer("question_id")
      .notNull()
      .references(() => questions.id),
    answered: integer("answered").notNull().default(0),
    right: integer("right").notNull().default(0),
    lastCorrect: boolean("last_correct").notNull(),
    lastAt: timestamp("last_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.questionId] })],
);

/** 顺序练习: where a member stopped, per category (0: every open category). */
export const practiceCursors = pgTable(
  "practice_cursors",
  {
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    categoryId: integer("category_id").notNull(),
    lastQuestionId: integer("last_question_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.categoryId] })],
);

/** 错题本: a question in a member's book, with the right answers in a row since it went in. */
export const wrongBook = pgTable(
  "wrong_book",
  {
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    questionId: integer("question_id")
      .notNull()
      .references(() => questions.id),
    source: practiceSource("source").notNull(),
    streak: integer("streak").notNull().default(0),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.questionId] }), check("wrong_book_streak_ck", sql`${t.streak} >= 0`)],
);

/** Quiz attempts whose wrong answers went into the book (once, when the review showed the answers). */
export const wrongBookAttempts = pgTable("wrong_book_attempts", {
  attemptId: integer("attempt_id")
    .primaryKey()
    .references(() => attempts.id, { onDelete: "cascade" }),
  bookedAt: timestamp("booked_at", { withTimezone: true }).notNull(),
});

/**
 * 每日一练: the set a member drew for a day (the site's day), fixed once drawn; `completedAt` when
 * every question of it was answered.
 */
export const practiceDailySets = pgTable(
  "practice_daily_sets",
  {
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    day: date("day", { mode: "string" }).notNull(),
    questionIds: integer("question_ids").array().notNull(),
    drawnAt: timestamp("drawn_at", { withTimezone: true }).notNull(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.day] }), index("practice_daily_sets_done_idx").on(t.memberId, t.completedAt)],
);

/** One answer to a question of a daily set: once per question (the key refuses a second). */
export const practiceDailyAnswers = pgTable(
  "practice_daily_answers",
  {
    memberId: integer("member_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    questionId: integer("question_id")
      .notNull()
      .references(() => questions.id),
    answerId: integer("answer_id")
      .notNull()
      .references(() => practiceAnswers.id),
  },
  (t) => [
    primaryKey({ columns: [t.memberId, t.day, t.questionId] }),
    foreignKey({ columns: [t.memberId, t.day], foreignColumns: [practiceDailySets.memberId, practiceDailySets.day] }),
  ],
);

/** 模拟考试 a trainer defines over a category opened for practice: how many questions, how long. */
export const mockExams = pgTable("mock_exams", {
  id: serial("id").primaryKey(),
  title: text("title").notNull(),
  categoryId: integer("category_id")
    .notNull()
    .references(() => questionCategories.id),
  questionCount: integer("question_count").notNull(),
  minutes: integer("minutes").notNull(),
  withdrawn: boolean("withdrawn").notNull().default(false),
  createdBy: integer("created_by").references(() => users.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A worker's mock exam: the questions drawn (with the versions shown), the server's deadline, the
 * score once submitted; the answers are practice answers (mode "mock"), never quiz results.
 */
export const mockAttempts = pgTable(
  "mock_attempts",
  {
    id: serial("id").primaryKey(),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    mockExamId: integer("mock_exam_id").references(() => mockExams.id),
    /** A category mock's category; null for a mock of a quiz. */
    categoryId: integer("category_id").references(() => questionCategories.id),
    /** A mock of this quiz's blueprint (its slots, time limit and grading); never one of its results. */
    quizId: integer("quiz_id").references(() => quizzes.id),
    /** A quiz mock's points per question (the slot's or the question's), in question order. */
    points: jsonb("points").$type<number[]>(),
    /** A quiz mock's score and maximum, graded as the quiz grades. */
    score: numeric("score", { precision: 8, scale: 2, mode: "number" }),
    maxScore: numeric("max_score", { precision: 8, scale: 2, mode: "number" }),
    /** A quiz mock's answers as graded (question id → response, correctness, score), for the review. */
    results: jsonb("results").$type<Record<string, { response: unknown; correct: string; score: number }>>(),
    questionIds: integer("question_ids").array().notNull(),
    versionIds: integer("version_ids").array().notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    deadlineAt: timestamp("deadline_at", { withTimezone: true }).notNull(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    rightCount: integer("right_count"),
    /** Question id → practice answer id, for the review. */
    answerIds: jsonb("answer_ids").$type<Record<string, number>>(),
  },
  (t) => [index("mock_attempts_member_idx").on(t.memberId, t.startedAt), check("mock_attempts_source_chk", sql`(category_id IS NULL) <> (quiz_id IS NULL)`)],
);
