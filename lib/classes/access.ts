import { eq, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { classes, members } from "@/db/schema";
import { runsClass } from "@/lib/auth/ownership";
import { can, type Permission, type Principal } from "@/lib/auth/permissions";
import { forbidden, notFound, ok, type Result } from "@/lib/core/result";
import { isTechnicianTitle } from "./rules";

/**
 * Who may do what with a class. The rules themselves live beside the permission table
 * (lib/auth/ownership: `runsClass`, `mayActInClass`); these load what they need and answer with
 * the failure a refusal returns. Every read and write of lib/classes goes through one of them.
 */

type ClassRow = typeof classes.$inferSelect;

/** An id a row can have (a positive PostgreSQL integer): anything else finds nothing, never a 500. */
export function isRowId(n: number): boolean {
  return Number.isInteger(n) && n > 0 && n <= 2_147_483_647;
}

async function techTitleOf(db: Db, memberId: number): Promise<string> {
  const [m] = await db.select({ t: members.techTitle }).from(members).where(eq(members.id, memberId));
  return m?.t ?? "none";
}

/** May create a class: a trainer (naming any instructor), or a technician (only themselves). */
export async function canCreateClass(db: Db, actor: Principal): Promise<boolean> {
  return can(actor, "teach.manage") || isTechnicianTitle(await techTitleOf(db, actor.memberId));
}

export async function loadClass(db: Db, id: number): Promise<ClassRow | null> {
  if (!isRowId(id)) return null;
  const [c] = await db.select().from(classes).where(eq(classes.id, id));
  return c ?? null;
}

/** The class, if the actor runs it (instructor, author, whole-organisation trainer). */
export async function classToRun(db: Db, actor: Principal, id: number): Promise<Result<ClassRow>> {
  const c = await loadClass(db, id);
  if (!c) return notFound("classes.errors.notFound");
  if (!runsClass(actor, c)) return forbidden("classes.errors.notYours");
  return ok(c);
}

interface ClassMember {
  id: number;
  name: string;
  orgPath: string;
}

/** A member by id or employee number (already normalised), with their unit's path. */
export async function findMember(db: Db, who: { memberId: number } | { employeeNo: string }): Promise<ClassMember | null> {
  if ("memberId" in who && !isRowId(who.memberId)) return null;
  const [m] = rowsOf<{ id: number; name: string; path: string }>(
    await db.execute(sql`SELECT m.id, m.name, ou.path FROM members m JOIN org_units ou ON ou.id = m.org_unit_id
      WHERE ${"memberId" in who ? sql`m.id = ${who.memberId}` : sql`m.employee_no = ${who.employeeNo}`}`),
  );
  return m ? { id: Number(m.id), name: m.name, orgPath: m.path } : null;
}

/** Enrolling and cancelling for others: a trainer, or a manager over the member's unit. */
export const ENROL_FOR_OTHERS: readonly Permission[] = ["teach.manage", "roster.read"];
/** Marking present or absent: a trainer over the member's unit. */
export const MARK_ATTENDANCE: readonly Permission[] = ["teach.manage"];
