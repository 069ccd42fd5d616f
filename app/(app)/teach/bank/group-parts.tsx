"use client";

import type { Messages } from "@/lib/i18n";
import type { PartPayload, QuestionPayload } from "@/lib/quiz/admin/question-input";
import { MAX_ESSAY_PARTS, MAX_OPTIONS, MAX_PARTS, MIN_OPTIONS, OPTION_LABELS, PART_TYPES, type PartType } from "@/lib/quiz/types";
import { Button } from "@/app/_ui/button";
import { SelectField, TextField } from "@/app/_ui/field";
import { TextAreaField } from "../_components/textarea";
import { fmt, ITEM_INPUT, REMOVE } from "./editor-ui";

type M = Messages["quizAdmin"];

/** A new sub-question of `type`: the payload's defaults, four empty options for a choice. */
export function newPart(type: PartType, newId: () => string): PartPayload {
  return {
    id: newId(),
    type,
    title: "",
    stem: "",
    explanation: "",
    difficulty: "3",
    points: "1",
    category: "",
    tags: "",
    options: type === "single" || type === "multiple" ? Array.from({ length: 4 }, () => ({ id: newId(), text: "", correct: false, fraction: "" })) : [],
    weighted: false,
    scoring: "all_or_nothing",
    pairs: [],
    items: [],
    truefalse: "",
    blanks: [[""]],
    numeric: { value: "", toleranceKind: "absolute", tolerance: "0", unit: "", more: "" },
    reference: "",
  };
}

/**
 * 案例分析's sub-questions under the material (the stem): each numbered (1), (2)… with its type,
 * stem, points and its type's answer in a plain form; the server reads each as a question of its
 * type and names the part of any problem.
 */
