/**
 * The quiz settings form: from what the browser posts (strings, checkboxes, wall-clock times
 * in the site's zone) to `quizInput`, with a message code per field that is wrong.
 */

import type { MessageKey } from "@/lib/i18n";
import type { quizzes } from "@/db/schema";
import { z } from "zod";
import { hasBadCharacters } from "@/lib/core/text";
import { quizInput, type QuizInput } from "../quizzes";
import { formValuesFrom, type QuizFormValues } from "./quiz-form-values";
import { now as clockNow, timeZone } from "@/lib/core/clock";
import { fromZonedInput, isQuarter, quarterAt, toZonedInput } from "@/lib/core/time";

export type FieldError = { key: MessageKey; params?: Record<string, string | number> };

function int(s: string): number | null {
  const t = s.trim();
  return /^\d{1,7}$/.test(t) ? Number(t) : null;
}

/** The form's values as a quiz's settings, or the fields that are wrong and why. */
export function parseQuizForm(v: QuizFormValues, tz: string): { ok: true; input: QuizInput } | { ok: false; fields: Record<string, FieldError> } {
  const fields: Record<string, FieldError> = {};
  const range = (name: string, raw: string, min: number, max: number): number | null => {
    const n = int(raw);
    if (raw.trim() === "") fields[name] = { key: "errors.required" };
    else if (n === null || n < min || n > max) fields[name] = { key: "quizAdmin.form.errors.range", params: { min, max } };
    return n;
  };
  const title = v.title.trim();
  if (title === "") fields.title = { key: "errors.required" };
  else if (title.length > 100) fields.title = { key: "quizAdmin.form.errors.tooLong", params: { max: 100 } };
  if (!/^\d{4}-Q[1-4]$/.test(v.quarter)) fields.quarter = { key: "quizAdmin.form.errors.quarter" };
  if (v.theme.trim().length > 100) fields.theme = { key: "quizAdmin.form.errors.tooLong", params: { max: 100 } };
  if (v.series.trim() === "") fields.series = { key: "errors.required" };
  else if (v.series.trim().length > 50) fields.series = { key: "quizAdmin.form.errors.tooLong", params: { max: 50 } };
  // Whether the code is in the list is the save's check (lib/org/specialties specialtyProblem).
  if (v.specialty.length > 40) fields.specialty = { key: "errors.specialty" };
  if (v.description.trim().length > 2000) fields.description = { key: "quizAdmin.form.errors.tooLong", params: { max: 2000 } };
  for (const name of ["title", "theme", "series", "description"] as const) if (hasBadCharacters(v[name])) fields[name] = { key: "errors.badCharacters" };
  // The choices a crafted post could send anything in.
  const choices = {
    gradingMethod: ["highest", "last", "first", "average"],
    layout: ["one_per_page", "all_on_one"],
    overduePolicy: ["autosubmit", "grace", "discard"],
  } as const;
  for (const [name, allowed] of Object.entries(choices) as [keyof typeof choices, readonly string[]][])
    if (!allowed.includes(v[name])) fields[name] = { key: "errors.invalidInput" };
  const opensAt = fromZonedInput(v.opensAt, tz);
  const closesAt = fromZonedInput(v.closesAt, tz);
  if (!opensAt) fields.opensAt = { key: v.opensAt.trim() ? "quizAdmin.form.errors.dateTime" : "errors.required" };
  if (!closesAt) fields.closesAt = { key: v.closesAt.trim() ? "quizAdmin.form.errors.dateTime" : "errors.required" };
  if (opensAt && closesAt && closesAt <= opensAt) fields.closesAt = { key: "quizAdmin.errors.closesBeforeOpens" };
  let timeLimitS: number | null = null;
  if (v.timeLimitMin.trim() !== "") {
    const m = int(v.timeLimitMin);
    if (m === null || m < 1 || m > 1440) fields.timeLimitMin = { key: "quizAdmin.form.errors.range", params: { min: 1, max: 1440 } };
    else timeLimitS = m * 60;
  }
  const attemptsAllowed = range("attemptsAllowed", v.attemptsAllowed, 1, 20);
  const graceS = range("graceS", v.graceS, 0, 3600);
  const pass = v.passPercent.trim();
  const passPercent = /^\d{1,3}(\.\d{1,2})?$/.test(pass) ? Number(pass) : null;
  if (pass === "") fields.passPercent = { key: "errors.required" };
  else if (passPercent === null || passPercent > 100) fields.passPercent = { key: "quizAdmin.form.errors.percent" };
  if (Object.keys(fields).length) return { ok: false, fields };

  const parsed = quizInput.safeParse({
    title,
    quarter: v.quarter,
    theme: v.theme,
    series: v.series,
    specialty: v.specialty === "" ? null : v.specialty,
    description: v.description,
    opensAt,
    closesAt,
    timeLimitS,
    attemptsAllowed,
    gradingMethod: v.gradingMethod,
    passPercent,
    shuffleQuestions: v.shuffleQuestions,
    shuffleOptions: v.shuffleOptions,
    proctorRequired: v.proctorRequired,
    watermark: v.watermark,
    layout: v.layout,
    overduePolicy: v.overduePolicy,
    graceS,
    reviewAfterSubmit: v.reviewAfterSubmit,
    reviewAfterClose: v.reviewAfterClose,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) fields[String(issue.path[0] ?? "title")] ??= { key: "errors.invalidInput" };
    return { ok: false, fields };
  }
  return { ok: true, input: parsed.data };
}

