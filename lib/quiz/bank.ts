import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { questionCategories, questions, questionVersions } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { mayChangeContent } from "@/lib/auth/ownership";
import { can, type Principal } from "@/lib/auth/permissions";
import { failWithProblems, forbidden, notFound, ok, type Failure, type Result } from "@/lib/core/result";
import { toStored } from "./store";
import type { Question } from "./types";
import { checkQuestion, type QuestionProblem } from "./validate";

/** The id of a category path (["采油", "抽油机"]), creating what is missing. */
export async function ensureCategoryPath(db: Db, names: readonly string[], specialty: string | null = null): Promise<number> {
  if (names.length === 0) throw new Error("a category path needs at least one name");
  let parent: { id: number; path: string } | null = null;
  for (const name of names) {
    const parentCond = parent ? eq(questionCategories.parentId, parent.id) : isNull(questionCategories.parentId);
    let [row] = await db
      .select({ id: questionCategories.id, path: questionCategories.path })
      .from(questionCategories)
      .where(and(parentCond, eq(questionCategories.name, name)));
    if (!row) {
      const [made] = await db
        .insert(questionCategories)
        .values({ name, parentId: parent?.id ?? null, specialty: parent ? null : specialty })
        .onConflictDoNothing()
        .returning({ id: questionCategories.id });
      // Nothing made: a concurrent caller made the same category first, so it is there to read.
      const [found] = made
        ? [made]
        : await db
            .select({ id: questionCategories.id })
            .from(questionCategories)
            .where(and(parentCond, eq(questionCategories.name, name)));
      if (!found) throw new Error(`question category "${name}" was neither created nor found`);
      const id: number = found.id;
      const path: string = `${parent?.path ?? "/"}${id}/`;
      await db.update(questionCategories).set({ path }).where(eq(questionCategories.id, id));
      row = { id, path };
    }
    parent = row;
  }
  return parent!.id;
}

export interface SavedQuestion {
  questionId: number;
  versionId: number;
  version: number;
}

/** The engine's problems with a question as the one failure type: the field stands in the column. */
function refused(problems: QuestionProblem[]): Failure {
  return failWithProblems(
    "quizAdmin.editor.problems",
    problems.map((p) => ({ row: p.option ?? null, column: p.field, code: p.code, ...(p.params ? { params: p.params } : {}) })),
  );
}

/** Adds a question to the bank (its category path is created when missing); any trainer may. */
export async function createQuestion(db: Db, actor: Principal, q: Question): Promise<Result<SavedQuestion>> {
  if (!can(actor, "teach.manage")) return forbidden();
  const problems = checkQuestion(q);
  if (problems.length) return refused(problems);
  return db.transaction(async (tx) => {
    const categoryId = await ensureCategoryPath(tx, q.category.length ? q.category : ["未分类"]);
    const made = (
      await tx
        .insert(questions)
        .values({ categoryId, tags: [...q.tags], createdBy: actor.userId })
        .returning({ id: questions.id })
    )[0]!;
    const v = (
      await tx
        .insert(questionVersions)
        .values({ questionId: made.id, version: 1, createdBy: actor.userId, ...toStored(q) })
        .returning({ id: questionVersions.id })
    )[0]!;
    await tx.update(questions).set({ currentVersionId: v.id }).where(eq(questions.id, made.id));
    await audit(tx, { actorUserId: actor.userId, action: "question.create", entity: "question", entityId: made.id });
    return ok({ questionId: made.id, versionId: v.id, version: 1 });
  });
}

/**
 * An edit makes a new version and points the question at it; attempts keep the version they
 * were given (a regrade may move them to the new one). Only the question's maker or a trainer
 * over the whole organisation edits it: the bank is shared by the whole area.
 */
export async function editQuestion(db: Db, actor: Principal, questionId: number, q: Question): Promise<Result<SavedQuestion>> {
  if (!can(actor, "teach.manage")) return forbidden();
  const problems = checkQuestion(q);
  if (problems.length) return refused(problems);
  return db.transaction(async (tx) => {
    const [current] = await tx.select({ createdBy: questions.createdBy }).from(questions).where(eq(questions.id, questionId)).for("update");
    if (!current) return notFound("quizAdmin.question.notFound");
    if (!mayChangeContent(actor, current)) return forbidden("quizAdmin.errors.questionNotYours");
    const categoryId = await ensureCategoryPath(tx, q.category.length ? q.category : ["未分类"]);
    const [last] = await tx
      .select({ next: sql<number>`coalesce(max(${questionVersions.version}), 0)::int + 1` })
      .from(questionVersions)
      .where(eq(questionVersions.questionId, questionId));
    const next = last?.next ?? 1;
    const v = (
      await tx
        .insert(questionVersions)
        .values({ questionId, version: Number(next), createdBy: actor.userId, ...toStored(q) })
        .returning({ id: questionVersions.id })
    )[0]!;
    await tx
      .update(questions)
      .set({ currentVersionId: v.id, categoryId, tags: [...q.tags] })
      .where(eq(questions.id, questionId));
    await audit(tx, { actorUserId: actor.userId, action: "question.edit", entity: "question", entityId: questionId, after: { version: Number(next) } });
    return ok({ questionId, versionId: v.id, version: Number(next) });
  });
}
