"use client";

import { useRef, useState } from "react";
import type { Messages } from "@/lib/i18n";
import type { QuestionPayload } from "@/lib/quiz/admin/question-input";
import { dragNotice } from "@/lib/quiz/drag";
import { FRACTION_OPTIONS_FULL, fractionPercent } from "@/lib/quiz/fractions";
import { BLANK_MARK, MAX_OPTIONS, MIN_OPTIONS, OPTION_LABELS } from "@/lib/quiz/types";
import { Button } from "@/app/_ui/button";
import { useFormat } from "@/app/_ui/locale";
import { Alert } from "@/app/_ui/feedback";
import { CheckboxField, SelectField, TextField } from "@/app/_ui/field";
import { PendingButton } from "../_components/pending-button";
import { useFormAction } from "../_components/use-form-action";
import { TextAreaField } from "../_components/textarea";
import { fmt, ITEM_INPUT, REMOVE } from "./editor-ui";
import { GroupParts, newPart } from "./group-parts";
import { MediaAttach } from "./media-attach";
import type { ActionState } from "@/app/_lib/action";
import { saveQuestionAction } from "./actions";

type M = Messages["quizAdmin"];
type Type = QuestionPayload["type"];
const TYPES: Type[] = ["single", "multiple", "truefalse", "fill", "numeric", "essay", "matching", "ordering", "cloze", "group"];

/** Moodle's grades, as the editor offers them: "100", "90", …, "0", …, "-100". */
const GRADES = FRACTION_OPTIONS_FULL.map(fractionPercent);

/** The fields the editor shows a problem next to (every option is `option.<i>`). */
const INLINE = new Set(["title", "stem", "answer", "options", "unit", "explanation", "difficulty", "points", "category", "tags"]);
const shownInline = (field: string) => INLINE.has(field) || /^option\.\d+$/.test(field);

/** The group's points as typed so far (a part not yet a number counts 0). */
const groupPoints = (parts: QuestionPayload["parts"]) => parts.reduce((sum, p) => sum + Math.round((Number(p.points) || 0) * 100), 0) / 100;

function newId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => "0123456789abcdefghijklmnopqrstuvwxyz"[b % 36]).join("");
}

/**
 * The question editor, one form for every type. The whole question travels as one JSON field;
 * the server reads it, checks it (checkQuestion) and answers with messages per field.
 */
