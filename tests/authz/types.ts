/**
 * The shapes of the authorization matrix (tests/e2e/authz-matrix.spec.ts): who calls, what the
 * fixture made for them to aim at, and one table entry per server action and route method.
 */

/** The principals of issue 11: each is tried against every action and route. */
export const PRINCIPALS = ["trainer10", "manager09", "worker09", "worker11", "anonymous"] as const;
export type PrincipalName = (typeof PRINCIPALS)[number];

/**
 * Accounts that are allowed to do what a probe tries: each entry's control call runs as one of
 * them to prove the probe's arguments are well-formed (so a refusal comes from authorization,
 * not from bad input). Never counted in the matrix.
 */
export const CONTROLS = ["admin", "areaTrainer", "worker08", "instructor09"] as const;
export type ControlName = (typeof CONTROLS)[number];
export type Caller = PrincipalName | ControlName;

export interface Account {
  employeeNo: string;
  name: string;
  password: string;
  userId: number;
  memberId: number;
}

export interface MemberRef {
  id: number;
  employeeNo: string;
  name: string;
}

/** What tests/authz/fixture.ts made, by name; written as JSON for the spec. */
export interface Fixture {
  /** The day the fixture was made (YYYY-MM-DD, in the site's zone). */
  today: string;
  /** Accounts of the principals (anonymous has none) and of the controls. */
  accounts: Record<Exclude<PrincipalName, "anonymous"> | ControlName, Account>;
  units: {
    area: number;
    t08: number;
    t09: number;
    t10: number;
    t11: number;
    /** One station per team. */
    s08: number;
    s08b: number;
    s09: number;
    s09b: number;
    s10: number;
    s11: number;
    /** A station of 采油八队 with nobody in it. */
    s08empty: number;
  };
  /** Members nobody of the principals may act on, by team; m10 is inside trainer10's scope. */
  members: { m08b: MemberRef; m08c: MemberRef; m09: MemberRef; m09b: MemberRef; m10: MemberRef; m11b: MemberRef };
  jobId: number;
  /** A job with no requirements. */
  emptyJobId: number;
  requirementId: number;
  certificateType: { id: number; code: string };
  /** 复审: a type reviewed every 3 years (no hours, no test) and certificates of it: m08b's and each principal's own. */
  reviewType: number;
  reviewCerts: { m08b: number; trainer10: number; manager09: number; worker09: number; worker11: number };
  /** Open level-3 induction records (三级安全教育) of m08b and of each principal. */
  inductions: { m08b: number; trainer10: number; manager09: number; worker09: number; worker11: number; m08bSigned: number };
  stationPairingId: number;
  contests: { area: number; own10: number };
  /** Certificates JobReady issued: m08b's (the area contest's prize) and worker09's own. */
  issued: { m08b: number; own09: number };
  /** The area trainer's finished export of 采油八队's 一人一档 (a zip in storage). */
  unitExport: number;
  classes: {
    /** Taught by m09 (instructor09), audience 采油九队, m09b enrolled. */
    c09: { id: number; sessionId: number; secret: string };
    /** Taught by the area trainer, audience 采油八队, m08b and worker08 enrolled, check-in open now. */
    c08: { id: number; sessionId: number; secret: string };
    /** Like c08, nobody enrolled yet; worker08 attended its session (marked by hand), so may rate it. */
    c08open: { id: number; sessionId: number; secret: string };
    /** trainer10's own class (instructor trainer10), audience 采油十队. */
    own10: { id: number; sessionId: number; secret: string };
  };
  courses: { area: number; t08: number; own10: number; draft: number };
  lessons: { area: number; t08: number; own10: number };
  /** proctored08: like t08, started only with an on-site proctor code. */
  quizzes: { area: number; t08: number; own10: number; draft: number; proctored08: number };
  /** The area trainer's open proctoring of quizzes.proctored08 at station s08 (worker08 is blocked there by wrong codes); quizzes.t08 allows mock exams. */
  proctoring: { id: number; secret: string };
  /** The area trainer's paper sitting (线下考试) of quizzes.t08 at station s08; m08b's paper score on it (A, 0 points). */
  paperExam: { id: number; attemptId: number };
  questions: { single: number; essay: number; categoryId: number };
  /** worker08's attempt in progress on the area quiz; m08c's submitted one on quiz t08, waiting for an essay grade. */
  attempts: { inProgress: number; toGrade: number; toGradePosition: number };
  /** 练习: the area trainer's opening of a category for 采油八队; its questions; one in worker08's wrong-answer book. */
  practice: {
    openingId: number;
    categoryId: number;
    questionId: number;
    bookedQuestionId: number;
    day: string;
    mockExamId: number;
    mockAttemptId: number;
    mediaId: string;
  };
  tasks: { area: number; own10: number };
  signoff: { id: number; photoKey: string };
  mentorship: { id: number; goalId: number };
  /** Uploads of the area trainer's lesson: just started; every byte in, waiting for completion; direct (two parts, none in). */
  uploads: { pending: string; full: string; direct: string };
  /** Unread reminders: someone else's (m08b), and worker08's own. */
  notifications: { other: number; own08: number };
  /** m08c's account, which nobody signs in to: the target of role, password and disable changes. */
  spare08: { userId: number; memberId: number };
  /** 一机一码: the area trainer's pump at a 采油八队 station (questions from the practice category), and a retired one there. */
  equipment: { e08: { id: number; code: string }; retired: { id: number; code: string } };
  /** 案例复训: the area trainer's cases for J-OIL in 采油八队 (with a photo), assigned to worker08 only; ack08 acknowledged. */
  cases: { open08: number; ack08: number; photoKey: string };
  /** 年度培训计划: the admin's plan of 采油八队 for this year and its one line. */
  plan: { t08: number; line: number; year: number };
}

