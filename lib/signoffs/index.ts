import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { members, orgUnits, practicalTasks, signoffs, taskVerifiers } from "@/db/schema";
import { audit } from "@/lib/audit";
import { normaliseEmployeeNo } from "@/lib/auth/accounts";
import { SPECIALTIES, TECHNICIAN_TITLES } from "@/lib/org/constants";
import { fail, type Outcome } from "@/lib/quiz/attempts/common";
import { refreshPoints } from "@/lib/points";
import { today as todayInZone } from "@/lib/core/clock";

/** 以工代训: practical tasks, who may verify them, and sign-offs. */

export const taskInput = z.object({
  code: z.string().trim().min(1).max(30).regex(/^[A-Za-z0-9_-]+$/, "methods.errors.badCode"),
  title: z.string().trim().min(1).max(100),
  specialty: z.enum(SPECIALTIES),
  description: z.string().trim().max(2000).default(""),
  checklist: z.array(z.string().trim().min(1).max(200)).min(1).max(30),
  active: z.boolean().default(true),
});
export type TaskInput = z.infer<typeof taskInput>;

/** A checklist typed one step per line. */
export function checklistFromText(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export async function saveTask(db: Db, actorUserId: number | null, id: number | null, input: TaskInput): Promise<Outcome<{ id: number }>> {
  return db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: practicalTasks.id }).from(practicalTasks).where(eq(practicalTasks.code, input.code));
    if (taken && taken.id !== id) return fail("methods.errors.codeTaken", { code: input.code });
    if (id) {
      const [before] = await tx.select().from(practicalTasks).where(eq(practicalTasks.id, id));
      if (!before) return fail("errors.notFound");
      await tx.update(practicalTasks).set(input).where(eq(practicalTasks.id, id));
      await audit(tx, { actorUserId, action: "task.update", entity: "practical_task", entityId: id, before, after: input });
      return { ok: true, value: { id } };
    }
    const [row] = await tx.insert(practicalTasks).values({ ...input, createdBy: actorUserId }).returning({ id: practicalTasks.id });
    await audit(tx, { actorUserId, action: "task.create", entity: "practical_task", entityId: row.id, after: input });
    return { ok: true, value: row };
  });
}

export interface TaskRow {
  id: number;
  code: string;
  title: string;
  specialty: string;
  active: boolean;
  verifiers: number;
  signoffs: number;
  /** Whether the viewer may sign this task off. */
  mine: boolean;
}

/** Tasks with counts; `onlyVerifiable` keeps those the member may sign off. */
export async function listTasks(db: Db, viewerMemberId: number, opts: { specialty?: string | null; onlyVerifiable?: boolean } = {}): Promise<TaskRow[]> {
  const rows = rowsOf<{ id: number; code: string; title: string; specialty: string; active: boolean; verifiers: number; signoffs: number; mine: boolean }>(
    await db.execute(sql`
      SELECT t.id, t.code, t.title, t.specialty, t.active,
        (SELECT count(*)::int FROM task_verifiers v WHERE v.task_id = t.id) AS verifiers,
        (SELECT count(*)::int FROM signoffs s WHERE s.task_id = t.id) AS signoffs,
        EXISTS (SELECT 1 FROM task_verifiers v WHERE v.task_id = t.id AND v.member_id = ${viewerMemberId}) AS mine
      FROM practical_tasks t
      WHERE ${opts.specialty ? sql`t.specialty = ${opts.specialty}` : sql`TRUE`}
      ORDER BY t.active DESC, t.specialty, t.code`),
  );
  const out = rows.map((r) => ({ ...r, id: Number(r.id), verifiers: Number(r.verifiers), signoffs: Number(r.signoffs), mine: Boolean(r.mine) }));
  return opts.onlyVerifiable ? out.filter((r) => r.mine) : out;
}

export async function isVerifier(db: Db, taskId: number, memberId: number): Promise<boolean> {
  const [r] = await db.select({ m: taskVerifiers.memberId }).from(taskVerifiers).where(and(eq(taskVerifiers.taskId, taskId), eq(taskVerifiers.memberId, memberId)));
  return Boolean(r);
}

