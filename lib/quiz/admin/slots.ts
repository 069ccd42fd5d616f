import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { questions, questionVersions, quizSlots } from "@/db/schema";
import type { QuestionType } from "../types";
import { can, type Principal } from "@/lib/auth/permissions";
import { listCategoryTree, type CategoryNode } from "./categories";

export type SlotView =
  | {
      kind: "fixed";
      questionId: number;
      points: number | null;
      question: { stem: string; type: QuestionType; points: number; difficulty: number; version: number; archived: boolean } | null;
    }
  | { kind: "random"; categoryId: number; categoryPath: string; difficulty: number | null; count: number; points: number | null; available: number };

/** A quiz's slots as the editor shows them, with what each random slot can draw from. */
export async function getSlotViews(db: Db, actor: Principal, quizId: number, tree?: CategoryNode[]): Promise<SlotView[]> {
  if (!can(actor, "teach.manage")) return [];
  const slots = await db.select().from(quizSlots).where(eq(quizSlots.quizId, quizId)).orderBy(asc(quizSlots.position));
  const cats = tree ?? (await listCategoryTree(db, actor));
  const byId = new Map(cats.map((c) => [c.id, c]));
  const ids = slots.filter((s) => s.kind === "fixed" && s.questionId).map((s) => s.questionId!);
  const qs = ids.length
    ? await db
        .select({ id: questions.id, archived: questions.archived, v: questionVersions })
        .from(questions)
        .innerJoin(questionVersions, eq(questionVersions.id, questions.currentVersionId))
        .where(inArray(questions.id, ids))
    : [];
  const qById = new Map(qs.map((q) => [q.id, q]));
  return slots.map((s): SlotView => {
    const points = s.points === null ? null : Number(s.points);
    if (s.kind === "fixed") {
      const q = qById.get(s.questionId ?? -1);
      return {
        kind: "fixed",
        questionId: s.questionId ?? 0,
        points,
        question: q
          ? { stem: q.v.stem, type: q.v.type, points: Number(q.v.points), difficulty: q.v.difficulty, version: q.v.version, archived: q.archived }
          : null,
      };
    }
    const cat = byId.get(s.categoryId ?? -1);
    return {
      kind: "random",
      categoryId: s.categoryId ?? 0,
      categoryPath: cat ? cat.names.join("/") : "",
      difficulty: s.difficulty,
      count: s.count,
      points,
      available: availableIn(cat, s.difficulty),
    };
  });
}

/** Questions a random slot could draw from a category subtree at a difficulty (any when null). */
export function availableIn(cat: Pick<CategoryNode, "total" | "byDifficulty"> | undefined, difficulty: number | null): number {
  if (!cat) return 0;
  // A difficulty outside 1–5 has no questions to draw.
  return difficulty ? (cat.byDifficulty[difficulty - 1] ?? 0) : cat.total;
}
