/**
 * The quiz settings form's fields as strings, read from what the browser posts. Pure and free of
 * imports: the form (a client component) refills itself with these after a refused post.
 */

export const REVIEW_PARTS = ["score", "correctness", "answer", "explanation"] as const;
export type ReviewPart = (typeof REVIEW_PARTS)[number];

/** The form's fields as strings (checkboxes: "on" or absent). */
export interface QuizFormValues {
  title: string;
  quarter: string;
  theme: string;
  series: string;
  /** A specialty code, or "" for none. */
  specialty: string;
  description: string;
  opensAt: string;
  closesAt: string;
  /** Minutes; empty for no limit. */
  timeLimitMin: string;
  attemptsAllowed: string;
  gradingMethod: string;
  passPercent: string;
  shuffleQuestions: boolean;
  shuffleOptions: boolean;
  proctorRequired: boolean;
  watermark: boolean;
  layout: string;
  overduePolicy: string;
  graceS: string;
  reviewAfterSubmit: Record<ReviewPart, boolean>;
  reviewAfterClose: Record<ReviewPart, boolean>;
}

export function formValuesFrom(get: (name: string) => string | null): QuizFormValues {
  const s = (name: string) => (get(name) ?? "").toString();
  const on = (name: string) => get(name) === "on" || get(name) === "true";
  const review = (prefix: string) => Object.fromEntries(REVIEW_PARTS.map((p) => [p, on(`${prefix}.${p}`)])) as Record<ReviewPart, boolean>;
  return {
    title: s("title"),
    quarter: s("quarter"),
    theme: s("theme"),
    series: s("series"),
    specialty: s("specialty"),
    description: s("description"),
    opensAt: s("opensAt"),
    closesAt: s("closesAt"),
    timeLimitMin: s("timeLimitMin"),
    attemptsAllowed: s("attemptsAllowed"),
    gradingMethod: s("gradingMethod"),
    passPercent: s("passPercent"),
    shuffleQuestions: on("shuffleQuestions"),
    shuffleOptions: on("shuffleOptions"),
    proctorRequired: on("proctorRequired"),
    watermark: on("watermark"),
    layout: s("layout"),
    overduePolicy: s("overduePolicy"),
    graceS: s("graceS"),
    reviewAfterSubmit: review("reviewAfterSubmit"),
    reviewAfterClose: review("reviewAfterClose"),
  };
}
