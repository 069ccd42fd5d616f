import { eq, inArray, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { classes, orgUnits } from "@/db/schema";
import type { Principal } from "@/lib/auth/permissions";
import { addSession, createClass, enrol, setClassAudience, setClassStatus } from "@/lib/classes";
import * as clock from "@/lib/core/clock";

const SYSTEM: Principal = { userId: 0, memberId: 0, roles: [{ role: "trainer", scopePath: null }] };

/** A day from `now` at `hour`:00 in the site's zone (China has no daylight saving: +08:00 fixed is fine for a demo). */
function dayAt(now: Date, days: number, hour: number): Date {
  const local = new Date(now.getTime() + 8 * 3600_000);
  const d = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + days, hour) - 8 * 3600_000;
  return new Date(d);
}

/**
 * Two demo classes, keyed by code so a second load changes nothing: a technician class by the
 * demo trainer (a technician) open to the whole area, and a small classroom for team T09 that
 * is already full, so the demo worker meets the wait-list.
 */
export async function seedDemoClasses(db: Db, now = clock.now()): Promise<void> {
  const [have] = await db
    .select({ id: classes.id })
    .from(classes)
    .where(inArray(classes.code, ["DEMO-CLS-1", "DEMO-CLS-2"]))
    .limit(1);
  if (have) return;
  const [station] = await db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.code, "T09-W2"));
  const [t09] = await db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.code, "T09"));
  const one = await createClass(
    db,
    SYSTEM,
    {
      title: "气动调节阀维护与故障判断",
      series: "technician",
      description: "结合中转站现场，讲解气动调节阀的日常维护、常见故障与处理。",
      specialty: "instrument",
      instructorEmployeeNo: "900003",
      placeOrgUnitId: station?.id ?? null,
      room: "会议室",
      onlineUrl: "",
      capacity: 20,
    },
    "DEMO-CLS-1",
  );
  if (!one.ok) throw new Error(one.code);
  await addSession(db, SYSTEM, one.value.id, {
    startsAt: dayAt(now, 1, 9),
    endsAt: dayAt(now, 1, 11),
    placeOrgUnitId: station?.id ?? null,
    room: "会议室",
    onlineUrl: "",
  });
  await addSession(db, SYSTEM, one.value.id, {
    startsAt: dayAt(now, 8, 9),
    endsAt: dayAt(now, 8, 11),
    placeOrgUnitId: station?.id ?? null,
    room: "会议室",
    onlineUrl: "",
  });
  await setClassStatus(db, SYSTEM, one.value.id, "published");

  const two = await createClass(
    db,
    SYSTEM,
    {
      title: "抽油机井口安全操作小课堂",
      series: "classroom",
      description: "",
      specialty: "oil_production",
      instructorEmployeeNo: "900003",
      placeOrgUnitId: null,
      room: "",
      onlineUrl: "https://meeting.example.cn/j/2026",
      capacity: 3,
    },
    "DEMO-CLS-2",
  );
  if (!two.ok) throw new Error(two.code);
  if (t09) await setClassAudience(db, SYSTEM, two.value.id, { orgUnitIds: [t09.id], jobIds: [] });
  await addSession(db, SYSTEM, two.value.id, {
    startsAt: dayAt(now, 3, 15),
    endsAt: dayAt(now, 3, 16),
    placeOrgUnitId: null,
    room: "",
    onlineUrl: "https://meeting.example.cn/j/2026",
  });
  await setClassStatus(db, SYSTEM, two.value.id, "published");
  const t09People = rowsOf<{ id: number }>(
    await db.execute(sql`SELECT m.id FROM members m JOIN org_units ou ON ou.id = m.org_unit_id
    WHERE ou.path LIKE (SELECT path FROM org_units WHERE code = 'T09') || '%' AND m.status = 'active' AND m.employee_no NOT LIKE '9000%' ORDER BY m.id LIMIT 3`),
  );
  const ids = t09People.map((r) => Number(r.id));
  // Each enrols themselves (the class's audience is theirs), as they would on /classes.
  for (const memberId of ids) await enrol(db, { userId: 0, memberId, roles: [{ role: "worker", scopePath: null }] }, { classId: two.value.id, now });
}