export function QuestionEditor({ initial, questionId, categories, m }: { initial: QuestionPayload; questionId?: number; categories: string[]; m: M }) {
  const format = useFormat();
  const { state, pending, onSubmit } = useFormAction<ActionState>(saveQuestionAction, { status: "idle" });
  const [q, setQ] = useState<QuestionPayload>(() => ({ ...initial, blanks: initial.blanks.length ? initial.blanks : [[""]] }));
  // Each blank's key for React, kept beside the payload (which carries no ids): removing one keeps the others' fields.
  const [blankKeys, setBlankKeys] = useState<string[]>(() => q.blanks.map(() => newId()));
  const addBlank = () => setBlankKeys((keys) => [...keys, newId()]);
  const stemRef = useRef<HTMLTextAreaElement>(null);
  const set = (patch: Partial<QuestionPayload>) => setQ((prev) => ({ ...prev, ...patch }));
  const err = (field: string) => state.fieldErrors?.[field];
  const choice = q.type === "single" || q.type === "multiple";
  const editing = questionId !== undefined;
  const drag = dragNotice(q);

  const setOption = (i: number, patch: Partial<QuestionPayload["options"][number]>) =>
    set({
      options: q.options.map((o, j) => {
        if (j === i) return { ...o, ...patch };
        // A single-choice question has one right option: choosing one clears the others.
        if (patch.correct && q.type === "single") return { ...o, correct: false };
        return o;
      }),
    });

  /**
   * Turning per-option grades on starts from what the marks say today, so the question keeps
   * its grading: 100 % for the right option of a single answer; ±100/C on a multiple answer.
   */
  const setWeighted = (on: boolean) => {
    if (!on) return set({ weighted: false });
    const right = q.options.filter((o) => o.correct).length;
    const share = right ? 1 / right : 0;
    const grade = (correct: boolean) => {
      if (q.type === "single") return correct ? "100" : "0";
      const f = GRADES.find((g) => Math.abs(Number(g) / 100 - share) < 0.00001) ?? "0";
      return correct ? f : f === "0" ? "0" : `-${f}`;
    };
    set({ weighted: true, options: q.options.map((o) => ({ ...o, fraction: o.fraction || grade(o.correct) })) });
  };

  const insertBlank = () => {
    const el = stemRef.current;
    const at = el ? el.selectionStart : q.stem.length;
    const end = el ? el.selectionEnd : q.stem.length;
    const stem = q.stem.slice(0, at) + BLANK_MARK + q.stem.slice(end);
    const blanksInStem = stem.split(BLANK_MARK).length - 1;
    const grows = blanksInStem > q.blanks.length;
    set({ stem, blanks: grows ? [...q.blanks, [""]] : q.blanks });
    if (grows) addBlank();
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + BLANK_MARK.length, at + BLANK_MARK.length);
    });
  };

  return (
    <form onSubmit={onSubmit} className="space-y-5">
      <input type="hidden" name="payload" value={JSON.stringify(q)} />
      {editing && <input type="hidden" name="id" value={questionId} />}
      {state.status === "error" && (
        // Each problem is said once: next to its field, or here when the form has no place for it.
        <Alert tone="error">
          <p className="font-medium">{state.fieldErrors ? fmt(m.editor.problemsBelow, { count: Object.keys(state.fieldErrors).length }) : state.message}</p>
          {state.fieldErrors && Object.keys(state.fieldErrors).some((f) => !shownInline(f)) && (
            <ul className="mt-1 list-disc pl-5">
              {Object.entries(state.fieldErrors)
                .filter(([field]) => !shownInline(field))
                .map(([field, msg]) => (
                  <li key={field}>{msg}</li>
                ))}
            </ul>
          )}
        </Alert>
      )}

      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label={m.editor.type}
          name="type"
          value={q.type}
          disabled={editing}
          hint={editing ? m.editor.typeLocked : undefined}
          onChange={(e) =>
            set({
              type: e.target.value as Type,
              // A new group starts with two single-choice parts.
              parts: e.target.value === "group" && q.parts.length === 0 ? [newPart("single", newId), newPart("single", newId)] : q.parts,
              options:
                e.target.value === "single"
                  ? q.options.map((o, i) => ({ ...o, correct: o.correct && q.options.findIndex((x) => x.correct) === i }))
                  : q.options,
            })
          }
          options={TYPES.map((v) => ({ value: v, label: m.types[v] }))}
        />
        <TextField
          label={m.editor.title}
          name="title"
          value={q.title}
          maxLength={255}
          onChange={(e) => set({ title: e.target.value })}
          error={err("title")}
          autoComplete="off"
        />
      </div>

      <div className="space-y-2">
        <MediaAttach text={q.stem} onChange={(stem) => set({ stem })} m={m.editor} hint>
          <TextAreaField
            ref={stemRef}
            label={q.type === "group" ? m.editor.material : m.editor.stem}
            name="stem"
            rows={q.type === "group" ? 8 : 4}
            value={q.stem}
            onChange={(e) => set({ stem: e.target.value })}
            hint={q.type === "fill" ? m.editor.stemHint : q.type === "cloze" ? format(m.editor.clozeHint, {}) : undefined}
            error={err("stem")}
          />
        </MediaAttach>
        {drag && (
          <Alert>
            <span data-testid="drag-notice">
              {drag.reusable.length ? format(m.editor.dragNotice, { boxes: drag.reusable.join("、") }) : m.editor.dragNoticeNoReuse}
            </span>
          </Alert>
        )}
        {q.type === "fill" && (
          <Button variant="secondary" onClick={insertBlank}>
            {m.editor.insertBlank}
          </Button>
        )}
      </div>

      {choice && (
        <fieldset className="space-y-2">
          <legend className="mb-1 text-sm font-medium text-slate-700">
            {m.editor.options} · {q.weighted ? m.editor.fractions : q.type === "single" ? m.editor.correctOne : m.editor.correctMany}
          </legend>
          <ol className="space-y-2">
            {q.options.map((o, i) => {
              const label = OPTION_LABELS[i] ?? String(i + 1);
              const problems = state.fieldErrors?.[`option.${i}`];
              return (
                <li key={o.id} className="flex items-start gap-2">
                  {q.weighted ? (
                    <label className="flex min-h-10 shrink-0 items-center gap-1.5 rounded-md border border-slate-300 bg-white px-2 text-sm">
                      <span className="w-4 text-center font-semibold">{label}</span>
                      <select
                        className="min-h-9 rounded border-0 bg-transparent text-sm focus:outline-none focus:ring-2 focus:ring-brand-600/30"
                        value={o.fraction || "0"}
                        aria-label={fmt(m.editor.fractionOf, { label })}
                        onChange={(e) => setOption(i, { fraction: e.target.value })}
                      >
                        {(GRADES.includes(o.fraction || "0") ? GRADES : [o.fraction, ...GRADES]).map((g) => (
                          <option key={g} value={g}>
                            {g}%
                          </option>
                        ))}
                      </select>
                    </label>
                  ) : (
                    <label className="flex min-h-10 shrink-0 cursor-pointer items-center gap-1.5 rounded-md border border-slate-300 bg-white px-2 text-sm has-[:checked]:border-emerald-600 has-[:checked]:bg-emerald-50">
                      <input
                        type={q.type === "single" ? "radio" : "checkbox"}
                        name="correct"
                        className="size-4 accent-emerald-700"
                        checked={o.correct}
                        onChange={(e) => setOption(i, { correct: e.target.checked })}
                        aria-label={`${m.question.correct} ${label}`}
                      />
                      <span className="w-4 text-center font-semibold">{label}</span>
                    </label>
                  )}
                  <div className="min-w-0 flex-1">
                    <MediaAttach text={o.text} onChange={(text) => setOption(i, { text })} m={m.editor}>
                      <input
                        className="block min-h-10 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30 aria-[invalid=true]:border-red-600 sm:text-sm"
                        value={o.text}
                        maxLength={2000}
                        aria-label={fmt(m.editor.optionN, { label })}
                        aria-invalid={problems ? true : undefined}
                        onChange={(e) => setOption(i, { text: e.target.value })}
                      />
                    </MediaAttach>
                    {problems && <p className="mt-1 text-sm text-red-700">{problems}</p>}
                  </div>
                  <button
                    type="button"
                    className="min-h-10 min-w-10 shrink-0 rounded-md text-slate-500 hover:bg-red-50 hover:text-red-700 disabled:opacity-30"
                    aria-label={fmt(m.editor.removeOption, { label })}
                    disabled={q.options.length <= MIN_OPTIONS}
                    onClick={() => set({ options: q.options.filter((_, j) => j !== i) })}
                  >
                    ✕
                  </button>
                </li>
              );
            })}
          </ol>
          {q.options.length < MAX_OPTIONS && (
            <Button
              variant="secondary"
              onClick={() => set({ options: [...q.options, { id: newId(), text: "", correct: false, fraction: q.weighted ? "0" : "" }] })}
            >
              {m.editor.addOption}
            </Button>
          )}
          {(err("answer") || err("options")) && (
            <p className="whitespace-pre-line text-sm text-red-700">{[err("answer"), err("options")].filter(Boolean).join("\n")}</p>
          )}
          <div className="pt-2">
            <CheckboxField label={m.editor.weighted} name="weighted" checked={q.weighted} onChange={(e) => setWeighted(e.target.checked)} />
            {q.weighted && <p className="mt-1 text-xs text-slate-500">{q.type === "single" ? m.editor.weightedHintSingle : m.editor.weightedHintMultiple}</p>}
          </div>
          {q.type === "multiple" && !q.weighted && (
            <div className="pt-2">
              <SelectField
                label={m.editor.scoring}
                name="scoring"
                value={q.scoring}
                onChange={(e) => set({ scoring: e.target.value as QuestionPayload["scoring"] })}
                options={(["all_or_nothing", "partial"] as const).map((v) => ({ value: v, label: m.scoring[v] }))}
              />
            </div>
          )}
        </fieldset>
      )}

      {q.type === "truefalse" && (
        <fieldset>
          <legend className="mb-1 text-sm font-medium text-slate-700">{m.editor.truefalse}</legend>
          <div className="flex gap-2">
            {(["true", "false"] as const).map((v) => (
              <label
                key={v}
                className="flex min-h-10 cursor-pointer items-center gap-2 rounded-md border border-slate-300 bg-white px-4 text-sm has-[:checked]:border-emerald-600 has-[:checked]:bg-emerald-50"
              >
                <input type="radio" name="truefalse" className="size-4 accent-emerald-700" checked={q.truefalse === v} onChange={() => set({ truefalse: v })} />
                {m.question[v]}
              </label>
            ))}
          </div>
          {err("answer") && <p className="mt-1 text-sm text-red-700">{err("answer")}</p>}
        </fieldset>
      )}

      {q.type === "fill" && (
        <fieldset className="space-y-3">
          <legend className="mb-1 text-sm font-medium text-slate-700">{m.editor.blanks}</legend>
          <p className="text-xs text-slate-500">{m.editor.blankHint}</p>
          {q.blanks.map((alts, i) => (
            <div key={blankKeys[i]} className="flex items-start gap-2">
              <div className="min-w-0 flex-1">
                <TextAreaField
                  label={fmt(m.editor.blankN, { n: i + 1 })}
                  name={`blank-${i}`}
                  rows={2}
                  value={alts.join("\n")}
                  onChange={(e) => set({ blanks: q.blanks.map((b, j) => (j === i ? e.target.value.split("\n") : b)) })}
                />
              </div>
              <button
                type="button"
                className="mt-6 min-h-10 min-w-10 shrink-0 rounded-md text-slate-500 hover:bg-red-50 hover:text-red-700 disabled:opacity-30"
                aria-label={fmt(m.editor.removeBlank, { n: i + 1 })}
                disabled={q.blanks.length <= 1}
                onClick={() => {
                  set({ blanks: q.blanks.filter((_, j) => j !== i) });
                  setBlankKeys((keys) => keys.filter((_, j) => j !== i));
                }}
              >
                ✕
              </button>
            </div>
          ))}
          <Button
            variant="secondary"
            onClick={() => {
              set({ blanks: [...q.blanks, [""]] });
              addBlank();
            }}
          >
            {m.editor.addBlank}
          </Button>
          {err("answer") && <p className="whitespace-pre-line text-sm text-red-700">{err("answer")}</p>}
        </fieldset>
      )}

      {q.type === "numeric" && (
        <fieldset className="grid gap-4 sm:grid-cols-2">
          <TextField
            label={m.editor.numericValue}
            name="numericValue"
            inputMode="decimal"
            value={q.numeric.value}
            onChange={(e) => set({ numeric: { ...q.numeric, value: e.target.value } })}
            error={err("answer")}
            autoComplete="off"
          />
          <TextField
            label={m.editor.unit}
            name="unit"
            value={q.numeric.unit}
            maxLength={20}
            hint={m.editor.unitHint}
            onChange={(e) => set({ numeric: { ...q.numeric, unit: e.target.value } })}
            error={err("unit")}
            autoComplete="off"
          />
          <SelectField
            label={m.editor.toleranceKind}
            name="toleranceKind"
            value={q.numeric.toleranceKind}
            onChange={(e) => set({ numeric: { ...q.numeric, toleranceKind: e.target.value as "absolute" | "percent" } })}
            options={[
              { value: "absolute", label: m.editor.absolute },
              { value: "percent", label: m.editor.percent },
            ]}
          />
          <TextField
            label={`${m.editor.tolerance}${q.numeric.toleranceKind === "percent" ? " (%)" : q.numeric.unit ? ` (${q.numeric.unit})` : ""}`}
            name="tolerance"
            inputMode="decimal"
            value={q.numeric.tolerance}
            onChange={(e) => set({ numeric: { ...q.numeric, tolerance: e.target.value } })}
            autoComplete="off"
          />
          <div className="sm:col-span-2">
            <TextAreaField
              label={m.editor.numericMore}
              name="numericMore"
              rows={2}
              value={q.numeric.more}
              hint={m.editor.numericMoreHint}
              onChange={(e) => set({ numeric: { ...q.numeric, more: e.target.value } })}
            />
          </div>
        </fieldset>
      )}

      {q.type === "matching" && (
        <fieldset className="space-y-2">
          <legend className="mb-1 text-sm font-medium text-slate-700">{m.editor.pairs}</legend>
          <p className="text-xs text-slate-500">{m.editor.pairsHint}</p>
          <ol className="space-y-2">
            {q.pairs.map((row, i) => (
              <li key={row.id} className="flex flex-wrap items-center gap-2 sm:flex-nowrap">
                <input
                  className={`${ITEM_INPUT} sm:flex-1`}
                  value={row.item}
                  maxLength={2000}
                  aria-label={fmt(m.editor.pairItem, { n: i + 1 })}
                  placeholder={m.editor.pairItemPlaceholder}
                  onChange={(e) => set({ pairs: q.pairs.map((p, j) => (j === i ? { ...p, item: e.target.value } : p)) })}
                />
                <span aria-hidden="true" className="text-slate-400">
                  →
                </span>
                <input
                  className={`${ITEM_INPUT} min-w-0 flex-1`}
                  value={row.answer}
                  maxLength={2000}
                  aria-label={fmt(m.editor.pairAnswer, { n: i + 1 })}
                  onChange={(e) => set({ pairs: q.pairs.map((p, j) => (j === i ? { ...p, answer: e.target.value } : p)) })}
                />
                <button
                  type="button"
                  className={REMOVE}
                  aria-label={fmt(m.editor.removeRow, { n: i + 1 })}
                  disabled={q.pairs.length <= 2}
                  onClick={() => set({ pairs: q.pairs.filter((_, j) => j !== i) })}
                >
                  ✕
                </button>
              </li>
            ))}
          </ol>
          {q.pairs.length < 12 && (
            <Button variant="secondary" onClick={() => set({ pairs: [...q.pairs, { id: newId(), item: "", answer: "" }] })}>
              {m.editor.addRow}
            </Button>
          )}
          {(err("answer") || err("options")) && (
            <p className="whitespace-pre-line text-sm text-red-700">{[err("answer"), err("options")].filter(Boolean).join("\n")}</p>
          )}
        </fieldset>
      )}

      {q.type === "ordering" && (
        <fieldset className="space-y-2">
          <legend className="mb-1 text-sm font-medium text-slate-700">{m.editor.orderItems}</legend>
          <p className="text-xs text-slate-500">{m.editor.orderItemsHint}</p>
          <ol className="space-y-2">
            {q.items.map((row, i) => (
              <li key={row.id} className="flex items-center gap-2">
                <span className="w-6 shrink-0 text-center font-semibold text-slate-500">{i + 1}</span>
                <input
                  className={`${ITEM_INPUT} min-w-0 flex-1`}
                  value={row.text}
                  maxLength={2000}
                  aria-label={fmt(m.editor.orderItem, { n: i + 1 })}
                  onChange={(e) => set({ items: q.items.map((p, j) => (j === i ? { ...p, text: e.target.value } : p)) })}
                />
                <button
                  type="button"
                  className={REMOVE}
                  aria-label={fmt(m.editor.removeRow, { n: i + 1 })}
                  disabled={q.items.length <= 2}
                  onClick={() => set({ items: q.items.filter((_, j) => j !== i) })}
                >
                  ✕
                </button>
              </li>
            ))}
          </ol>
          {q.items.length < 12 && (
            <Button variant="secondary" onClick={() => set({ items: [...q.items, { id: newId(), text: "" }] })}>
              {m.editor.addRow}
            </Button>
          )}
          <SelectField
            label={m.editor.scoring}
            name="orderingScoring"
            value={q.scoring === "partial" ? "all_or_nothing" : q.scoring}
            onChange={(e) => set({ scoring: e.target.value as QuestionPayload["scoring"] })}
            options={(["all_or_nothing", "absolute", "relative"] as const).map((v) => ({ value: v, label: m.scoring[v] }))}
          />
          {(err("answer") || err("options")) && (
            <p className="whitespace-pre-line text-sm text-red-700">{[err("answer"), err("options")].filter(Boolean).join("\n")}</p>
          )}
        </fieldset>
      )}

      {q.type === "group" && (
        <>
          <GroupParts parts={q.parts} onChange={(parts) => set({ parts })} newId={newId} m={m} />
          {(err("answer") || err("options") || err("type")) && (
            <p className="whitespace-pre-line text-sm text-red-700">{[err("type"), err("answer"), err("options")].filter(Boolean).join("\n")}</p>
          )}
        </>
      )}

      {q.type === "cloze" && err("answer") && <p className="whitespace-pre-line text-sm text-red-700">{err("answer")}</p>}

      {q.type === "essay" && (
        <TextAreaField
          label={m.editor.reference}
          name="reference"
          rows={4}
          value={q.reference}
          onChange={(e) => set({ reference: e.target.value })}
          error={err("answer")}
        />
      )}

      <MediaAttach text={q.explanation} onChange={(explanation) => set({ explanation })} m={m.editor}>
        <TextAreaField
          label={m.editor.explanation}
          name="explanation"
          rows={3}
          value={q.explanation}
          hint={m.editor.explanationHint}
          onChange={(e) => set({ explanation: e.target.value })}
          error={err("explanation")}
        />
      </MediaAttach>

      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <SelectField
          label={m.editor.difficulty}
          name="difficulty"
          value={q.difficulty}
          onChange={(e) => set({ difficulty: e.target.value })}
          options={(["1", "2", "3", "4", "5"] as const).map((d) => ({ value: d, label: m.difficulty.levels[d] }))}
          error={err("difficulty")}
        />
        {q.type === "group" ? (
          <p className="self-end pb-2 text-sm text-slate-600">{fmt(m.editor.groupPoints, { points: groupPoints(q.parts) })}</p>
        ) : (
          <TextField
            label={m.editor.points}
            name="points"
            inputMode="decimal"
            value={q.points}
            onChange={(e) => set({ points: e.target.value })}
            error={err("points")}
            autoComplete="off"
          />
        )}
        <div className="col-span-2">
          <TextField
            label={m.editor.category}
            name="category"
            list="editor-categories"
            value={q.category}
            hint={m.editor.categoryHint}
            onChange={(e) => set({ category: e.target.value })}
            error={err("category")}
            autoComplete="off"
          />
          <datalist id="editor-categories">
            {categories.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
        </div>
        <div className="col-span-2 lg:col-span-4">
          <TextField
            label={m.editor.tags}
            name="tags"
            value={q.tags}
            hint={m.editor.tagsHint}
            onChange={(e) => set({ tags: e.target.value })}
            error={err("tags")}
            autoComplete="off"
          />
        </div>
      </div>

      {editing && <p className="text-sm text-slate-600">{m.editor.versionNote}</p>}
      <PendingButton pending={pending} label={editing ? m.editor.save : m.editor.create} pendingLabel={m.editor.saving} />
    </form>
  );
}
