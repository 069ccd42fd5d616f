import { and, asc, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { members, orgUnits, practicalTasks, signoffs, taskVerifiers } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { normaliseEmployeeNo } from "@/lib/auth/accounts";
import { isVerifier, mayChangeContent, maySignOff } from "@/lib/auth/ownership";
import { can, scopeOf, type Principal } from "@/lib/auth/permissions";
import { today as todayInZone } from "@/lib/core/clock";
import { fail, forbidden, notFound, ok, type Result } from "@/lib/core/result";
import { requiredText, text } from "@/lib/core/text";
import { isDay } from "@/lib/core/time";
import { TECHNICIAN_TITLES } from "@/lib/org/constants";
import { specialtyCode, specialtyProblem } from "@/lib/org/specialties";
import { inScope } from "@/lib/org/scope";
import { refreshPoints } from "@/lib/points";
import { checkPhoto, savePhoto } from "./photos";

/**
 * 以工代训: practical tasks, who may verify them, and sign-offs. A task is teaching content
 * (changed by its author or a whole-organisation trainer); who signs off whom is `maySignOff`
 * in lib/auth/ownership.
 */

export const taskInput = z.object({
  code: z
    .string()
    .trim()
    .min(1)
    .max(30)
    .regex(/^[A-Za-z0-9_-]+$/, "methods.errors.badCode"),
  title: requiredText(100),
  specialty: specialtyCode,
  description: text(2000).default(""),
  checklist: z.array(requiredText(200)).min(1).max(30),
  active: z.boolean().default(true),
});
type TaskInput = z.infer<typeof taskInput>;

/** A checklist typed one step per line. */
export function checklistFromText(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Creates a task (any trainer) or changes one (its author or a whole-organisation trainer). */
export async function saveTask(db: Db, actor: Principal, id: number | null, input: TaskInput): Promise<Result<{ id: number }>> {
  if (!can(actor, "teach.manage")) return forbidden();
  const actorUserId = actor.userId || null;
  return db.transaction(async (tx) => {
    let current: string | null = null;
    if (id) {
      const [before] = await tx.select().from(practicalTasks).where(eq(practicalTasks.id, id));
      if (!before) return notFound();
      if (!mayChangeContent(actor, before)) return forbidden("methods.errors.notTaskAuthor");
      current = before.specialty;
    }
    const bad = await specialtyProblem(tx, input.specialty, current);
    if (bad) return bad;
    const [taken] = await tx.select({ id: practicalTasks.id }).from(practicalTasks).where(eq(practicalTasks.code, input.code));
    if (taken && taken.id !== id) return fail("methods.errors.codeTaken", { code: input.code });
    if (id) {
      await tx.update(practicalTasks).set(input).where(eq(practicalTasks.id, id));
      await audit(tx, { actorUserId, action: "task.update", entity: "practical_task", entityId: id, after: input });
      return ok({ id });
    }
    const row = (
      await tx
        .insert(practicalTasks)
        .values({ ...input, createdBy: actorUserId })
        .returning({ id: practicalTasks.id })
    )[0]!;
    await audit(tx, { actorUserId, action: "task.create", entity: "practical_task", entityId: row.id, after: input });
    return ok(row);
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

/** Tasks with counts; `onlyVerifiable` keeps those the viewer verifies. */
export async function listTasks(db: Db, viewer: Principal, opts: { specialty?: string | null; onlyVerifiable?: boolean } = {}): Promise<TaskRow[]> {
  const rows = rowsOf<{ id: number; code: string; title: string; specialty: string; active: boolean; verifiers: number; signoffs: number; mine: boolean }>(
    await db.execute(sql`
      SELECT t.id, t.code, t.title, t.specialty, t.active,
        (SELECT count(*)::int FROM task_verifiers v WHERE v.task_id = t.id) AS verifiers,
        (SELECT count(*)::int FROM signoffs s WHERE s.task_id = t.id) AS signoffs,
        EXISTS (SELECT 1 FROM task_verifiers v WHERE v.task_id = t.id AND v.member_id = ${viewer.memberId}) AS mine
      FROM practical_tasks t
      WHERE ${opts.specialty ? sql`t.specialty = ${opts.specialty}` : sql`TRUE`}
      ORDER BY t.active DESC, t.specialty, t.code`),
  );
  const out = rows.map((r) => ({ ...r, id: Number(r.id), verifiers: Number(r.verifiers), signoffs: Number(r.signoffs), mine: Boolean(r.mine) }));
  return opts.onlyVerifiable ? out.filter((r) => r.mine) : out;
}

/** Whether the member verifies any task: the task pages are theirs then. */
export async function isAnyVerifier(db: Db, viewer: Principal): Promise<boolean> {
  const [r] = await db.select({ m: taskVerifiers.memberId }).from(taskVerifiers).where(eq(taskVerifiers.memberId, viewer.memberId)).limit(1);
  return Boolean(r);
}

/** Members the viewer may see named: themselves, and those inside their `member.read` scope. */
function visibleMember(viewer: Principal, memberId: SQL | typeof members.id, path: SQL | typeof orgUnits.path): SQL {
  return sql`(${memberId} = ${viewer.memberId} OR ${inScope(path, scopeOf(viewer, "member.read"))})`;
}

/**
 * A task for its page: for trainers and for its verifiers, else `forbidden`. The verifiers
 * listed are those the viewer may see named (the viewer and members inside their scope).
 */
export async function getTask(db: Db, viewer: Principal, id: number) {
  const [task] = await db.select().from(practicalTasks).where(eq(practicalTasks.id, id));
  if (!task) return notFound();
  const ids = (await db.select({ m: taskVerifiers.memberId }).from(taskVerifiers).where(eq(taskVerifiers.taskId, id))).map((r) => r.m);
  const viewerVerifies = isVerifier(viewer, ids);
  if (!viewerVerifies && !can(viewer, "teach.manage")) return forbidden();
  const verifiers = await db
    .select({ memberId: members.id, name: members.name, employeeNo: members.employeeNo, unitName: orgUnits.name, techTitle: members.techTitle })
    .from(taskVerifiers)
    .innerJoin(members, eq(members.id, taskVerifiers.memberId))
    .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
    .where(and(eq(taskVerifiers.taskId, id), visibleMember(viewer, members.id, orgUnits.path)))
    .orderBy(asc(members.name));
  return ok({ ...task, verifiers, viewerVerifies, mayEdit: mayChangeContent(viewer, task) });
}

/** Members by employee number (full-width digits folded), for forms that name people by it. */
export async function membersByEmployeeNo(db: Db, employeeNos: string[]) {
  const nos = [...new Set(employeeNos.map(normaliseEmployeeNo).filter(Boolean))];
  if (nos.length === 0) return new Map<string, { id: number; name: string; status: string; techTitle: string; orgPath: string }>();
  const rows = await db
    .select({
      id: members.id,
      employeeNo: members.employeeNo,
      name: members.name,
      status: members.status,
      techTitle: members.techTitle,
      orgPath: orgUnits.path,
    })
    .from(members)
    .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
    .where(inArray(members.employeeNo, nos));
  return new Map(rows.map((r) => [r.employeeNo, r]));
}

/**
 * Sets a task's verifiers: its author or a whole-organisation trainer, naming members inside
 * their scope. A verifier must be an active member who is a technician (技师, 高级技师) or holds
 * the trainer role. Verifiers outside the actor's scope (named by a trainer over more) stay as
 * they are: not the actor's to remove. One bad number changes nothing.
 */
export async function setVerifiers(db: Db, actor: Principal, taskId: number, employeeNos: string[]): Promise<Result<{ count: number }>> {
  return db.transaction(async (tx) => {
    const [task] = await tx.select({ id: practicalTasks.id, createdBy: practicalTasks.createdBy }).from(practicalTasks).where(eq(practicalTasks.id, taskId));
    if (!task) return notFound();
    if (!mayChangeContent(actor, task)) return forbidden("methods.errors.notTaskAuthor");
    const found = await membersByEmployeeNo(tx, employeeNos);
    const ids: number[] = [];
    for (const raw of employeeNos) {
      const no = normaliseEmployeeNo(raw);
      if (!no) continue;
      const m = found.get(no);
      if (m?.status !== "active") return fail("methods.errors.unknownMember", { value: no });
      if (!can(actor, "teach.manage", m.orgPath)) return forbidden("methods.errors.memberOutOfScope", { value: no });
      const trainer =
        rowsOf(
          await tx.execute(sql`SELECT 1 FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.member_id = ${m.id} AND r.role IN ('trainer', 'admin')`),
        ).length > 0;
      if (!trainer && !(TECHNICIAN_TITLES as readonly string[]).includes(m.techTitle)) return fail("methods.errors.notVerifierMaterial", { name: m.name });
      ids.push(m.id);
    }
    const current = await tx
      .select({ memberId: taskVerifiers.memberId, orgPath: orgUnits.path })
      .from(taskVerifiers)
      .innerJoin(members, eq(members.id, taskVerifiers.memberId))
      .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
      .where(eq(taskVerifiers.taskId, taskId));
    const kept = current.filter((v) => !can(actor, "teach.manage", v.orgPath)).map((v) => v.memberId);
    const unique = [...new Set([...ids, ...kept])];
    await tx.delete(taskVerifiers).where(eq(taskVerifiers.taskId, taskId));
    if (unique.length) await tx.insert(taskVerifiers).values(unique.map((memberId) => ({ taskId, memberId })));
    await audit(tx, {
      actorUserId: actor.userId || null,
      action: "task.verifiers",
      entity: "practical_task",
      entityId: taskId,
      before: current.map((v) => v.memberId),
      after: unique,
    });
    return ok({ count: unique.length });
  });
}

export const signoffInput = z.object({
  taskId: z.coerce.number().int().positive().max(2_147_483_647),
  employeeNo: z.string().trim().min(1).max(40),
  signedOn: z.string().refine(isDay, "methods.errors.badDate"),
  note: text(1000).default(""),
  /** How many checklist steps the verifier ticked: all of them, or no sign-off. */
  checked: z.coerce.number().int().min(0).max(1000),
});
type SignoffInput = z.infer<typeof signoffInput>;

/** The path of the team-level ancestor of the member's unit (the unit itself if a team), or null. */
async function ownTeamPath(db: Db, memberId: number): Promise<string | null> {
  const [r] = rowsOf<{ path: string }>(
    await db.execute(sql`SELECT t.path FROM members m JOIN org_units u ON u.id = m.org_unit_id JOIN org_units t ON t.kind = 'team' AND u.path LIKE t.path || '%'
      WHERE m.id = ${memberId} ORDER BY length(t.path) DESC LIMIT 1`),
  );
  return r?.path ?? null;
}

/**
 * The verifier (the acting member) signs off a member's task, with an optional photo (checked
 * before anything is read, stored only once everything else holds). Refused: one's own task, a
 * verifier not named on the task, a member outside what the verifier may sign off
 * (`maySignOff`), an inactive task or member, a date in the future, an unticked checklist, a
 * task already signed off.
 */
export async function signOff(
  db: Db,
  actor: Principal,
  input: SignoffInput & { photo?: Uint8Array | null },
  today: string = todayInZone(),
): Promise<Result<{ id: number; memberId: number }>> {
  if (input.photo) {
    const check = checkPhoto(input.photo);
    if (!check.ok) return fail(check.code);
  }
  return db.transaction(async (tx) => {
    const [task] = await tx.select().from(practicalTasks).where(eq(practicalTasks.id, input.taskId));
    if (!task) return notFound();
    const verifiers = (await tx.select({ m: taskVerifiers.memberId }).from(taskVerifiers).where(eq(taskVerifiers.taskId, task.id))).map((r) => r.m);
    if (!isVerifier(actor, verifiers)) return forbidden("methods.errors.notQualified");
    if (!task.active) return fail("methods.errors.taskInactive");
    const m = (await membersByEmployeeNo(tx, [input.employeeNo])).get(normaliseEmployeeNo(input.employeeNo));
    if (m?.status !== "active") return fail("methods.errors.unknownMember", { value: input.employeeNo });
    if (m.id === actor.memberId) return forbidden("methods.errors.ownTask");
    if (!maySignOff(actor, m, await ownTeamPath(tx, actor.memberId)))
      return forbidden("methods.errors.signoffOutOfScope", { value: normaliseEmployeeNo(input.employeeNo) });
    if (input.signedOn > today) return fail("methods.errors.futureDate");
    if (input.checked < task.checklist.length) return fail("methods.errors.checklistIncomplete", { count: task.checklist.length - input.checked });
    const [done] = await tx
      .select({ id: signoffs.id })
      .from(signoffs)
      .where(and(eq(signoffs.taskId, task.id), eq(signoffs.memberId, m.id)));
    if (done) return fail("methods.errors.alreadySigned", { name: m.name });
    const photoKey = input.photo ? await savePhoto(input.photo) : null;
    const [inserted] = await tx
      .insert(signoffs)
      .values({
        taskId: task.id,
        memberId: m.id,
        verifierMemberId: actor.memberId,
        signedOn: input.signedOn,
        note: input.note,
        photoKey,
        createdBy: actor.userId || null,
      })
      .onConflictDoNothing()
      .returning({ id: signoffs.id });
    if (!inserted) return fail("methods.errors.alreadySigned", { name: m.name });
    await audit(tx, {
      actorUserId: actor.userId || null,
      action: "signoff.create",
      entity: "signoff",
      entityId: inserted.id,
      after: { taskId: task.id, memberId: m.id, signedOn: input.signedOn },
    });
    await refreshPoints(tx, { memberIds: [m.id], kinds: ["signoff"] });
    return ok({ id: inserted.id, memberId: m.id });
  });
}

interface SignoffRow {
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

/** Sign-offs the viewer may see: of members they may read (themselves included), and those they signed. */
async function signoffRows(db: Db, viewer: Principal, where: SQL | undefined, limit = 200): Promise<SignoffRow[]> {
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
    .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
    .where(and(where, or(visibleMember(viewer, members.id, orgUnits.path), eq(signoffs.verifierMemberId, viewer.memberId))))
    .orderBy(desc(signoffs.signedOn), desc(signoffs.id))
    .limit(limit);
}

export const signoffsForTask = (db: Db, viewer: Principal, taskId: number) => signoffRows(db, viewer, eq(signoffs.taskId, taskId));
export const signoffsForMember = (db: Db, viewer: Principal, memberId: number) => signoffRows(db, viewer, eq(signoffs.memberId, memberId));
/** The sign-offs of several members in one read (a unit's files), at most 200 each as one member's. */
export const signoffsForMembers = (db: Db, viewer: Principal, memberIds: readonly number[]) =>
  memberIds.length ? signoffRows(db, viewer, inArray(signoffs.memberId, [...memberIds]), 200 * memberIds.length) : Promise.resolve([]);
