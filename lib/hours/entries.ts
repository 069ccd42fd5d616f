/**
 * The writes of the 学时 ledger: external training entered by a trainer or manager, and the
 * category and set hours a trainer gives a piece of content. Each takes the acting principal and
 * checks scope and ownership itself.
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { classes, courses, externalHours, lessons, practicalTasks, quizzes } from "@/db/schema";
import { mayActOnMember, mayChangeContent, runsClass } from "@/lib/auth/ownership";
import type { Principal } from "@/lib/auth/permissions";
import { audit } from "@/lib/core/audit";
import { today as todayInZone } from "@/lib/core/clock";
import { fail, forbidden, notFound, ok, type Result } from "@/lib/core/result";
import { requiredText, text } from "@/lib/core/text";
import { isDay } from "@/lib/core/time";
import { memberScope } from "./ledger";
import { HOUR_CATEGORIES, MAX_DAY_HOURS, MAX_SET_HOURS, type CreditedKind } from "./rules";

/** Hours as typed: a number with at most two decimals. */
const hoursField = (max: number, code: string) =>
  z.coerce
    .number({ message: "hours.errors.badHours" })
    .refine((h) => Number.isFinite(h) && Math.round(h * 100) === Math.round(h * 100 * 1e6) / 1e6, "hours.errors.badHours")
    .refine((h) => h >= 0 && h <= max, code);

export const externalInput = z.object({
  memberId: z.coerce.number().int().positive().max(2_147_483_647),
  day: z.string().refine(isDay, "hours.errors.badDate"),
  hours: hoursField(MAX_DAY_HOURS, "hours.errors.dayHours").refine((h) => h > 0, "hours.errors.dayHours"),
  category: z.enum(HOUR_CATEGORIES, { message: "hours.errors.badCategory" }),
  title: requiredText(200),
  provider: text(200).default(""),
  certificateRef: text(100).default(""),
});
type ExternalInput = z.infer<typeof externalInput>;

/**
 * A trainer or manager records a member's external training (one day, 0 < hours ≤ 24, not in
 * the future), for a member inside their scope, never for themselves.
 */
export async function addExternalHours(db: Db, actor: Principal, input: ExternalInput, today: string = todayInZone()): Promise<Result<{ id: number }>> {
  const parsed = externalInput.safeParse(input);
  if (!parsed.success) return fail((parsed.error.issues[0]?.message as never) ?? "errors.invalidInput", undefined, "badRequest");
  const v = parsed.data;
  const m = await memberScope(db, v.memberId);
  if (!m) return notFound();
  if (m.id === actor.memberId) return forbidden("hours.errors.own");
  if (!mayActOnMember(actor, "teach.manage", m) && !mayActOnMember(actor, "roster.read", m)) return forbidden();
  if (v.day > today) return fail("hours.errors.futureDate", undefined, "badRequest");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(externalHours)
      .values({ ...v, enteredBy: actor.userId || null })
      .returning({ id: externalHours.id });
    if (!row) return fail("errors.invalidInput");
    await audit(tx, { actorUserId: actor.userId || null, action: "hours.external", entity: "member", entityId: m.id, after: { ...v, id: row.id } });
    return ok({ id: row.id });
  });
}

export const contentHoursInput = z.object({
  kind: z.enum(["lesson", "class", "course", "task", "quiz"]),
  id: z.coerce.number().int().positive().max(2_147_483_647),
  category: z.enum(HOUR_CATEGORIES, { message: "hours.errors.badCategory" }),
  /** Ignored for lessons and classes: they credit what was watched or attended. */
  hours: hoursField(MAX_SET_HOURS, "hours.errors.setHours").default(0),
});
type ContentHoursInput = z.infer<typeof contentHoursInput>;

const TABLES = {
  course: courses,
  task: practicalTasks,
  quiz: quizzes,
} as const;

/**
 * Sets the 学时 category of a piece of content, and the hours credited when it is completed
 * (course), signed off (task) or passed (quiz). Whoever may change the content: its author, a
 * trainer over the whole organisation; a class, whoever runs it.
 */
export async function setContentHours(db: Db, actor: Principal, input: ContentHoursInput): Promise<Result<{ kind: CreditedKind; id: number }>> {
  const parsed = contentHoursInput.safeParse(input);
  if (!parsed.success) return fail((parsed.error.issues[0]?.message as never) ?? "errors.invalidInput", undefined, "badRequest");
  const v = parsed.data;
  return db.transaction(async (tx) => {
    if (v.kind === "class") {
      const [c] = await tx.select({ createdBy: classes.createdBy, instructorMemberId: classes.instructorMemberId }).from(classes).where(eq(classes.id, v.id));
      if (!c) return notFound();
      if (!runsClass(actor, c)) return forbidden();
      await tx.update(classes).set({ hoursCategory: v.category }).where(eq(classes.id, v.id));
    } else {
      const table = v.kind === "lesson" ? lessons : TABLES[v.kind];
      const [c] = await tx.select({ createdBy: table.createdBy }).from(table).where(eq(table.id, v.id));
      if (!c) return notFound();
      if (!mayChangeContent(actor, c)) return forbidden();
      if (v.kind === "lesson") await tx.update(lessons).set({ hoursCategory: v.category }).where(eq(lessons.id, v.id));
      else if (v.kind === "course") await tx.update(courses).set({ hoursCategory: v.category, creditHours: v.hours }).where(eq(courses.id, v.id));
      else if (v.kind === "task") await tx.update(practicalTasks).set({ hoursCategory: v.category, creditHours: v.hours }).where(eq(practicalTasks.id, v.id));
      else await tx.update(quizzes).set({ hoursCategory: v.category, creditHours: v.hours }).where(eq(quizzes.id, v.id));
    }
    await audit(tx, {
      actorUserId: actor.userId || null,
      action: "hours.content",
      entity: v.kind,
      entityId: v.id,
      after: { category: v.category, hours: v.hours },
    });
    return ok({ kind: v.kind, id: v.id });
  });
}

/** The category and set hours of a piece of content, for its settings form. */
export async function contentHours(db: Db, kind: CreditedKind, id: number): Promise<{ category: string; hours: number } | null> {
  if (kind === "class") {
    const [c] = await db.select({ category: classes.hoursCategory }).from(classes).where(eq(classes.id, id));
    return c ? { category: c.category, hours: 0 } : null;
  }
  if (kind === "lesson") {
    const [c] = await db.select({ category: lessons.hoursCategory }).from(lessons).where(eq(lessons.id, id));
    return c ? { category: c.category, hours: 0 } : null;
  }
  const table = TABLES[kind];
  const [c] = await db.select({ category: table.hoursCategory, hours: table.creditHours }).from(table).where(eq(table.id, id));
  return c ? { category: c.category, hours: Number(c.hours) } : null;
}