export async function isAnyVerifier(db: Db, memberId: number): Promise<boolean> {
  const [r] = await db.select({ m: taskVerifiers.memberId }).from(taskVerifiers).where(eq(taskVerifiers.memberId, memberId)).limit(1);
  return Boolean(r);
}

export async function getTask(db: Db, id: number) {
  const [task] = await db.select().from(practicalTasks).where(eq(practicalTasks.id, id));
  if (!task) return null;
  const verifiers = await db
    .select({ memberId: members.id, name: members.name, employeeNo: members.employeeNo, unitName: orgUnits.name, techTitle: members.techTitle })
    .from(taskVerifiers)
    .innerJoin(members, eq(members.id, taskVerifiers.memberId))
    .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
    .where(eq(taskVerifiers.taskId, id))
    .orderBy(asc(members.name));
  return { ...task, verifiers };
}

/** Members by employee number (full-width digits folded), for forms that name people by it. */
export async function membersByEmployeeNo(db: Db, employeeNos: string[]) {
  const nos = [...new Set(employeeNos.map(normaliseEmployeeNo).filter(Boolean))];
  if (nos.length === 0) return new Map<string, { id: number; name: string; status: string; techTitle: string; orgPath: string }>();
  const rows = await db
    .select({ id: members.id, employeeNo: members.employeeNo, name: members.name, status: members.status, techTitle: members.techTitle, orgPath: orgUnits.path })
    .from(members)
    .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
    .where(inArray(members.employeeNo, nos));
  return new Map(rows.map((r) => [r.employeeNo, r]));
}

/**
 * A verifier must be an active member who is a technician (技师, 高级技师) or holds the trainer
 * role. Replaces the list; one bad number changes nothing.
 */
export async function setVerifiers(db: Db, actorUserId: number | null, taskId: number, employeeNos: string[]): Promise<Outcome<{ count: number }>> {
  return db.transaction(async (tx) => {
    const [task] = await tx.select({ id: practicalTasks.id }).from(practicalTasks).where(eq(practicalTasks.id, taskId));
    if (!task) return fail("errors.notFound");
    const found = await membersByEmployeeNo(tx, employeeNos);
    const ids: number[] = [];
    for (const raw of employeeNos) {
      const no = normaliseEmployeeNo(raw);
      if (!no) continue;
      const m = found.get(no);
      if (!m || m.status !== "active") return fail("methods.errors.unknownMember", { value: no });
      const trainer = rowsOf(await tx.execute(sql`SELECT 1 FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.member_id = ${m.id} AND r.role IN ('trainer', 'admin')`)).length > 0;
      if (!trainer && !(TECHNICIAN_TITLES as readonly string[]).includes(m.techTitle)) return fail("methods.errors.notVerifierMaterial", { name: m.name });
      ids.push(m.id);
    }
    const unique = [...new Set(ids)];
    await tx.delete(taskVerifiers).where(eq(taskVerifiers.taskId, taskId));
    if (unique.length) await tx.insert(taskVerifiers).values(unique.map((memberId) => ({ taskId, memberId })));
    await audit(tx, { actorUserId, action: "task.verifiers", entity: "practical_task", entityId: taskId, after: unique });
    return { ok: true, value: { count: unique.length } };
  });
}

export const signoffInput = z.object({
  taskId: z.coerce.number().int().positive(),
  employeeNo: z.string().trim().min(1).max(40),
  signedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "methods.errors.badDate"),
  note: z.string().trim().max(1000).default(""),
  /** How many checklist steps the verifier ticked: all of them, or no sign-off. */
  checked: z.coerce.number().int().min(0),
});
export type SignoffInput = z.infer<typeof signoffInput>;

/**
 * The verifier (the signed-in member) signs off a member's task. Refused: one's own task, a
 * verifier not qualified for the task, an inactive task or member, a date in the future or
 * before the member was hired, an unticked checklist, a task already signed off.
 */
