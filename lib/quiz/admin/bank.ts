import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { members, questionCategories, questions, questionVersions, users } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { mayChangeContent } from "@/lib/auth/ownership";
import { can, type Principal } from "@/lib/auth/permissions";
import { forbidden, notFound, ok, type Result } from "@/lib/core/result";
import { withoutBadCharacters } from "@/lib/core/text";
import { escapeLike } from "@/lib/org/scope";
import { derivedName } from "../import/moodle-xml";
import { fromStored } from "../store";
import { QUESTION_TYPES, type Question, type QuestionType } from "../types";

export const BANK_PAGE_SIZE = 20;

const optionalInt = (min: number, max: number) =>
  z.preprocess((v) => (v === "" || v === undefined || v === null ? undefined : v), z.coerce.number().int().min(min).max(max).optional()).catch(undefined);

/** The bank list's filters, from a query string: anything malformed is simply not applied. */
export const bankFilter = z.object({
  cat: optionalInt(1, 2_147_483_647),
  type: z.enum(QUESTION_TYPES).optional().catch(undefined),
  difficulty: optionalInt(1, 5),
  tag: z.string().transform(withoutBadCharacters).pipe(z.string().trim().max(50)).optional().catch(undefined),
  q: z.string().transform(withoutBadCharacters).pipe(z.string().trim().max(100)).optional().catch(undefined),
  archived: z.enum(["1"]).optional().catch(undefined),
  page: optionalInt(1, 100_000),
});
export type BankFilter = z.infer<typeof bankFilter>;

export interface BankRow {
  id: number;
  version: number;
  type: QuestionType;
  title: string | null;
  stem: string;
  difficulty: number;
  points: number;
  tags: string[];
  categoryId: number;
  categoryPath: string;
  archived: boolean;
  updatedAt: Date;
}

function filterSql(f: BankFilter, catPath: string | null): SQL {
  const parts: SQL[] = [f.archived ? sql`q.archived` : sql`NOT q.archived`];
  if (f.cat) parts.push(catPath === null ? sql`false` : sql`c.path LIKE ${`${escapeLike(catPath)}%`}`);
  if (f.type) parts.push(sql`v.type = ${f.type}`);
  if (f.difficulty) parts.push(sql`v.difficulty = ${f.difficulty}`);
  if (f.tag) parts.push(sql`${f.tag} = ANY(q.tags)`);
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    const id = /^\d{1,9}$/.test(f.q) ? Number(f.q) : -1;
    parts.push(sql`(v.stem ILIKE ${like} OR coalesce(v.title, '') ILIKE ${like} OR q.id = ${id})`);
  }
  return sql.join(parts, sql` AND `);
}

/**
 * Current versions of the bank's questions matching the filters, newest first, a page at a time.
 * The bank is one for the whole area: every trainer reads all of it (nobody else: it holds keys).
 */
