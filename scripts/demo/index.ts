import { eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jobs, members, orgUnits, userRoles, users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { searchWords } from "@/lib/core/search-words";
import { seedDemoQuiz } from "./quiz";
import { seedDemoEligibility } from "./eligibility";
import { seedDemoVideo } from "./video";
import { seedDemoClasses } from "./classes";
import { seedDemoMethods } from "./methods";
import { seedDemoHistory } from "./history";
import { seedDemoPlan } from "./plans";
import type { Role } from "@/lib/auth/permissions";
import { rng } from "@/lib/core/rng";
import * as clock from "@/lib/core/clock";

/** The password of every demo account (README). */
export const DEMO_PASSWORD = "Demo@2026";

export const DEMO_ACCOUNTS: {
  employeeNo: string;
  name: string;
  role: Role;
  unit: string;
  scope: string | null;
  techTitle: string;
  specialty: string;
  job: string;
}[] = [
  { employeeNo: "900001", name: "系统管理员", role: "admin", unit: "HJ", scope: null, techTitle: "none", specialty: "safety", job: "J-SAFE" },
  { employeeNo: "900002", name: "郑立新", role: "manager", unit: "T09", scope: "T09", techTitle: "senior", specialty: "oil_production", job: "J-LEAD" },
  { employeeNo: "900003", name: "陶文博", role: "trainer", unit: "T09-W2B", scope: null, techTitle: "technician", specialty: "boiler", job: "J-BOIL" },
  { employeeNo: "900004", name: "林晓雨", role: "worker", unit: "T09-W2", scope: null, techTitle: "intermediate", specialty: "gathering", job: "J-GATH" },
];

const AREA = { code: "HJ", name: "黄珏作业区" };
const TEAMS: { code: string; name: string; stations: [string, string][] }[] = [
  {
    code: "T08",
    name: "采油八队",
    stations: [
      ["T08-W4", "韦4站"],
      ["T08-W6", "韦6站"],
      ["T08-W13", "韦13-7站"],
    ],
  },
  {
    code: "T09",
    name: "采油九队",
    stations: [
      ["T09-W2", "韦2中转站"],
      ["T09-W9", "韦9中转站"],
      ["T09-W2B", "韦2锅炉房"],
    ],
  },
  {
    code: "T10",
    name: "采油十队",
    stations: [
      ["T10-W811", "韦8-11站"],
      ["T10-W525", "韦5-25站"],
      ["T10-W5", "韦5计量站"],
    ],
  },
  {
    code: "T11",
    name: "采油十一队",
    stations: [
      ["T11-M5", "马五中转站"],
      ["T11-M18", "马18站"],
      ["T11-M8", "马8站"],
    ],
  },
  {
    code: "TZH",
    name: "综合队",
    stations: [
      ["TZH-WX", "综合维修班"],
      ["TZH-ZY", "作业班"],
      ["TZH-DG", "电工班"],
    ],
  },
];

const JOBS = [
  ["J-OIL", "采油工", "oil_production"],
  ["J-OIL-LEAD", "采油班长", "oil_production"],
  ["J-GATH", "集输工", "gathering"],
  ["J-STATION", "中转站站长", "gathering"],
  ["J-BOIL", "锅炉工", "boiler"],
  ["J-ELEC", "维修电工", "electrical"],
  ["J-INST", "仪表工", "instrument"],
  ["J-SAFE", "安全员", "safety"],
  ["J-MAINT", "维修工", "maintenance"],
  ["J-LEAD", "队长", "oil_production"],
] as const satisfies readonly (readonly [string, string, string])[];

const SURNAMES =
  "王李张刘陈杨黄赵吴周徐孙马胡朱郭何罗高林郑梁谢宋唐许邓冯韩曹曾彭萧蔡潘田董袁于余叶蒋杜苏魏程吕丁沈任姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严覃武".split(
    "",
  );
const GIVEN =
  "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国志海波辉鹏飞宇晨浩然子轩欣怡梓涵雨萱博文思远嘉琪俊杰佳颖晓东春生永福德胜立新卫东小龙兴旺振华文斌海燕丹凤秋月雪梅".split(
    "",
  );
// People the source report names: the demo must not reuse them.
const RESERVED = new Set(["孔祥宝", "朱玫", "熊涛", "吴继昌", "于梅军", "周秋霞"]);

export function demoMembers(count = 300) {
  const rand = rng(20261123);
  // rand() is below 1, so the index is inside any non-empty list.
  const pick = <T>(a: readonly T[]) => a[Math.floor(rand() * a.length)]!;
  const stations = TEAMS.flatMap((t) => t.stations.map(([code]) => ({ code, team: t.code })));
  const seen = new Set<string>();
  const out: { employeeNo: string; name: string; unit: string; specialty: string; job: string; techTitle: string; partyMember: boolean; hiredOn: string }[] =
    [];
  while (out.length < count) {
    const name = pick(SURNAMES) + pick(GIVEN) + (rand() < 0.6 ? pick(GIVEN) : "");
    if (RESERVED.has(name) || seen.has(name)) continue;
    seen.add(name);
    const st = stations[out.length % stations.length]!;
    const [jobCode, , specialty] = st.code.endsWith("B")
      ? JOBS[4]
      : st.code.startsWith("TZH-DG")
        ? JOBS[5]
        : st.code.startsWith("TZH")
          ? JOBS[8]
          : pick([JOBS[0], JOBS[0], JOBS[2], JOBS[6], JOBS[1], JOBS[3]]);
    const r = rand();
    const techTitle = r < 0.15 ? "junior" : r < 0.5 ? "intermediate" : r < 0.8 ? "senior" : r < 0.95 ? "technician" : "senior_technician";
    const year = 1990 + Math.floor(rand() * 35);
    const month = 1 + Math.floor(rand() * 12);
    out.push({
      employeeNo: String(100001 + out.length),
      name,
      unit: st.code,
      specialty,
      job: jobCode,
      techTitle,
      partyMember: rand() < 0.3,
      hiredOn: `${year}-${String(month).padStart(2, "0")}-01`,
    });
  }
  return out;
}

/**
 * Loads the demo operations area. Idempotent: every row is keyed by its code or employee
 * number, so a second load changes nothing.
 */
export async function seedDemo(db: Db, opts: { onlyIfEmpty?: boolean; members?: number; quiz?: boolean; now?: Date } = {}): Promise<void> {
  if (opts.onlyIfEmpty) {
    const [any] = await db.select({ id: orgUnits.id }).from(orgUnits).limit(1);
    if (any) return;
  }
  await seedOrg(db, opts);
  const now = opts.now ?? clock.now();
  if (opts.quiz) await seedDemoQuiz(db, now);
  if (opts.quiz) await seedDemoVideo(db);
  if (opts.quiz) await seedDemoClasses(db, now);
  if (opts.quiz) await seedDemoMethods(db);
  if (opts.quiz) await seedDemoEligibility(db, now);
  // Four past quarters, last: it reads the quiz, course, tasks and members the steps above made.
  if (opts.quiz) await seedDemoHistory(db, now);
  if (opts.quiz) await seedDemoPlan(db, now);
}

async function seedOrg(db: Db, opts: { members?: number }): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    await tx.insert(orgUnits).values({ code: AREA.code, name: AREA.name, kind: "area" }).onConflictDoNothing();
    const [area] = await tx.select().from(orgUnits).where(eq(orgUnits.code, AREA.code));
    if (!area) throw new Error(`demo seed: no unit ${AREA.code}`);
    for (const team of TEAMS) {
      await tx.insert(orgUnits).values({ code: team.code, name: team.name, kind: "team", parentId: area.id }).onConflictDoNothing();
      const [t] = await tx.select().from(orgUnits).where(eq(orgUnits.code, team.code));
      if (!t) throw new Error(`demo seed: no unit ${team.code}`);
      await tx
        .insert(orgUnits)
        .values(team.stations.map(([code, name]) => ({ code, name, kind: "station" as const, parentId: t.id })))
        .onConflictDoNothing();
    }
    // Paths from parents, top down, only where not yet set.
    await tx.execute(sql`UPDATE org_units SET path = '/' || id || '/' WHERE parent_id IS NULL AND path = ''`);
    for (let i = 0; i < 3; i++) {
      await tx.execute(sql`UPDATE org_units c SET path = p.path || c.id || '/' FROM org_units p WHERE c.parent_id = p.id AND c.path = '' AND p.path <> ''`);
    }
    await tx
      .insert(jobs)
      .values(JOBS.map(([code, name, specialty]) => ({ code, name, specialty })))
      .onConflictDoNothing();

    const unitIds = new Map((await tx.select({ id: orgUnits.id, code: orgUnits.code }).from(orgUnits)).map((u) => [u.code, u.id]));
    const jobIds = new Map((await tx.select({ id: jobs.id, code: jobs.code }).from(jobs)).map((j) => [j.code, j.id]));
    const people = [
      ...DEMO_ACCOUNTS.map((a) => ({
        employeeNo: a.employeeNo,
        name: a.name,
        unit: a.unit,
        specialty: a.specialty,
        job: a.job,
        techTitle: a.techTitle,
        partyMember: a.role !== "worker",
        hiredOn: "2012-07-01",
      })),
      ...demoMembers(opts.members ?? 300),
    ];
    for (let i = 0; i < people.length; i += 500) {
      await tx
        .insert(members)
        .values(
          people.slice(i, i + 500).map((p) => ({
            employeeNo: p.employeeNo,
            name: p.name,
            searchWords: searchWords(p.employeeNo, p.name),
            orgUnitId: unitIds.get(p.unit)!,
            specialty: p.specialty,
            jobId: jobIds.get(p.job) ?? null,
            techTitle: p.techTitle,
            partyMember: p.partyMember,
            hiredOn: p.hiredOn,
          })),
        )
        .onConflictDoNothing();
    }
    const demoMemberRows = await tx
      .select({ id: members.id, employeeNo: members.employeeNo })
      .from(members)
      .where(
        inArray(
          members.employeeNo,
          DEMO_ACCOUNTS.map((a) => a.employeeNo),
        ),
      );
    for (const a of DEMO_ACCOUNTS) {
      const m = demoMemberRows.find((r) => r.employeeNo === a.employeeNo)!;
      await tx.insert(users).values({ memberId: m.id, passwordHash }).onConflictDoNothing();
      const [u] = await tx.select({ id: users.id }).from(users).where(eq(users.memberId, m.id));
      if (!u) throw new Error(`demo seed: no account for ${a.employeeNo}`);
      const grants: { role: Role; scope: string | null }[] = [{ role: a.role, scope: a.scope }];
      if (a.role !== "worker") grants.push({ role: "worker", scope: null });
      for (const g of grants) {
        await tx
          .insert(userRoles)
          .values({ userId: u.id, role: g.role, scopeOrgUnitId: g.scope ? unitIds.get(g.scope)! : null })
          .onConflictDoNothing();
      }
    }
  });
}
