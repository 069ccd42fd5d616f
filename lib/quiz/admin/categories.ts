import { and, asc, eq, ne, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { questionCategories } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { holdsEverywhere } from "@/lib/auth/ownership";
import { can, type Principal } from "@/lib/auth/permissions";
import { conflict, fail, forbidden, notFound, ok, type Result } from "@/lib/core/result";
import { hasBadCharacters } from "@/lib/core/text";

export interface CategoryNode {
  id: number;
  parentId: number | null;
  name: string;
  path: string;
  /** Names from the top, e.g. ["采油", "抽油机"]. */
  names: string[];
  depth: number;
  /** Questions in the bank (not archived) filed directly here. */
  own: number;
  /** The same, for the whole subtree. */
  total: number;
  /** Subtree counts per difficulty 1–5 (index 0 is difficulty 1): what a random slot can draw. */
  byDifficulty: [number, number, number, number, number];
}

/**
 * The bank's category tree in tree order (siblings by name), with question counts per subtree.
 * The top level is the specialty (采油, 集输, 锅炉 …). Two queries.
 */
export async function listCategoryTree(db: Db, actor: Principal): Promise<CategoryNode[]> {
  if (!can(actor, "teach.manage")) return [];
  const cats = await db.select().from(questionCategories).orderBy(asc(questionCategories.path));
  const counts = rowsOf<{ category_id: number; difficulty: number; n: number }>(
    await db.execute(sql`
      SELECT q.category_id, v.difficulty::int AS difficulty, count(*)::int AS n
      FROM questions q JOIN question_versions v ON v.id = q.current_version_id
      WHERE NOT q.archived
      GROUP BY q.category_id, v.difficulty`),
  );
  const byParent = new Map<number | null, typeof cats>();
  const ids = new Set(cats.map((c) => c.id));
  for (const c of cats) {
    const key = c.parentId !== null && ids.has(c.parentId) ? c.parentId : null;
    byParent.set(key, [...(byParent.get(key) ?? []), c]);
  }
  const out: CategoryNode[] = [];
  const walk = (parent: number | null, depth: number, names: string[]) => {
    for (const c of (byParent.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name, "zh-CN"))) {
      const path = [...names, c.name];
      out.push({ id: c.id, parentId: c.parentId, name: c.name, path: c.path, names: path, depth, own: 0, total: 0, byDifficulty: [0, 0, 0, 0, 0] });
      walk(c.id, depth + 1, path);
    }
  };
  walk(null, 0, []);
  const byId = new Map(out.map((n) => [n.id, n]));
  for (const r of counts) {
    const cat = byId.get(Number(r.category_id));
    if (!cat) continue;
    const n = Number(r.n);
    cat.own += n;
    for (const ancestor of cat.path.split("/").filter(Boolean)) {
      const node = byId.get(Number(ancestor));
      if (!node) continue;
      node.total += n;
      const d = Number(r.difficulty);
      if (d >= 1 && d <= 5) node.byDifficulty[d - 1]! += n;
    }
  }
  return out;
}

/** The editor's text back to names: "/" or "／" between levels, blanks dropped. */
export function parseCategoryPath(text: string): string[] {
  return text
    .split(/[/／]/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/**
 * Renames one category. Paths are made of ids, so the subtree, its questions and the random
 * slots drawing from it stay where they are; only the name (and the xlsx export's 分类) changes.
 */
export async function renameCategory(db: Db, actor: Principal, id: number, rawName: string): Promise<Result> {
  // The tree is one for the whole area (every trainer's questions and random slots hang on it).
  if (!holdsEverywhere(actor, "teach.manage")) return forbidden("quizAdmin.errors.categoryWholeArea");
  const name = rawName.trim();
  if (name === "" || name.length > 40 || /[/／]/.test(name) || hasBadCharacters(name)) return fail("quizAdmin.errors.categoryNameInvalid");
  return db.transaction(async (tx) => {
    const [cat] = await tx.select().from(questionCategories).where(eq(questionCategories.id, id)).for("update");
    if (!cat) return notFound("quizAdmin.errors.unknownCategory");
    if (cat.name === name) return ok();
    const [clash] = await tx
      .select({ id: questionCategories.id })
      .from(questionCategories)
      .where(
        and(
          cat.parentId === null ? sql`${questionCategories.parentId} IS NULL` : eq(questionCategories.parentId, cat.parentId),
          eq(questionCategories.name, name),
          ne(questionCategories.id, id),
        ),
      );
    if (clash) return conflict("quizAdmin.errors.categoryNameTaken");
    await tx.update(questionCategories).set({ name }).where(eq(questionCategories.id, id));
    await audit(tx, {
      actorUserId: actor.userId,
      action: "category.rename",
      entity: "question_category",
      entityId: id,
      before: { name: cat.name },
      after: { name },
    });
    return ok();
  });
}
