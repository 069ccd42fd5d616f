"use client";

import { gapHolding, placeBox } from "@/lib/quiz/drag";
import { BLANK_MARK, multiGapIds, multiGapValue, type PublicQuestion } from "@/lib/quiz/types";
import type { Messages } from "@/lib/i18n";
import { useFormat } from "@/app/_ui/locale";
import { RichText } from "@/app/_ui/rich-text";

type M = Messages["quizTake"]["attempt"];
type R = Record<string, unknown> | null;

const choice =
  "flex min-h-12 cursor-pointer items-start gap-3 rounded-lg border border-slate-200 bg-white px-3 py-3 text-base has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50";
const field =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30";

/** The input for one question, by its type; reports each change as a whole response. */
export function QuestionInput({
  q,
  position,
  value,
  onChange,
  m,
}: {
  q: PublicQuestion;
  position: number | string;
  value: R;
  onChange: (r: unknown) => void;
  m: M;
}) {
  const format = useFormat();
  const name = `q${position}`;
  switch (q.type) {
    case "single":
      return (
        <fieldset className="space-y-2">
          <legend className="sr-only">{m.chooseOne}</legend>
          {q.options.map((o) => (
            <label key={o.id} className={choice}>
              <input
                type="radio"
                name={name}
                className="mt-1 size-5 shrink-0 accent-brand-600"
                checked={value?.optionId === o.id}
                onChange={() => onChange({ type: "single", optionId: o.id })}
              />
              <span>
                <span className="font-semibold">{o.label}.</span> <RichText className="whitespace-pre-wrap" text={o.text} alt={m.picture} enlarge={false} />
              </span>
            </label>
          ))}
        </fieldset>
      );
    case "multiple": {
      const picked = new Set((value?.optionIds as string[] | undefined) ?? []);
      return (
        <fieldset className="space-y-2">
          <legend className="mb-1 text-sm text-slate-500">{m.chooseMany}</legend>
          {q.options.map((o) => (
            <label key={o.id} className={choice}>
              <input
                type="checkbox"
                className="mt-1 size-5 shrink-0 accent-brand-600"
                checked={picked.has(o.id)}
                onChange={(e) => {
                  const next = new Set(picked);
                  if (e.currentTarget.checked) next.add(o.id);
                  else next.delete(o.id);
                  onChange({ type: "multiple", optionIds: q.options.map((x) => x.id).filter((id) => next.has(id)) });
                }}
              />
              <span>
                <span className="font-semibold">{o.label}.</span> <RichText className="whitespace-pre-wrap" text={o.text} alt={m.picture} enlarge={false} />
              </span>
            </label>
          ))}
        </fieldset>
      );
    }
    case "truefalse":
      return (
        <fieldset className="grid grid-cols-2 gap-3">
          <legend className="sr-only">{m.chooseOne}</legend>
          {[true, false].map((v) => (
            <label key={String(v)} className={`${choice} justify-center`}>
              <input
                type="radio"
                name={name}
                className="size-5 accent-brand-600"
                checked={value?.value === v}
                onChange={() => onChange({ type: "truefalse", value: v })}
              />
              <span className="font-medium">{v ? m.true : m.false}</span>
            </label>
          ))}
        </fieldset>
      );
    case "fill": {
      const blanks = (value?.blanks as string[] | undefined) ?? Array.from({ length: q.blanks }, () => "");
      return (
        <div className="space-y-3">
          {/* Blank n is the nth gap in the stem: its place is what it is. */}
          {[...blanks.entries()].map(([i, b]) => (
            <label key={i} className="block">
              <span className="mb-1 block text-sm text-slate-600">{format(m.blank, { n: i + 1 })}</span>
              <input
                type="text"
                className={field}
                value={b}
                maxLength={200}
                autoComplete="off"
                onChange={(e) => {
                  const next = [...blanks];
                  next[i] = e.currentTarget.value;
                  onChange({ type: "fill", blanks: next });
                }}
              />
            </label>
          ))}
        </div>
      );
    }
    case "numeric":
      return (
        <label className="flex items-center gap-2">
          <span className="sr-only">{m.numericHint}</span>
          <input
            type="text"
            inputMode="decimal"
            className={`${field} max-w-48`}
            value={(value?.value as string | undefined) ?? ""}
            placeholder={m.numericHint}
            maxLength={64}
            autoComplete="off"
            onChange={(e) => onChange({ type: "numeric", value: e.currentTarget.value })}
          />
          {q.unit && <span className="text-base text-slate-700">{q.unit}</span>}
        </label>
      );
    case "matching": {
      const pairs = (value?.pairs as Record<string, string> | undefined) ?? {};
      return (
        <fieldset className="space-y-3">
          <legend className="mb-1 text-sm text-slate-500">{m.matchHint}</legend>
          {q.items.map((item) => (
            <label key={item.id} className="block rounded-lg border border-slate-200 bg-white p-3">
              <span className="mb-2 block whitespace-pre-wrap text-base text-slate-900">{item.text}</span>
              <select
                className={field}
                aria-label={item.text}
                value={pairs[item.id] ?? ""}
                onChange={(e) => {
                  const next = { ...pairs };
                  if (e.currentTarget.value === "") delete next[item.id];
                  else next[item.id] = e.currentTarget.value;
                  onChange({ type: "matching", pairs: next });
                }}
              >
                <option value="">{m.matchPick}</option>
                {q.choices.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.text}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </fieldset>
      );
    }
    case "ordering": {
      const saved = value?.order as string[] | undefined;
      const order = saved ?? q.items.map((o) => o.id);
      const move = (i: number, d: -1 | 1) => {
        const next = [...order];
        const j = i + d;
        if (j < 0 || j >= next.length) return;
        [next[i], next[j]] = [next[j]!, next[i]!];
        onChange({ type: "ordering", order: next });
      };
      return (
        <div className="space-y-2">
          <p className="text-sm text-slate-500">{m.orderHint}</p>
          <ol className="space-y-2">
            {order.map((id, i) => (
              <li key={id} className="flex items-center gap-2 rounded-lg border border-slate-200 bg-white p-2">
                <span className="w-6 shrink-0 text-center font-semibold text-slate-500">{i + 1}</span>
                <span className="min-w-0 flex-1 whitespace-pre-wrap break-words text-base">{q.items.find((o) => o.id === id)?.text}</span>
                <button
                  type="button"
                  className="min-h-11 min-w-11 rounded border border-slate-300 text-sm disabled:opacity-30"
                  disabled={i === 0}
                  onClick={() => move(i, -1)}
                  aria-label={`${m.moveUp} ${i + 1}`}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="min-h-11 min-w-11 rounded border border-slate-300 text-sm disabled:opacity-30"
                  disabled={i === order.length - 1}
                  onClick={() => move(i, 1)}
                  aria-label={`${m.moveDown} ${i + 1}`}
                >
                  ↓
                </button>
              </li>
            ))}
          </ol>
          {!saved && (
            <button type="button" className="min-h-11 rounded border border-slate-300 px-3 text-sm" onClick={() => onChange({ type: "ordering", order })}>
              {m.keepOrder}
            </button>
          )}
        </div>
      );
    }
    case "cloze": {
      const gaps = (value?.gaps as string[] | undefined) ?? q.gaps.map(() => "");
      const set = (i: number, v: string) => {
        const next = [...gaps];
        next[i] = v;
        onChange({ type: "cloze", gaps: next });
      };
      const parts = q.stem.split(BLANK_MARK);
      const input = (i: number) => {
        const gap = q.gaps[i];
        if (!gap) return null;
        const label = format(m.blank, { n: i + 1 });
        if (gap.kind === "multi") {
          const ticked = multiGapIds(gaps[i]);
          const toggle = (id: string, on: boolean) => set(i, multiGapValue(gap.options.map((o) => o.id).filter((o) => (o === id ? on : ticked.includes(o)))));
          return (
            <fieldset key={`g${i}`} className="mx-1 my-1 inline-flex max-w-full flex-wrap gap-1 align-middle">
              <legend className="sr-only">{label}</legend>
              {gap.options.map((o) => (
                <label
                  key={o.id}
                  className="inline-flex min-h-10 cursor-pointer items-center gap-1.5 rounded-md border border-slate-300 bg-white px-2 text-base has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50"
                >
                  <input type="checkbox" className="size-4" checked={ticked.includes(o.id)} onChange={(e) => toggle(o.id, e.currentTarget.checked)} />
                  {o.text}
                </label>
              ))}
            </fieldset>
          );
        }
        if (gap.kind === "choice") {
          const drag = q.drag;
          // A drag box (Moodle ddwtos) says where it is: a finite one chosen here leaves that gap.
          const boxLabel = (id: string, text: string) => {
            if (!drag) return text;
            if (drag.infinite.includes(id)) return format(m.boxReusable, { text });
            const at = gapHolding(gaps, id, i);
            return at === -1 ? text : format(m.boxPlaced, { text, n: at + 1 });
          };
          return (
            <select
              key={`g${i}`}
              aria-label={label}
              className="mx-1 my-1 inline-block max-w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-base"
              value={gaps[i] ?? ""}
              onChange={(e) => (drag ? onChange({ type: "cloze", gaps: placeBox(gaps, drag, i, e.currentTarget.value) }) : set(i, e.currentTarget.value))}
            >
              <option value="">{m.gapPick}</option>
              {gap.options.map((o) => (
                <option key={o.id} value={o.id}>
                  {boxLabel(o.id, o.text)}
                </option>
              ))}
            </select>
          );
        }
        return (
          <input
            key={`g${i}`}
            type="text"
            aria-label={label}
            inputMode={gap.kind === "numeric" ? "decimal" : undefined}
            className="mx-1 my-1 inline-block w-28 rounded-md border border-slate-300 bg-white px-2 py-1 text-base"
            value={gaps[i] ?? ""}
            maxLength={200}
            autoComplete="off"
            onChange={(e) => set(i, e.currentTarget.value)}
          />
        );
      };
      return (
        <div className="space-y-2">
          {q.drag && <p className="text-sm text-slate-600">{m.dragHint}</p>}
          <div className="whitespace-pre-wrap text-base leading-loose text-slate-900">
            {[...parts.entries()].map(([i, part]) => (
              // The stem's pieces between gaps keep their place: the index is what they are.
              <span key={`p${i}`}>
                {part}
                {i < parts.length - 1 && input(i)}
              </span>
            ))}
          </div>
          {q.gaps.length > parts.length - 1 && (
            <div className="flex flex-wrap gap-1">{q.gaps.slice(parts.length - 1).map((_, k) => input(parts.length - 1 + k))}</div>
          )}
        </div>
      );
    }
    case "group": {
      // 案例分析: the material is the stem above; each part numbered (1), (2)… with its own type's input.
      const parts = ((value?.parts as Record<string, unknown> | undefined) ?? {}) as Record<string, R>;
      return (
        <ol className="space-y-5">
          {q.parts.map((part, i) => (
            <li key={part.id} className="space-y-2 border-t border-slate-200 pt-3" aria-labelledby={`part-${position}-${i}`}>
              <p id={`part-${position}-${i}`} className="text-base">
                <span className="font-semibold">({i + 1})</span> <RichText className="whitespace-pre-wrap" text={part.stem} alt={m.picture} />{" "}
                <span className="text-sm text-slate-500">{format(m.points, { points: part.points })}</span>
              </p>
              <QuestionInput
                q={part}
                position={`${position}-${i}`}
                value={parts[part.id] ?? null}
                onChange={(r) => onChange({ type: "group", parts: { ...parts, [part.id]: r } })}
                m={m}
              />
            </li>
          ))}
        </ol>
      );
    }
    case "essay":
      return (
        <label className="block">
          <span className="sr-only">{m.essayHint}</span>
          <textarea
            className={`${field} min-h-40`}
            value={(value?.text as string | undefined) ?? ""}
            placeholder={m.essayHint}
            maxLength={10000}
            onChange={(e) => onChange({ type: "essay", text: e.currentTarget.value })}
          />
        </label>
      );
  }
}