type QuizRow = typeof quizzes.$inferSelect;

/** A stored quiz (or the defaults for a new one) as the form's values. */
export function quizFormValues(q: QuizRow | null, tz: string, now: Date = clockNow()): QuizFormValues {
  if (!q) {
    // A new quiz opens at the next full hour for a week; the rest are the usual settings.
    const opens = new Date(Math.ceil(now.getTime() / 3600_000) * 3600_000);
    const closes = new Date(opens.getTime() + 7 * 24 * 3600_000);
    return {
      title: "",
      quarter: quarterAt(opens, tz),
      theme: "一季一赛",
      series: "季度小会考",
      specialty: "",
      description: "",
      opensAt: toZonedInput(opens, tz),
      closesAt: toZonedInput(closes, tz),
      timeLimitMin: "30",
      attemptsAllowed: "1",
      gradingMethod: "highest",
      passPercent: "60",
      shuffleQuestions: true,
      shuffleOptions: true,
      proctorRequired: false,
      watermark: false,
      layout: "one_per_page",
      overduePolicy: "autosubmit",
      graceS: "60",
      reviewAfterSubmit: { score: true, correctness: false, answer: false, explanation: false },
      reviewAfterClose: { score: true, correctness: true, answer: true, explanation: true },
    };
  }
  return {
    title: q.title,
    quarter: q.quarter,
    theme: q.theme,
    series: q.series ?? "季度小会考",
    specialty: q.specialty ?? "",
    description: q.description,
    opensAt: toZonedInput(q.opensAt, tz),
    closesAt: toZonedInput(q.closesAt, tz),
    timeLimitMin: q.timeLimitS === null ? "" : String(Math.round(q.timeLimitS / 60)),
    attemptsAllowed: String(q.attemptsAllowed),
    gradingMethod: q.gradingMethod,
    passPercent: String(Number(q.passPercent)),
    shuffleQuestions: q.shuffleQuestions,
    shuffleOptions: q.shuffleOptions,
    proctorRequired: q.proctorRequired,
    watermark: q.watermark,
    layout: q.layout,
    overduePolicy: q.overduePolicy,
    graceS: String(q.graceS),
    reviewAfterSubmit: { ...q.reviewAfterSubmit },
    reviewAfterClose: { ...q.reviewAfterClose },
  };
}

/** Quarters offered in the quiz form: last year's to next year's, plus `keep` if it lies outside. */
export function quarterChoices(now: Date, tz: string, keep?: string): string[] {
  const y = Number(quarterAt(now, tz).slice(0, 4));
  const out: string[] = [];
  for (let year = y - 1; year <= y + 1; year++) for (let q = 1; q <= 4; q++) out.push(`${year}-Q${q}`);
  if (keep && isQuarter(keep) && !out.includes(keep)) out.push(keep);
  return out.sort();
}

/**
 * The settings form as a server action's input (lib/quiz's own checks, one message per field,
 * with its params): `id` when an existing quiz is saved, and the quiz's settings.
 */
export const quizFormInput = z.record(z.string(), z.unknown()).transform((raw, ctx) => {
  const values = formValuesFrom((name) => (typeof raw[name] === "string" ? (raw[name] as string) : null));
  const parsed = parseQuizForm(values, timeZone());
  const id = raw.id === undefined || raw.id === "" ? undefined : z.coerce.number().int().positive().max(2_147_483_647).safeParse(raw.id);
  if (id && !id.success) ctx.addIssue({ code: "custom", path: ["id"], message: "errors.invalidInput" });
  if (!parsed.ok) for (const [field, e] of Object.entries(parsed.fields)) ctx.addIssue({ code: "custom", path: [field], message: e.key, params: e.params });
  if (!parsed.ok || (id && !id.success)) return z.NEVER;
  return { id: id?.data, input: parsed.input };
});
