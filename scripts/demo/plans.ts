/**
 * The demo's 年度培训计划: 采油九队's plan for the current year (lib/plans), so /manage/plans is not
 * empty on the first start. Its progress is computed from the demo's 学时 history, not stored.
 * Idempotent: the plan is keyed by unit and year; a second load adds nothing.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { courses, orgUnits, trainingPlanLines, trainingPlans } from "@/db/schema";
import * as clock from "@/lib/core/clock";
import { dayIn } from "@/lib/core/time";

export async function seedDemoPlan(db: Db, now = clock.now()): Promise<void> {
  const year = Number(dayIn(now, clock.timeZone()).slice(0, 4));
  const [unit] = await db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.code, "T09"));
  const [station] = await db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.code, "T09-W2"));
  if (!unit || !station) return;
  const [course] = await db.select({ id: courses.id }).from(courses).where(eq(courses.code, "DEMO-C1"));
  const [has] = await db
    .select({ id: trainingPlans.id })
    .from(trainingPlans)
    .where(and(eq(trainingPlans.orgUnitId, unit.id), eq(trainingPlans.year, year)));
  if (has) return;
  const [plan] = await db.insert(trainingPlans).values({ orgUnitId: unit.id, year }).onConflictDoNothing().returning({ id: trainingPlans.id });
  if (!plan) return;
  await db
    .insert(trainingPlanLines)
    .values([
      { planId: plan.id, topic: "春季安全生产培训", category: "safety", month: 3, plannedHours: 4, budget: 2000 },
      ...(course
        ? [{ planId: plan.id, topic: "采油工岗位必修：设备启停", category: "other" as const, month: 6, plannedHours: 2, budget: 1500, courseId: course.id }]
        : []),
      { planId: plan.id, topic: "冬季防冻防凝专项", category: "safety", month: 11, plannedHours: 4, budget: 3000, audienceUnitIds: [station.id] },
    ]);
}
