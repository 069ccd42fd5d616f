import { and, asc, eq, like, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { members, orgUnits } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { holdsEverywhere } from "@/lib/auth/ownership";
import { can, scopeOf, type Permission, type Principal, type Scope } from "@/lib/auth/permissions";
import { fail, forbidden, notFound, ok, type Result } from "@/lib/core/result";
import { requiredText } from "@/lib/core/text";
import { ORG_KINDS, PARENT_KIND } from "./constants";
import { escapeLike, inScope } from "./scope";

type OrgUnit = typeof orgUnits.$inferSelect;

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

async function getUnit(db: Db, id: number): Promise<OrgUnit | null> {
  const [u] = await db.select().from(orgUnits).where(eq(orgUnits.id, id));
  return u ?? null;
}

export interface UnitRef {
  id: number;
  name: string;
  path: string;
}

/**
 * The unit a scoped page (roster, coverage, expiring certificates, needs) shows: the one asked
 * for, else the first unit of the actor's scope for `permission` (the root for the whole
 * organisation). A unit outside the scope is "not found", the same as one that does not exist.
 */
export async function scopedUnit(db: Db, actor: Principal, permission: Permission, unitId: number | null): Promise<Result<UnitRef>> {
  let unit: UnitRef | undefined;
  if (unitId !== null) {
    [unit] = await db.select({ id: orgUnits.id, name: orgUnits.name, path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, unitId));
  } else {
    const scope = scopeOf(actor, permission);
    const path = scope.all ? null : scope.paths[0];
    if (!scope.all && !path) return notFound("eligibility.errors.unitNotFound");
    [unit] = path
      ? await db.select({ id: orgUnits.id, name: orgUnits.name, path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.path, path))
      : await db
          .select({ id: orgUnits.id, name: orgUnits.name, path: orgUnits.path })
          .from(orgUnits)
          .where(sql`${orgUnits.parentId} IS NULL`)
          .orderBy(asc(orgUnits.id))
          .limit(1);
  }
  if (!unit || !can(actor, permission, unit.path)) return notFound("eligibility.errors.unitNotFound");
  return ok(unit);
}

export const unitInput = z.object({
  name: requiredText(60),
  code: z
    .string()
    .trim()
    .min(1, "errors.required")
    .max(40)
    .regex(/^[A-Za-z0-9_-]+$/, "errors.invalidInput"),
  kind: z.enum(ORG_KINDS, "errors.invalidInput"),
  parentId: z.preprocess((v) => (v === "" || v === undefined ? null : v), z.coerce.number().int().positive().max(2_147_483_647).nullable()),
});
type UnitInput = z.infer<typeof unitInput>;

/**
 * Creates a unit under a parent of the right kind. A new area (no parent) needs `org.write` over
 * the whole organisation; anything else, over the parent.
 */
export async function createUnit(db: Db, actor: Principal, input: UnitInput): Promise<Result<OrgUnit>> {
  return db.transaction(async (tx) => {
    const parent = input.parentId ? await getUnit(tx, input.parentId) : null;
    if (input.parentId && !parent) return notFound("org.errors.notFound");
    if (parent ? !can(actor, "org.write", parent.path) : !holdsEverywhere(actor, "org.write")) return forbidden();
    if ((parent?.kind ?? null) !== PARENT_KIND[input.kind]) return fail("org.errors.badParent");
    const [taken] = await tx.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.code, input.code));
    if (taken) return fail("org.errors.codeTaken", undefined, "conflict");
    const created = (
      await tx
        .insert(orgUnits)
        .values({ name: input.name, code: input.code, kind: input.kind, parentId: parent?.id ?? null })
        .returning()
    )[0]!;
    const path = `${parent?.path ?? "/"}${created.id}/`;
    await tx.update(orgUnits).set({ path }).where(eq(orgUnits.id, created.id));
    await audit(tx, { actorUserId: actor.userId, action: "org.create", entity: "org_unit", entityId: created.id, after: { ...input, path } });
    return ok({ ...created, path });
  });
}

/** The unit, when the actor may change it (`org.write` over it). */
async function writableUnit(db: Db, actor: Principal, id: number): Promise<Result<OrgUnit>> {
  const unit = await getUnit(db, id);
  if (!unit) return notFound("org.errors.notFound");
  if (!can(actor, "org.write", unit.path)) return forbidden();
  return ok(unit);
}

export async function renameUnit(db: Db, actor: Principal, id: number, name: string): Promise<Result> {
  const parsed = requiredText(60).safeParse(name);
  if (!parsed.success) return fail("errors.invalidInput");
  return db.transaction(async (tx) => {
    const before = await writableUnit(tx, actor, id);
    if (!before.ok) return before;
    await tx.update(orgUnits).set({ name: parsed.data }).where(eq(orgUnits.id, id));
    await audit(tx, {
      actorUserId: actor.userId,
      action: "org.rename",
      entity: "org_unit",
      entityId: id,
      before: { name: before.value.name },
      after: { name: parsed.data },
    });
    return ok();
  });
}

/** Moves a unit (and everything below it) under another parent of the right kind; `org.write` over both. */
export async function moveUnit(db: Db, actor: Principal, id: number, newParentId: number): Promise<Result> {
  return db.transaction(async (tx) => {
    const found = await writableUnit(tx, actor, id);
    if (!found.ok) return found;
    const unit = found.value;
    const parent = await getUnit(tx, newParentId);
    if (!parent) return notFound("org.errors.notFound");
    if (!can(actor, "org.write", parent.path)) return forbidden();
    if (parent.path.startsWith(unit.path)) return fail("org.errors.cycle");
    if (PARENT_KIND[unit.kind] !== parent.kind) return fail("org.errors.badParent");
    const newPath = `${parent.path}${unit.id}/`;
    await tx
      .update(orgUnits)
      .set({ path: sql`${newPath} || substr(${orgUnits.path}, ${unit.path.length + 1})` })
      .where(like(orgUnits.path, `${escapeLike(unit.path)}%`));
    await tx.update(orgUnits).set({ parentId: parent.id }).where(eq(orgUnits.id, id));
    await audit(tx, {
      actorUserId: actor.userId,
      action: "org.move",
      entity: "org_unit",
      entityId: id,
      before: { parentId: unit.parentId, path: unit.path },
      after: { parentId: parent.id, path: newPath },
    });
    return ok();
  });
}

/** Deactivates a unit and its subtree (refused while active members remain), or reactivates one unit. */
export async function setUnitActive(db: Db, actor: Principal, id: number, active: boolean): Promise<Result> {
  return db.transaction(async (tx) => {
    const found = await writableUnit(tx, actor, id);
    if (!found.ok) return found;
    const unit = found.value;
    if (!active) {
      const [row] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(members)
        .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
        .where(and(like(orgUnits.path, `${escapeLike(unit.path)}%`), sql`${members.status} <> 'left'`));
      if (Number(row?.n ?? 0) > 0) return fail("org.errors.hasActiveMembers");
      await tx
        .update(orgUnits)
        .set({ active: false })
        .where(like(orgUnits.path, `${escapeLike(unit.path)}%`));
    } else {
      await tx.update(orgUnits).set({ active: true }).where(eq(orgUnits.id, id));
    }
    await audit(tx, {
      actorUserId: actor.userId,
      action: active ? "org.activate" : "org.deactivate",
      entity: "org_unit",
      entityId: id,
      before: { active: unit.active },
      after: { active },
    });
    return ok();
  });
}
