/**
 * Answers read from plain forms (no JavaScript needed on a weak link): the practice, daily, case
 * and 一机一码 forms post one question's fields (a group's parts under `p<n>.`), a mock exam's one form posts every question's
 * under `q<id>.`. What comes out is the engine's response shape; the engine's schema checks it.
 */
import { formGaps, MAX_ESSAY_CHARS } from "@/lib/quiz/response";

/** The answer as the engine's response shape, from a plain form (the engine's schema checks it). */
export function responseOf(input: {
  type: string;
  optionId?: string;
  optionIds: string[];
  value?: string;
  blanks: string[];
  pairs: string[];
  order: string[];
  gaps: string[];
  gapTicks?: string[];
  text?: string;
}): unknown {
  switch (input.type) {
    case "single":
      return { type: "single", optionId: input.optionId ?? "" };
    case "multiple":
      return { type: "multiple", optionIds: input.optionIds };
    case "truefalse":
      return input.value === "true" || input.value === "false" ? { type: "truefalse", value: input.value === "true" } : null;
    case "fill":
      return { type: "fill", blanks: input.blanks };
    case "numeric":
      return { type: "numeric", value: input.value ?? "" };
    case "matching":
      return {
        type: "matching",
        pairs: Object.fromEntries(input.pairs.map((p) => p.split("=")).filter((kv): kv is [string, string] => kv.length === 2 && kv[0] !== "" && kv[1] !== "")),
      };
    case "ordering":
      return { type: "ordering", order: input.order.filter((id) => id !== "") };
    case "cloze":
      return { type: "cloze", gaps: formGaps(input.gaps, input.gapTicks ?? []) };
    case "essay":
      // Only a group's essay part comes from a plain form (practice checks it against the model answer).
      return { type: "essay", text: input.text ?? "" };
    default:
      return null;
  }
}

const MAX_MOCK_FIELDS = 100;
const text = (v: FormDataEntryValue | null) => (typeof v === "string" ? v.slice(0, 500) : undefined);

/** One question's plain-form fields under `prefix` (a mock exam's `q<id>.`, a group part's `q<id>.p<n>.`). */
function fieldsAt(form: FormData, prefix: string) {
  const many = (name: string, max = 20) =>
    form
      .getAll(prefix + name)
      .slice(0, max)
      .map((v) => text(v) ?? "");
  const type = text(form.get(`${prefix}type`)) ?? "";
  const input = {
    type,
    optionId: text(form.get(`${prefix}optionId`)),
    optionIds: many("optionIds"),
    value: text(form.get(`${prefix}value`)),
    blanks: many("blanks"),
    pairs: many("pairs"),
    // A timed mock is not refused for an item picked twice: the first place it was picked counts.
    order: [...new Set(many("order"))],
    gaps: many("gaps"),
    gapTicks: many("gapTicks", 100),
    // An essay part's text is longer than any other field: its own limit (the engine's).
    text: typeof form.get(`${prefix}text`) === "string" ? String(form.get(`${prefix}text`)).slice(0, MAX_ESSAY_CHARS) : undefined,
  };
  const blank =
    (type === "single" && !input.optionId) ||
    (type === "multiple" && input.optionIds.length === 0) ||
    ((type === "truefalse" || type === "numeric") && !input.value?.trim()) ||
    (type === "fill" && input.blanks.every((b) => !b.trim())) ||
    (type === "matching" && input.pairs.every((p) => !p)) ||
    (type === "ordering" && input.order.every((id) => !id)) ||
    (type === "cloze" && input.gaps.every((g) => !g.trim()) && input.gapTicks.length === 0) ||
    (type === "essay" && !input.text?.trim());
  return { input, blank };
}

/** Most parts a group has (lib/quiz/validate). */
const MAX_PARTS = 10;

/** A group's answer from its parts' fields under `prefix` (`<prefix>part` ids in order, `<prefix>p<n>.`); parts left blank are left out. */
function groupAt(form: FormData, prefix: string): { type: "group"; parts: Record<string, unknown> } {
  const parts: Record<string, unknown> = {};
  for (const [n, partId] of form.getAll(`${prefix}part`).slice(0, MAX_PARTS).entries()) {
    const part = fieldsAt(form, `${prefix}p${n}.`);
    if (typeof partId === "string" && !part.blank) parts[partId] = responseOf(part.input);
  }
  return { type: "group", parts };
}

/**
 * One question's answer from a single-question form (practice, the daily set, 一机一码): its
 * fields as `responseOf` reads them, a 案例分析 group's parts as a mock exam's are read.
 */
export function formResponse(form: FormData): unknown {
  const { input } = fieldsAt(form, "");
  return input.type === "group" ? groupAt(form, "") : responseOf(input);
}

/**
 * A mock exam's answers from its one form: per question `q<id>.type` and its fields; a 案例分析
 * group posts its parts' ids (`q<id>.part`, in order) and each part's fields under `q<id>.p<n>.`.
 * A question (or part) left blank is left out (unanswered). The engine's schema checks each answer.
 */
export function mockResponses(form: FormData): Record<number, unknown> {
  const out: Record<number, unknown> = {};
  for (const key of [...form.keys()].filter((k) => /^q\d{1,9}\.type$/.test(k)).slice(0, MAX_MOCK_FIELDS)) {
    const prefix = key.slice(0, -"type".length);
    const id = Number(prefix.slice(1, -1));
    if (text(form.get(key)) === "group") {
      const group = groupAt(form, prefix);
      if (Object.keys(group.parts).length) out[id] = group;
      continue;
    }
    const { input, blank } = fieldsAt(form, prefix);
    if (!blank) out[id] = responseOf(input);
  }
  return out;
}
