import type { questionVersions } from "@/db/schema";
import {
  scrambledIds,
  type ChoiceOption,
  type ClozeGap,
  type DragBoxes,
  type Difficulty,
  type GroupPart,
  type MultipleScoring,
  type OrderingScoring,
  type Question,
  type Tolerance,
} from "./types";

type VersionRow = typeof questionVersions.$inferSelect;

/** The columns a question version is stored in: `body` is public content, `answerKey` is not. */
export interface StoredVersion {
  type: Question["type"];
  title: string | null;
  stem: string;
  body: Record<string, unknown>;
  answerKey: unknown;
  explanation: string;
  difficulty: number;
  points: number;
}

export function toStored(q: Question): StoredVersion {
  const common = {
    type: q.type,
    title: q.title ?? null,
    stem: q.stem,
    explanation: q.explanation,
    difficulty: q.difficulty,
    points: q.points,
    answerKey: q.key,
  };
  // Moodle's penalty is no secret: it sits with the public content. Per-answer grades
  // (key.fractions) would tell the answer, so they stay in the key.
  const penalty = q.penalty === undefined ? {} : { penalty: q.penalty };
  switch (q.type) {
    case "single":
      return { ...common, body: { options: q.options, ...penalty } };
    case "multiple":
      return { ...common, body: { options: q.options, scoring: q.scoring, ...penalty } };
    case "numeric":
      return { ...common, body: { unit: q.unit, ...penalty } };
    case "fill":
      return { ...common, body: { blanks: q.key.blanks.length, ...penalty } };
    case "matching":
      return { ...common, body: { items: q.items, choices: q.choices, ...penalty } };
    case "ordering": {
      // The body is public: the items go there scrambled, the right order is in the key only.
      const ids = scrambledIds(q.key.order, q.key.order);
      return { ...common, body: { items: ids.map((id) => q.items.find((o) => o.id === id)!), scoring: q.scoring, ...penalty } };
    }
    case "cloze":
      return { ...common, body: { gaps: q.gaps, ...(q.drag ? { drag: q.drag } : {}), ...penalty } };
    case "group":
      // The parts' content is public; their keys are in the key (answerKey = { parts: [...] }).
      return { ...common, body: { parts: q.parts, ...penalty } };
    default:
      return { ...common, body: { ...penalty } };
  }
}

/** A stored version back as the engine's model (the category path and tags come from the question). */
export function fromStored(
  v: Pick<VersionRow, "type" | "title" | "stem" | "body" | "answerKey" | "explanation" | "difficulty" | "points">,
  meta: { category?: readonly string[]; tags?: readonly string[] } = {},
): Question {
  const body = (v.body ?? {}) as Record<string, unknown>;
  const common = {
    ...(v.title ? { title: v.title } : {}),
    stem: v.stem,
    explanation: v.explanation,
    difficulty: v.difficulty as Difficulty,
    points: Number(v.points),
    category: meta.category ?? [],
    tags: meta.tags ?? [],
    ...(typeof body.penalty === "number" ? { penalty: body.penalty } : {}),
  };
  const key = v.answerKey as never;
  switch (v.type) {
    case "single":
      return { ...common, type: "single", options: body.options as ChoiceOption[], key };
    case "multiple":
      return { ...common, type: "multiple", options: body.options as ChoiceOption[], scoring: (body.scoring as MultipleScoring) ?? "all_or_nothing", key };
    case "truefalse":
      return { ...common, type: "truefalse", key };
    case "fill":
      return { ...common, type: "fill", key };
    case "numeric":
      return { ...common, type: "numeric", unit: String(body.unit ?? ""), key: key as { value: number; tolerance: Tolerance } };
    case "essay":
      return { ...common, type: "essay", key };
    case "matching":
      return { ...common, type: "matching", items: body.items as ChoiceOption[], choices: body.choices as ChoiceOption[], key };
    case "ordering": {
      const order = (key as { order: string[] }).order;
      const items = body.items as ChoiceOption[];
      const sorted = order.map((id) => items.find((o) => o.id === id)).filter((o): o is ChoiceOption => o !== undefined);
      return {
        ...common,
        type: "ordering",
        items: sorted.length === items.length ? sorted : items,
        scoring: (body.scoring as OrderingScoring) ?? "all_or_nothing",
        key,
      };
    }
    case "cloze":
      return { ...common, type: "cloze", gaps: body.gaps as ClozeGap[], ...(body.drag ? { drag: body.drag as DragBoxes } : {}), key };
    case "group":
      return { ...common, type: "group", parts: body.parts as GroupPart[], key };
  }
}