export function GroupParts({
  parts,
  onChange,
  newId,
  m,
}: {
  parts: QuestionPayload["parts"];
  onChange: (parts: PartPayload[]) => void;
  newId: () => string;
  m: M;
}) {
  const setPart = (i: number, patch: Partial<PartPayload>) => onChange(parts.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  return (
    <fieldset className="space-y-4">
      <legend className="mb-1 text-sm font-medium text-slate-700">{m.editor.parts}</legend>
      <p className="text-xs text-slate-500">{m.editor.partsHint}</p>
      <ol className="space-y-4">
        {parts.map((p, i) => {
          const n = i + 1;
          const choice = p.type === "single" || p.type === "multiple";
          return (
            <li key={p.id} className="space-y-3 rounded-lg border border-slate-200 bg-slate-50 p-3">
              <div className="flex items-center gap-2">
                <span className="font-semibold text-slate-700">({n})</span>
                <div className="min-w-0 flex-1">
                  <SelectField
                    label={fmt(m.editor.partType, { n })}
                    name={`part-${i}-type`}
                    value={p.type}
                    onChange={(e) => {
                      const type = e.target.value as PartType;
                      setPart(i, { type, options: type === "single" || type === "multiple" ? newPart(type, newId).options : [] });
                    }}
                    options={PART_TYPES.map((v) => ({ value: v, label: m.types[v] }))}
                  />
                </div>
                <button
                  type="button"
                  className={`${REMOVE} mt-6`}
                  aria-label={fmt(m.editor.removePart, { n })}
                  disabled={parts.length <= 2}
                  onClick={() => onChange(parts.filter((_, j) => j !== i))}
                >
                  ✕
                </button>
              </div>
              <TextAreaField
                label={fmt(m.editor.partStem, { n })}
                name={`part-${i}-stem`}
                rows={2}
                value={p.stem}
                onChange={(e) => setPart(i, { stem: e.target.value })}
              />
              {choice && (
                <ol className="space-y-2">
                  {p.options.map((o, k) => {
                    const label = OPTION_LABELS[k] ?? String(k + 1);
                    return (
                      <li key={o.id} className="flex items-center gap-2">
                        <label className="flex min-h-10 shrink-0 cursor-pointer items-center gap-1.5 rounded-md border border-slate-300 bg-white px-2 text-sm has-[:checked]:border-emerald-600 has-[:checked]:bg-emerald-50">
                          <input
                            type={p.type === "single" ? "radio" : "checkbox"}
                            name={`part-${i}-correct`}
                            className="size-4 accent-emerald-700"
                            checked={o.correct}
                            aria-label={fmt(m.editor.partCorrect, { n, label })}
                            onChange={(e) =>
                              setPart(i, {
                                options: p.options.map((x, j) =>
                                  j === k ? { ...x, correct: e.target.checked } : p.type === "single" && e.target.checked ? { ...x, correct: false } : x,
                                ),
                              })
                            }
                          />
                          <span className="w-4 text-center font-semibold">{label}</span>
                        </label>
                        <input
                          className={`${ITEM_INPUT} min-w-0 flex-1`}
                          value={o.text}
                          maxLength={2000}
                          aria-label={fmt(m.editor.partOption, { n, label })}
                          onChange={(e) => setPart(i, { options: p.options.map((x, j) => (j === k ? { ...x, text: e.target.value } : x)) })}
                        />
                        <button
                          type="button"
                          className={REMOVE}
                          aria-label={fmt(m.editor.removeOption, { label })}
                          disabled={p.options.length <= MIN_OPTIONS}
                          onClick={() => setPart(i, { options: p.options.filter((_, j) => j !== k) })}
                        >
                          ✕
                        </button>
                      </li>
                    );
                  })}
                  {p.options.length < MAX_OPTIONS && (
                    <li>
                      <Button
                        variant="secondary"
                        onClick={() => setPart(i, { options: [...p.options, { id: newId(), text: "", correct: false, fraction: "" }] })}
                      >
                        {m.editor.addOption}
                      </Button>
                    </li>
                  )}
                </ol>
              )}
              {p.type === "multiple" && (
                <SelectField
                  label={m.editor.scoring}
                  name={`part-${i}-scoring`}
                  value={p.scoring === "partial" ? "partial" : "all_or_nothing"}
                  onChange={(e) => setPart(i, { scoring: e.target.value as PartPayload["scoring"] })}
                  options={(["all_or_nothing", "partial"] as const).map((v) => ({ value: v, label: m.scoring[v] }))}
                />
              )}
              {p.type === "truefalse" && (
                <SelectField
                  label={fmt(m.editor.partAnswer, { n })}
                  name={`part-${i}-truefalse`}
                  value={p.truefalse}
                  onChange={(e) => setPart(i, { truefalse: e.target.value as PartPayload["truefalse"] })}
                  options={[
                    { value: "", label: "—" },
                    { value: "true", label: m.question.true },
                    { value: "false", label: m.question.false },
                  ]}
                />
              )}
              {p.type === "fill" && (
                <TextAreaField
                  label={fmt(m.editor.partAnswer, { n })}
                  name={`part-${i}-blanks`}
                  rows={2}
                  value={p.blanks.map((alts) => alts.join("|")).join("\n")}
                  hint={m.editor.partBlanksHint}
                  onChange={(e) => setPart(i, { blanks: e.target.value.split("\n").map((line) => line.split("|")) })}
                />
              )}
              {p.type === "numeric" && (
                <div className="grid grid-cols-3 gap-2">
                  <TextField
                    label={fmt(m.editor.partAnswer, { n })}
                    name={`part-${i}-value`}
                    inputMode="decimal"
                    value={p.numeric.value}
                    onChange={(e) => setPart(i, { numeric: { ...p.numeric, value: e.target.value } })}
                    autoComplete="off"
                  />
                  <TextField
                    label={m.editor.tolerance}
                    name={`part-${i}-tolerance`}
                    inputMode="decimal"
                    value={p.numeric.tolerance}
                    onChange={(e) => setPart(i, { numeric: { ...p.numeric, tolerance: e.target.value } })}
                    autoComplete="off"
                  />
                  <TextField
                    label={m.editor.unit}
                    name={`part-${i}-unit`}
                    value={p.numeric.unit}
                    maxLength={20}
                    onChange={(e) => setPart(i, { numeric: { ...p.numeric, unit: e.target.value } })}
                    autoComplete="off"
                  />
                </div>
              )}
              {p.type === "essay" && (
                <TextAreaField
                  label={fmt(m.editor.partReference, { n })}
                  name={`part-${i}-reference`}
                  rows={3}
                  value={p.reference}
                  hint={m.editor.partReferenceHint}
                  onChange={(e) => setPart(i, { reference: e.target.value })}
                />
              )}
              <TextField
                label={fmt(m.editor.partPoints, { n })}
                name={`part-${i}-points`}
                inputMode="decimal"
                value={p.points}
                onChange={(e) => setPart(i, { points: e.target.value })}
                autoComplete="off"
              />
            </li>
          );
        })}
      </ol>
      {parts.length < MAX_PARTS && (
        <div className="flex flex-wrap gap-2">
          {/* MAX_ESSAY_PARTS essay parts at most: its button goes once the group has them. */}
          {PART_TYPES.filter((type) => type !== "essay" || parts.filter((p) => p.type === "essay").length < MAX_ESSAY_PARTS).map((type) => (
            <Button key={type} variant="secondary" onClick={() => onChange([...parts, newPart(type, newId)])}>
              {fmt(m.editor.addPart, { type: m.types[type] })}
            </Button>
          ))}
        </div>
      )}
    </fieldset>
  );
}
