import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { contests, orgUnits, practicalTasks, stationPairings } from "@/db/schema";
import { saveTask, setVerifiers } from "@/lib/signoffs";
import { currentQuarter } from "@/lib/core/clock";
import type { Principal } from "@/lib/auth/permissions";

/** The demo loader acts as a trainer over the whole organisation (user 0: no account, audited as nobody). */
const SYSTEM: Principal = { userId: 0, memberId: 0, roles: [{ role: "trainer", scopePath: null }] };

/** Demo records for the training methods, keyed by codes so a second load changes nothing. */
const TASKS = [
  {
    code: "GY-QDF-01",
    title: "气动调节阀维护保养",
    specialty: "gathering" as const,
    checklist: ["检查气源压力与过滤减压阀", "检查膜头、膜片有无泄漏", "检查阀杆填料与行程", "校验定位器并记录"],
  },
  {
    code: "CY-CYJ-01",
    title: "抽油机调平衡",
    specialty: "oil_production" as const,
    checklist: ["停机并刹车，挂牌上锁", "测量上下冲程电流", "调整平衡块位置", "启机复测电流平衡率"],
  },
];

export async function seedDemoMethods(db: Db): Promise<void> {
  for (const t of TASKS) {
    const [have] = await db.select({ id: practicalTasks.id }).from(practicalTasks).where(eq(practicalTasks.code, t.code));
    if (have) continue;
    const r = await saveTask(db, SYSTEM, null, { ...t, description: "", active: true });
    if (r.ok) await setVerifiers(db, SYSTEM, r.value.id, ["900003"]);
  }
  const title = "作业区采油工技能竞赛";
  const [c] = await db
    .select({ id: contests.id })
    .from(contests)
    .where(and(eq(contests.title, title), eq(contests.level, "area")));
  if (!c) await db.insert(contests).values({ title, level: "area", specialty: "oil_production", heldOn: "2026-09-20" });
  const [model] = await db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.code, "T09-W2"));
  const [weaker] = await db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.code, "T10-W5"));
  if (model && weaker) {
    await db
      .insert(stationPairings)
      .values({ modelStationId: model.id, weakerStationId: weaker.id, quarter: currentQuarter(), note: "1+1 结对" })
      .onConflictDoNothing();
  }
}