/** A form field: text, repeated text, or a file. */
export type FieldValue = string | string[] | { file: string; type: string; bytes: Uint8Array };
export type Fields = Record<string, FieldValue>;

/** What a call is judged against. */
export type Expect =
  /** Refused (a refusal signal in the answer) and nothing changed. The default. */
  | "refused"
  /**
   * Only: nothing changed. For calls whose answer carries no verdict (a plain redirect onward),
   * that skip what is out of scope and say so (a batch), or that may read what they ask for (a
   * blank template, the shared question bank).
   */
  | "unchanged"
  /**
   * Allowed: the arguments have nothing out of the caller's scope to aim at (a new course of
   * their own, their own progress). It may succeed, changing only the tables in `writes`.
   */
  | "allowed";

export interface ActionCall {
  /** Arguments: a form (sent as FormData, after the previous state for `(prev, form)` actions), or raw arguments. */
  form?: Fields;
  args?: unknown[];
  /** The page to post to (defaults to a page that includes the action, from the build). */
  page?: string;
}

export interface RouteCall {
  path: string;
  body?: string | Uint8Array;
  headers?: Record<string, string>;
}

export interface Probe<C> {
  /** Who tries it; "all" = every principal. */
  who: readonly PrincipalName[] | "all";
  /** What makes it out of scope, in a few words (shown in the report). */
  why: string;
  call: (fx: Fixture, me: Caller) => C;
  expect?: Expect;
  /** Why `unchanged` or `allowed` is right here (required with them). */
  because?: string;
  /** With `allowed`: the tables it may change (audit_log is always allowed). */
  writes?: string[];
}

export interface Control<C> {
  as: ControlName;
  call: (fx: Fixture) => C;
  /** `changes`: succeeds and writes; `succeeds`: a success answer is enough (reads, cookies). */
  expect: "changes" | "succeeds";
  /** An answer matching this counts as success too (actions that return data, not a state). */
  sees?: RegExp;
}

export type ActionShape = "form" | "state-form" | "args";

export interface ActionEntry {
  /** `app/…/actions.ts#exportedName`, as the build's server-reference manifest names it. */
  key: string;
  /** How its arguments are sent; read from the source when left out. */
  shape?: ActionShape;
  probes: Probe<ActionCall>[];
  /** A call by an account that may do it; null with a reason when none can succeed. */
  control: Control<ActionCall> | { none: string };
}

export interface RouteEntry {
  /** `app/…/route.ts#METHOD`. */
  key: string;
  probes: Probe<RouteCall>[];
  control: Control<RouteCall> | { none: string };
}
