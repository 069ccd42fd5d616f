// PDF rendering time: `npx tsx bench/pdf.ts [runs=20]`. One certificate (lib/issued/pdf.ts) and one
// person's file (lib/person-file/pdf.ts) of a busy member — 3 induction levels, 5 years of 学时, 12 courses, 8 classes,
// 10 sign-offs, 40 quiz results, 5 contests, 6 certificates, two pages — rendered RUNS times after
// 2 warm-ups (the first loads the font collections), with the load average, since the figure
// depends on what else the machine runs. No database: the data is made here.
import { loadavg } from "node:os";
import { makeTranslator } from "../lib/i18n";
import { newNumber } from "../lib/issued/number";
import { certificatePdf } from "../lib/issued/pdf";
import type { PersonFile } from "../lib/person-file";
import { personFilePdf } from "../lib/person-file/pdf";
import { pct } from "./lib/stats";

const RUNS = Number(process.argv[2] ?? 20);
const t = makeTranslator("zh-CN");
const n = <T>(k: number, f: (i: number) => T) => Array.from({ length: k }, (_, i) => f(i));
const file: PersonFile = {
  member: {
    id: 1,
    employeeNo: "900004",
    name: "林晓雨",
    orgUnitId: 1,
    unitName: "韦2中转站",
    orgPath: "/1/",
    specialty: "oil_production",
    jobId: 1,
    jobName: "采油工",
    techTitle: "intermediate",
    partyMember: false,
    hiredOn: "2015-07-01",
    status: "active",
    phone: null,
    hasAccount: true,
  },
  history: n(3, (i) => ({ day: `20${18 + i * 3}-03-01`, unit: ["韦9中转站", "马五中转站", "韦2中转站"][i]!, job: "采油工" })),
  induction: n(3, (i) => ({
    level: (i + 1) as 1 | 2 | 3,
    unitName: ["马岭作业区", "韦2队", "韦2中转站"][i]!,
    reason: "new_hire" as const,
    openedOn: "2015-07-01",
    requiredHours: 24,
    content: "安全生产法律法规、岗位安全操作规程",
    signedOffOn: `2015-07-0${2 + i}`,
    signedOffByName: "陶文博",
    hoursCredited: 24,
  })),
  hours: n(5, (i) => ({ year: 2026 - i, total: 40 - i, counted: 22 - i, minimum: 20, shortfall: Math.max(0, i - 2) })),
  courses: n(12, (i) => ({ title: `安全培训课程 ${i + 1}：硫化氢防护与应急处置`, day: `2026-${String((i % 12) + 1).padStart(2, "0")}-15` })),
  classes: n(8, (i) => ({ title: `技师课堂：抽油机平衡调整（第 ${i + 1} 期）`, attended: 3, held: 4 })),
  signoffs: n(10, (i) => ({ task: `QJ-${i + 1} 气动调节阀维护保养`, day: "2026-05-20", verifier: "陶文博" })),
  quizzes: n(40, (i) => ({ title: `第${i + 1}次季度小会考`, quarter: "2026-Q3", score: 88, max: 100, percent: 88, passed: i % 5 !== 0, pending: false })),
  contests: n(5, (i) => ({ title: `202${i}年采油工技能竞赛`, day: `202${i}-10-12`, rank: i + 1, score: 90, award: "二等奖" })),
  certificates: n(4, (i) => ({
    name: "硫化氢防护培训合格证",
    number: `H2S-202${i}-0042`,
    issuedOn: `202${i}-03-01`,
    expiresOn: `202${i + 2}-02-28`,
    lastReviewedOn: i % 2 ? `202${i + 1}-03-01` : null,
    reviewDueOn: `202${i + 3}-03-01`,
    reviewOverdue: i === 0,
  })),
  issued: n(2, (i) => ({ title: `安全培训课程 ${i + 1}`, number: newNumber(), day: "2026-06-15", state: "valid" as const })),
};
const cert = () =>
  certificatePdf(
    t,
    {
      number: newNumber(),
      kind: "contest",
      holderName: "林晓雨",
      title: "2026年采油工技能竞赛（厂级）",
      detail: "一等奖",
      issuedAt: new Date("2026-11-20T03:00:00Z"),
      validUntil: null,
      validity: { state: "valid" },
    },
    "https://train.example.com",
  );

async function time(name: string, run: () => Promise<Uint8Array>) {
  let bytes = 0;
  for (let i = 0; i < 2; i++) bytes = (await run()).length;
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const a = performance.now();
    await run();
    ms.push(performance.now() - a);
  }
  ms.sort((a, b) => a - b);
  console.log(`${name}: median ${Math.round(pct(ms, 50))} ms, p95 ${Math.round(pct(ms, 95))} ms over ${RUNS} runs; ${Math.round(bytes / 1024)} KB`);
}

const first = performance.now();
await cert();
console.log(`first document (font collections read): ${Math.round(performance.now() - first)} ms`);
await time("certificate", cert);
await time("person file (2 pages)", () => personFilePdf(t, file));
console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(" ")}; rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB`,
);