export async function searchQuestions(
  db: Db,
  actor: Principal,
  f: BankFilter,
  pageSize = BANK_PAGE_SIZE,
): Promise<{ rows: BankRow[]; total: number; page: number; pages: number }> {
  if (!can(actor, "teach.manage")) return { rows: [], total: 0, page: 1, pages: 1 };
  const [cat] = f.cat ? await db.select({ path: questionCategories.path }).from(questionCategories).where(eq(questionCategories.id, f.cat)) : [];
  const where = filterSql(f, cat?.path ?? null);
  const from = sql`FROM questions q JOIN question_versions v ON v.id = q.current_version_id JOIN question_categories c ON c.id = q.category_id`;
  const [counted] = rowsOf<{ n: number }>(await db.execute(sql`SELECT count(*)::int AS n ${from} WHERE ${where}`));
  const total = Number(counted?.n ?? 0);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(f.page ?? 1, pages);
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      SELECT q.id, v.version, v.type::text AS type, v.title, v.stem, v.difficulty, v.points::float8 AS points, q.tags, q.category_id, q.archived, v.created_at,
        (SELECT string_agg(a.name, '/' ORDER BY length(a.path)) FROM question_categories a WHERE c.path LIKE a.path || '%') AS category_path
      ${from} WHERE ${where}
      ORDER BY q.id DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`),
  );
  return {
    total,
    page,
    pages,
    rows: rows.map((r) => ({
      id: Number(r.id),
      version: Number(r.version),
      type: r.type as QuestionType,
      title: (r.title as string | null) ?? null,
      stem: String(r.stem),
      difficulty: Number(r.difficulty),
      points: Number(r.points),
      tags: pgArray(r.tags),
      categoryId: Number(r.category_id),
      categoryPath: String(r.category_path ?? ""),
      archived: Boolean(r.archived),
      updatedAt: new Date(r.created_at as string),
    })),
  };
}

/** A text[] as either driver hands it back from a raw query. */
function pgArray(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === "string" && v.startsWith("{")) {
    // postgres.js parses arrays; PGlite does too, but be safe with the literal form.
    const inner = v.slice(1, -1);
    if (inner === "") return [];
    return inner.split(",").map((s) => s.replace(/^"(.*)"$/, "$1").replace(/\\(.)/g, "$1"));
  }
  return [];
}

/** Every tag in use, for the filter's suggestions. */
export async function listTags(db: Db, actor: Principal): Promise<string[]> {
  if (!can(actor, "teach.manage")) return [];
  const rows = rowsOf<{ tag: string }>(await db.execute(sql`SELECT DISTINCT unnest(tags) AS tag FROM questions WHERE NOT archived ORDER BY 1 LIMIT 500`));
  return rows.map((r) => String(r.tag));
}

/** The category path of a category, names from the top. */
export async function categoryNames(db: Db, actor: Principal, categoryId: number): Promise<string[]> {
  return can(actor, "teach.manage") ? namesOf(db, categoryId) : [];
}

async function namesOf(db: Db, categoryId: number): Promise<string[]> {
  const rows = rowsOf<{ name: string }>(
    await db.execute(
      sql`SELECT a.name FROM question_categories c JOIN question_categories a ON c.path LIKE a.path || '%' WHERE c.id = ${categoryId} ORDER BY length(a.path)`,
    ),
  );
  return rows.map((r) => String(r.name));
}

export interface VersionSummary {
  id: number;
  version: number;
  type: QuestionType;
  stem: string;
  createdAt: Date;
  createdBy: string | null;
}

export interface QuestionDetail {
  id: number;
  /** The actor may edit or archive it: its maker, or a trainer over the whole organisation. */
  mayChange: boolean;
  archived: boolean;
  categoryId: number;
  currentVersion: number;
  /** The version asked for (the current one by default), as the engine's model with category and tags. */
  shown: VersionSummary & { question: Question };
  /** Newest first. */
  versions: VersionSummary[];
  /** Quizzes whose fixed slots name this question. */
  usedIn: { id: number; title: string; status: string }[];
}

export async function getQuestion(db: Db, actor: Principal, questionId: number, version?: number): Promise<QuestionDetail | null> {
  if (!can(actor, "teach.manage")) return null;
  const [q] = await db.select().from(questions).where(eq(questions.id, questionId));
  if (!q || q.currentVersionId === null) return null;
  const vs = await db
    .select({ v: questionVersions, by: members.name })
    .from(questionVersions)
    .leftJoin(users, eq(users.id, questionVersions.createdBy))
    .leftJoin(members, eq(members.id, users.memberId))
    .where(eq(questionVersions.questionId, questionId))
    .orderBy(desc(questionVersions.version));
  const current = vs.find((r) => r.v.id === q.currentVersionId) ?? vs[0];
  const shown = version ? vs.find((r) => r.v.version === version) : current;
  // A question always has the version it points at; without any, there is nothing to show.
  if (!current || !shown) return null;
  const names = await namesOf(db, q.categoryId);
  const usedIn = rowsOf<{ id: number; title: string; status: string }>(
    await db.execute(
      sql`SELECT DISTINCT z.id, z.title, z.status::text AS status FROM quiz_slots s JOIN quizzes z ON z.id = s.quiz_id WHERE s.question_id = ${questionId} ORDER BY z.id DESC`,
    ),
  );
  const summary = (r: (typeof vs)[number]): VersionSummary => ({
    id: r.v.id,
    version: r.v.version,
    type: r.v.type,
    stem: r.v.stem,
    createdAt: r.v.createdAt,
    createdBy: r.by ?? null,
  });
  return {
    id: q.id,
    mayChange: mayChangeContent(actor, q),
    archived: q.archived,
    categoryId: q.categoryId,
    currentVersion: current.v.version,
    shown: { ...summary(shown), question: fromStored(shown.v, { category: names, tags: q.tags }) },
    versions: vs.map(summary),
    usedIn: usedIn.map((u) => ({ id: Number(u.id), title: String(u.title), status: String(u.status) })),
  };
}

/**
 * Archived questions stay in the attempts that had them but are no longer drawn or listed. Only
 * the question's maker or a trainer over the whole organisation archives it.
 */
export async function setArchived(db: Db, actor: Principal, questionId: number, archived: boolean): Promise<Result> {
  if (!can(actor, "teach.manage")) return forbidden();
  return db.transaction(async (tx) => {
    const [q] = await tx.select({ createdBy: questions.createdBy }).from(questions).where(eq(questions.id, questionId)).for("update");
    if (!q) return notFound("quizAdmin.question.notFound");
    if (!mayChangeContent(actor, q)) return forbidden("quizAdmin.errors.questionNotYours");
    await tx.update(questions).set({ archived }).where(eq(questions.id, questionId));
    await audit(tx, { actorUserId: actor.userId, action: archived ? "question.archive" : "question.unarchive", entity: "question", entityId: questionId });
    return ok();
  });
}

/** The category path a subtree's paths start with ("/" for the whole bank), null for no such category. */
async function subtreePrefix(db: Db, categoryId?: number): Promise<string | null> {
  if (!categoryId) return "/";
  const [cat] = await db.select({ path: questionCategories.path }).from(questionCategories).where(eq(questionCategories.id, categoryId));
  return cat?.path ?? null;
}

/**
 * The exported questions (as questionsForExport) whose texts show pictures or clips, which a GIFT
 * export cannot carry: how many, and the first few names (title, else the start of the stem).
 */
export async function questionsWithMedia(db: Db, actor: Principal, categoryId?: number, first = 5): Promise<{ count: number; names: string[] }> {
  if (!can(actor, "teach.manage")) return { count: 0, names: [] };
  const prefix = await subtreePrefix(db, categoryId);
  if (prefix === null) return { count: 0, names: [] };
  const token = (col: SQL) => sql`(${col} LIKE '%[[img:%' OR ${col} LIKE '%[[audio:%' OR ${col} LIKE '%[[video:%')`;
  const rows = await db
    .select({ title: questionVersions.title, stem: questionVersions.stem, count: sql<number>`count(*) over ()` })
    .from(questions)
    .innerJoin(questionVersions, eq(questionVersions.id, questions.currentVersionId))
    .innerJoin(questionCategories, eq(questionCategories.id, questions.categoryId))
    .where(
      and(
        eq(questions.archived, false),
        sql`${questionCategories.path} LIKE ${`${escapeLike(prefix)}%`}`,
        sql`(${token(sql`${questionVersions.stem}`)} OR ${token(sql`${questionVersions.body}::text`)} OR ${token(sql`${questionVersions.explanation}`)})`,
      ),
    )
    .orderBy(asc(questionCategories.path), asc(questions.id))
    .limit(first);
  return { count: Number(rows[0]?.count ?? 0), names: rows.map((r) => r.title || derivedName(r.stem)) };
}

/**
 * The current versions of the bank's questions (not archived) in a category's subtree, or all,
 * in category order, as the engine's model with their category paths: what the exporters take.
 */
export async function questionsForExport(db: Db, actor: Principal, categoryId?: number): Promise<Question[]> {
  if (!can(actor, "teach.manage")) return [];
  const prefix = await subtreePrefix(db, categoryId);
  if (prefix === null) return [];
  const rows = await db
    .select({ v: questionVersions, tags: questions.tags, categoryId: questions.categoryId, path: questionCategories.path })
    .from(questions)
    .innerJoin(questionVersions, eq(questionVersions.id, questions.currentVersionId))
    .innerJoin(questionCategories, eq(questionCategories.id, questions.categoryId))
    .where(and(eq(questions.archived, false), sql`${questionCategories.path} LIKE ${`${escapeLike(prefix)}%`}`))
    .orderBy(asc(questionCategories.path), asc(questions.id));
  const cats = await db.select({ id: questionCategories.id, name: questionCategories.name }).from(questionCategories);
  const nameOf = new Map(cats.map((c) => [c.id, c.name]));
  return rows.map((r) => {
    const names = r.path
      .split("/")
      .filter(Boolean)
      .map((id) => nameOf.get(Number(id)) ?? "");
    return fromStored(r.v, { category: names, tags: r.tags });
  });
}
