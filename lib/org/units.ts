import { and, asc, eq, like, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { members, orgUnits } from "@/db/schema";
import { audit } from "@/lib/audit";
import type { Scope } from "@/lib/auth/permissions";
import { ORG_KINDS, PARENT_KIND, type OrgKind } from "./constants";
import { escapeLike, inScope } from "./scope";

export type OrgUnit = typeof orgUnits.$inferSelect;
export type Result<T = undefined> = { ok: true; value: T } | { ok: false; error: string; params?: Record<string, string | number> };

export interface OrgNode extends OrgUnit {
  depth: number;
  memberCount: number;
}

/** The units in scope as a flat list in tree order, with active member counts per subtree. */
export async function listOrgTree(db: Db, scope: Scope, opts: { includeInactive?: boolean } = {}): Promise<OrgNode[]> {
  const rows = rowsOf<{ id: number; own: number }>(
    await db.execute(sql`SELECT org_unit_id AS id, count(*)::int AS own FROM members WHERE status <> 'left' GROUP BY org_unit_id`),
  );
  const own = new Map(rows.map((r) => [Number(r.id), Number(r.own)]));
  const units = await db
    .select()
    .from(orgUnits)
    .where(and(inScope(orgUnits.path, scope), opts.includeInactive ? sql`true` : eq(orgUnits.active, true)))
    .orderBy(asc(orgUnits.path));
  // Sort siblings by name (paths order by id), then count each subtree.
  const byParent = new Map<number | null, OrgUnit[]>();
  for (const u of units) {
    const key = units.some((p) => p.id === u.parentId) ? u.parentId : null;
    byParent.set(key, [...(byParent.get(key) ?? []), u]);
  }
  const out: OrgNode[] = [];
  const walk = (parent: number | null, depth: number) => {
    for (const u of (byParent.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name, "zh-CN"))) {
      const node: OrgNode = { ...u, depth, memberCount: 0 };
      out.push(node);
      walk(u.id, depth + 1);
    }
  };
  walk(null, 0);
  // Each unit's own count goes to every ancestor on its path.
  const byId = new Map(out.map((n) => [n.id, n]));
  for (const u of units) {
    const n = own.get(u.id) ?? 0;
    if (!n) continue;
    for (const ancestor of u.path.split("/").filter(Boolean)) {
      const node = byId.get(Number(ancestor));
      if (node) node.memberCount += n;
    }
  }
  return out;
}

export async function getUnit(db: Db, id: number): Promise<OrgUnit | null> {
  const [u] = await db.select().from(orgUnits).where(eq(orgUnits.id, id));
  return u ?? null;
}

export const unitInput = z.object({
  name: z.string().trim().min(1).max(60),
  code: z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9_-]+$/),
  kind: z.enum(ORG_KINDS),
  parentId: z.coerce.number().int().positive().nullable(),
});

export async function createUnit(db: Db, actorUserId: number, input: z.infer<typeof unitInput>): Promise<Result<OrgUnit>> {
  return db.transaction(async (tx) => {
    const parent = input.parentId ? await getUnit(tx, input.parentId) : null;
    if (input.parentId && !parent) return { ok: false, error: "org.errors.notFound" };
    if ((parent?.kind ?? null) !== PARENT_KIND[input.kind]) return { ok: false, error: "org.errors.badParent" };
    const [taken] = await tx.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.code, input.code));
    if (taken) return { ok: false, error: "org.errors.codeTaken" };
    const [created] = await tx
      .insert(orgUnits)
      .values({ name: input.name, code: input.code, kind: input.kind, parentId: parent?.id ?? null })
      .returning();
    const path = `${parent?.path ?? "/"}${created.id}/`;
    await tx.update(orgUnits).set({ path }).where(eq(orgUnits.id, created.id));
    await audit(tx, { actorUserId, action: "org.create", entity: "org_unit", entityId: created.id, after: { ...input, path } });
    return { ok: true, value: { ...created, path } };
  });
}

export async function renameUnit(db: Db, actorUserId: number, id: number, name: string): Promise<Result> {
  const parsed = z.string().trim().min(1).max(60).safeParse(name);
  if (!parsed.success) return { ok: false, error: "errors.invalidInput" };
  return db.transaction(async (tx) => {
    const before = await getUnit(tx, id);
    if (!before) return { ok: false, error: "org.errors.notFound" };
    await tx.update(orgUnits).set({ name: parsed.data }).where(eq(orgUnits.id, id));
    await audit(tx, { actorUserId, action: "org.rename", entity: "org_unit", entityId: id, before: { name: before.name }, after: { name: parsed.data } });
    return { ok: true, value: undefined };
  });
}

/** Moves a unit (and everything below it) under another parent of the right kind. */
export async function moveUnit(db: Db, actorUserId: number, id: number, newParentId: number): Promise<Result> {
  return db.transaction(async (tx) => {
    const unit = await getUnit(tx, id);
    const parent = await getUnit(tx, newParentId);
    if (!unit || !parent) return { ok: false, error: "org.errors.notFound" };
    if (parent.path.startsWith(unit.path)) return { ok: false, error: "org.errors.cycle" };
    if (PARENT_KIND[unit.kind] !== parent.kind) return { ok: false, error: "org.errors.badParent" };
    const newPath = `${parent.path}${unit.id}/`;
    await tx
      .update(orgUnits)
      .set({ path: sql`${newPath} || substr(${orgUnits.path}, ${unit.path.length + 1})` })
      .where(like(orgUnits.path, escapeLike(unit.path) + "%"));
    await tx.update(orgUnits).set({ parentId: parent.id }).where(eq(orgUnits.id, id));
    await audit(tx, { actorUserId, action: "org.move", entity: "org_unit", entityId: id, before: { parentId: unit.parentId, path: unit.path }, after: { parentId: parent.id, path: newPath } });
    return { ok: true, value: undefined };
  });
}

/** Deactivates a unit and its subtree (refused while active members remain), or reactivates one unit. */
export async function setUnitActive(db: Db, actorUserId: number, id: number, active: boolean): Promise<Result> {
  return db.transaction(async (tx) => {
    const unit = await getUnit(tx, id);
    if (!unit) return { ok: false, error: "org.errors.notFound" };
    if (!active) {
      const [row] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(members)
        .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
        .where(and(like(orgUnits.path, escapeLike(unit.path) + "%"), sql`${members.status} <> 'left'`));
      if (Number(row.n) > 0) return { ok: false, error: "org.errors.hasActiveMembers" };
      await tx.update(orgUnits).set({ active: false }).where(like(orgUnits.path, escapeLike(unit.path) + "%"));
    } else {
      await tx.update(orgUnits).set({ active: true }).where(eq(orgUnits.id, id));
    }
    await audit(tx, { actorUserId, action: active ? "org.activate" : "org.deactivate", entity: "org_unit", entityId: id });
    return { ok: true, value: undefined };
  });
}

export function kindLabelKey(kind: OrgKind) {
  return `kinds.${kind}` as const;
}