export async function signOff(
  db: Db,
  actor: { userId: number | null; memberId: number },
  input: SignoffInput & { photoKey?: string | null },
  today: string = todayInZone(),
): Promise<Outcome<{ id: number; memberId: number }>> {
  return db.transaction(async (tx) => {
    const [task] = await tx.select().from(practicalTasks).where(eq(practicalTasks.id, input.taskId));
    if (!task) return fail("errors.notFound");
    if (!task.active) return fail("methods.errors.taskInactive");
    const m = (await membersByEmployeeNo(tx, [input.employeeNo])).get(normaliseEmployeeNo(input.employeeNo));
    if (!m || m.status !== "active") return fail("methods.errors.unknownMember", { value: input.employeeNo });
    if (m.id === actor.memberId) return fail("methods.errors.ownTask");
    if (!(await isVerifier(tx, task.id, actor.memberId))) return fail("methods.errors.notQualified");
    if (input.signedOn > today) return fail("methods.errors.futureDate");
    if (Number.isNaN(Date.parse(input.signedOn))) return fail("methods.errors.badDate");
    if (input.checked < task.checklist.length) return fail("methods.errors.checklistIncomplete", { count: task.checklist.length - input.checked });
    const inserted = await tx
      .insert(signoffs)
      .values({ taskId: task.id, memberId: m.id, verifierMemberId: actor.memberId, signedOn: input.signedOn, note: input.note, photoKey: input.photoKey ?? null, createdBy: actor.userId })
      .onConflictDoNothing()
      .returning({ id: signoffs.id });
    if (inserted.length === 0) return fail("methods.errors.alreadySigned", { name: m.name });
    await audit(tx, { actorUserId: actor.userId, action: "signoff.create", entity: "signoff", entityId: inserted[0].id, after: { taskId: task.id, memberId: m.id, signedOn: input.signedOn } });
    await refreshPoints(tx, { memberIds: [m.id], kinds: ["signoff"] });
    return { ok: true, value: { id: inserted[0].id, memberId: m.id } };
  });
}

export interface SignoffRow {
  id: number;
  taskId: number;
  taskCode: string;
  taskTitle: string;
  memberId: number;
  memberName: string;
  verifierName: string;
  signedOn: string;
  note: string;
  photoKey: string | null;
}

async function signoffRows(db: Db, where: ReturnType<typeof eq>, limit = 200): Promise<SignoffRow[]> {
  const verifier = sql<string>`(SELECT name FROM members v WHERE v.id = ${signoffs.verifierMemberId})`;
  return db
    .select({
      id: signoffs.id,
      taskId: signoffs.taskId,
      taskCode: practicalTasks.code,
      taskTitle: practicalTasks.title,
      memberId: signoffs.memberId,
      memberName: members.name,
      verifierName: verifier,
      signedOn: signoffs.signedOn,
      note: signoffs.note,
      photoKey: signoffs.photoKey,
    })
    .from(signoffs)
    .innerJoin(practicalTasks, eq(practicalTasks.id, signoffs.taskId))
    .innerJoin(members, eq(members.id, signoffs.memberId))
    .where(where)
    .orderBy(desc(signoffs.signedOn), desc(signoffs.id))
    .limit(limit);
}

export const signoffsForTask = (db: Db, taskId: number) => signoffRows(db, eq(signoffs.taskId, taskId));
export const signoffsForMember = (db: Db, memberId: number) => signoffRows(db, eq(signoffs.memberId, memberId));

/** The sign-off holding a photo, for the photo route's permission check. */
export async function signoffByPhoto(db: Db, photoKey: string) {
  const [r] = await db
    .select({ memberId: signoffs.memberId, verifierMemberId: signoffs.verifierMemberId, orgPath: orgUnits.path })
    .from(signoffs)
    .innerJoin(members, eq(members.id, signoffs.memberId))
    .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
    .where(eq(signoffs.photoKey, photoKey));
  return r ?? null;
}
