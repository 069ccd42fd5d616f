"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import type { Messages } from "@/lib/i18n";
import type { SlotView } from "@/lib/quiz/admin/slots";
import type { QuestionType } from "@/lib/quiz/types";
import { Button, buttonClass } from "@/app/_ui/button";
import { Alert, Badge, EmptyState } from "@/app/_ui/feedback";
import { controlClass } from "@/app/_ui/field";
import { PendingButton } from "../../../_components/pending-button";
import { useFormAction } from "../../../_components/use-form-action";
import type { ActionState } from "@/app/_lib/action";
import { saveSlotsAction, searchBankAction, type PickRow } from "./actions";
import { withoutMedia } from "@/lib/quiz/media-refs";

type M = Messages["quizAdmin"];
const fmt = (s: string, p: Record<string, string | number>) => s.replace(/\{(\w+)\}/g, (m, k: string) => (k in p ? String(p[k]) : m));

export interface CategoryChoice {
  id: number;
  label: string;
  depth: number;
  total: number;
  byDifficulty: number[];
}

type Slot =
  | { key: string; kind: "fixed"; questionId: number; points: string; info: { stem: string; type: QuestionType; points: number; archived: boolean } | null }
  | { key: string; kind: "random"; categoryId: string; difficulty: string; count: string; points: string };

let counter = 0;
const nextKey = () => `s${++counter}`;

function fromView(s: SlotView): Slot {
  const points = s.points === null ? "" : String(s.points);
  if (s.kind === "fixed")
    return {
      key: nextKey(),
      kind: "fixed",
      questionId: s.questionId,
      points,
      info: s.question ? { stem: s.question.stem, type: s.question.type, points: s.question.points, archived: s.question.archived } : null,
    };
  return {
    key: nextKey(),
    kind: "random",
    categoryId: String(s.categoryId),
    difficulty: s.difficulty ? String(s.difficulty) : "",
    count: String(s.count),
    points,
  };
}

function available(cats: CategoryChoice[], s: Extract<Slot, { kind: "random" }>): number {
  const c = cats.find((x) => String(x.id) === s.categoryId);
  if (!c) return 0;
  return s.difficulty ? (c.byDifficulty[Number(s.difficulty) - 1] ?? 0) : c.total;
}

const pointsOk = (v: string) => v.trim() === "" || (/^\d{1,4}(\.\d{1,2})?$/.test(v.trim()) && Number(v) > 0 && Number(v) <= 1000);
const countOk = (v: string) => /^\d{1,3}$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= 200;

/** The slots as `setSlots` takes them; blanks in number fields become null (the default). */
function toInput(slots: Slot[]) {
  const num = (v: string) => (v.trim() === "" ? null : Number(v));
  return slots.map((s) =>
    s.kind === "fixed"
      ? { kind: "fixed" as const, questionId: s.questionId, points: num(s.points) }
      : { kind: "random" as const, categoryId: Number(s.categoryId), difficulty: num(s.difficulty), count: Number(s.count), points: num(s.points) },
  );
}

/**
 * Fixed questions picked from the bank and random draws (category, difficulty, count), in
 * order, with optional points per question. Saved as a whole; the server refuses a draw that
 * asks for more than its category holds, and this shows it early.
 */
export function SlotsEditor({ quizId, initial, categories, m }: { quizId: number; initial: SlotView[]; categories: CategoryChoice[]; m: M }) {
  const router = useRouter();
  const { state, pending, onSubmit } = useFormAction<ActionState>(saveSlotsAction, { status: "idle" });
  const [slots, setSlots] = useState<Slot[]>(() => initial.map(fromView));
  const [dirty, setDirty] = useState(false);
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<PickRow[] | null>(null);
  const [searching, startSearch] = useTransition();

  useEffect(() => {
    if (state.status === "ok") {
      setDirty(false);
      router.refresh();
    }
  }, [state, router]);

  const update = (next: Slot[]) => {
    setSlots(next);
    setDirty(true);
  };
  const patch = (i: number, p: Partial<Slot>) => update(slots.map((s, j) => (j === i ? ({ ...s, ...p } as Slot) : s)));
  const move = (i: number, d: -1 | 1) => {
    const a = slots[i];
    const b = slots[i + d];
    if (a === undefined || b === undefined) return;
    const next = [...slots];
    next[i] = b;
    next[i + d] = a;
    update(next);
  };
  const search = () => startSearch(async () => setFound(await searchBankAction({ q: query.trim() || undefined })));
  const fixedIds = new Set(slots.filter((s) => s.kind === "fixed").map((s) => (s as Extract<Slot, { kind: "fixed" }>).questionId));

  let questions = 0;
  let points = 0;
  let varies = false;
  for (const s of slots) {
    if (s.kind === "fixed") {
      questions += 1;
      points += s.points.trim() ? Number(s.points) || 0 : (s.info?.points ?? 0);
    } else {
      const n = Number(s.count) || 0;
      questions += n;
      if (s.points.trim()) points += (Number(s.points) || 0) * n;
      else varies = true;
    }
  }

  const invalid = slots.some((s) => !pointsOk(s.points) || (s.kind === "random" && (!countOk(s.count) || s.categoryId === "")));
  const small = "min-h-9 min-w-9 rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-700 hover:bg-slate-100 disabled:opacity-30";

  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} className="space-y-4">
        <input type="hidden" name="quizId" value={quizId} />
        <input type="hidden" name="slots" value={JSON.stringify(toInput(slots))} />
        {slots.length === 0 ? (
          <EmptyState title={m.slots.empty} />
        ) : (
          <ol className="space-y-3">
            {slots.map((s, i) => {
              const avail = s.kind === "random" ? available(categories, s) : 0;
              const short = s.kind === "random" && Number(s.count) > avail;
              return (
                <li key={s.key} className={`rounded-lg border bg-white p-3 ${short ? "border-red-300" : "border-slate-200"}`}>
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <p className="text-sm font-medium text-slate-700">
                      {fmt(m.slots.slotN, { n: i + 1 })} · {s.kind === "fixed" ? m.slots.fixed : m.slots.random}
                    </p>
                    <div className="flex gap-1">
                      <button type="button" className={small} onClick={() => move(i, -1)} disabled={i === 0} aria-label={m.slots.moveUp} title={m.slots.moveUp}>
                        ↑
                      </button>
                      <button
                        type="button"
                        className={small}
                        onClick={() => move(i, 1)}
                        disabled={i === slots.length - 1}
                        aria-label={m.slots.moveDown}
                        title={m.slots.moveDown}
                      >
                        ↓
                      </button>
                      <button type="button" className={`${small} hover:bg-red-50 hover:text-red-700`} onClick={() => update(slots.filter((_, j) => j !== i))}>
                        {m.slots.remove}
                      </button>
                    </div>
                  </div>
                  {s.kind === "fixed" ? (
                    <div className="mt-2 grid gap-3 sm:grid-cols-[1fr_10rem]">
                      <div className="min-w-0 text-sm">
                        <p className="break-words text-slate-900">
                          <span className="mr-1 font-mono text-xs text-slate-500">#{s.questionId}</span>
                          {s.info ? s.info.stem : m.slots.missingQuestion}
                        </p>
                        {s.info && (
                          <p className="mt-1 flex flex-wrap gap-1">
                            <Badge tone="brand">{m.types[s.info.type]}</Badge>
                            <Badge>{fmt(m.points, { points: s.info.points })}</Badge>
                            {s.info.archived && <Badge tone="warning">{m.slots.archivedQuestion}</Badge>}
                          </p>
                        )}
                      </div>
                      <label className="block text-sm">
                        <span className="mb-1 block font-medium text-slate-700">{m.slots.points}</span>
                        <input
                          className={controlClass}
                          inputMode="decimal"
                          value={s.points}
                          placeholder={m.slots.pointsDefault}
                          aria-invalid={!pointsOk(s.points) || undefined}
                          onChange={(e) => patch(i, { points: e.target.value })}
                        />
                      </label>
                      {!pointsOk(s.points) && <p className="text-sm text-red-700 sm:col-span-2">{m.slots.badPoints}</p>}
                    </div>
                  ) : (
                    <div className="mt-2 grid grid-cols-2 gap-3 sm:grid-cols-4">
                      <label className="col-span-2 block text-sm">
                        <span className="mb-1 block font-medium text-slate-700">{m.slots.category}</span>
                        <select className={controlClass} value={s.categoryId} onChange={(e) => patch(i, { categoryId: e.target.value })}>
                          {s.categoryId === "" && <option value="">{m.slots.chooseCategory}</option>}
                          {categories.map((c) => (
                            <option key={c.id} value={c.id}>
                              {"\u00A0\u00A0".repeat(c.depth)}
                              {c.label} ({c.total})
                            </option>
                          ))}
                        </select>
                      </label>
                      <label className="block text-sm">
                        <span className="mb-1 block font-medium text-slate-700">{m.difficulty.label}</span>
                        <select className={controlClass} value={s.difficulty} onChange={(e) => patch(i, { difficulty: e.target.value })}>
                          <option value="">{m.difficulty.any}</option>
                          {(["1", "2", "3", "4", "5"] as const).map((d) => (
                            <option key={d} value={d}>
                              {m.difficulty.levels[d]}
                            </option>
                          ))}
                        </select>
                      </label>
                      <label className="block text-sm">
                        <span className="mb-1 block font-medium text-slate-700">{m.slots.count}</span>
                        <input
                          className={controlClass}
                          inputMode="numeric"
                          value={s.count}
                          aria-invalid={short || !countOk(s.count) || undefined}
                          onChange={(e) => patch(i, { count: e.target.value })}
                        />
                      </label>
                      <label className="col-span-2 block text-sm sm:col-span-2">
                        <span className="mb-1 block font-medium text-slate-700">{m.slots.points}</span>
                        <input
                          className={controlClass}
                          inputMode="decimal"
                          value={s.points}
                          placeholder={m.slots.pointsDefault}
                          aria-invalid={!pointsOk(s.points) || undefined}
                          onChange={(e) => patch(i, { points: e.target.value })}
                        />
                      </label>
                      <p className={`col-span-2 self-end text-sm ${short ? "text-red-700" : "text-slate-600"}`} role={short ? "alert" : undefined}>
                        {short ? fmt(m.slots.notEnough, { available: avail, needed: s.count }) : fmt(m.slots.available, { count: avail })}
                      </p>
                      {(!countOk(s.count) || !pointsOk(s.points)) && (
                        <p className="col-span-2 text-sm text-red-700 sm:col-span-4">
                          {[!countOk(s.count) && m.slots.badCount, !pointsOk(s.points) && m.slots.badPoints].filter(Boolean).join(" ")}
                        </p>
                      )}
                    </div>
                  )}
                </li>
              );
            })}
          </ol>
        )}
        {slots.length > 0 && (
          <p className="text-sm text-slate-700">
            {varies ? fmt(m.slots.totalVaries, { questions }) : fmt(m.slots.total, { questions, points: Math.round(points * 100) / 100 })}
          </p>
        )}
        {state.status === "error" && <Alert tone="error">{state.message}</Alert>}
        {state.status === "ok" && !dirty && <Alert tone="success">{state.message}</Alert>}
        <div className="flex flex-wrap items-center gap-3">
          <PendingButton pending={pending} disabled={invalid} label={m.slots.save} pendingLabel={m.slots.saving} />
          <Button
            variant="secondary"
            onClick={() =>
              update([
                ...slots,
                { key: nextKey(), kind: "random", categoryId: categories[0] ? String(categories[0].id) : "", difficulty: "", count: "1", points: "" },
              ])
            }
            disabled={categories.length === 0}
          >
            {m.slots.addRandom}
          </Button>
          {dirty && <span className="text-sm text-amber-800">{m.slots.unsaved}</span>}
        </div>
      </form>

      <section className="rounded-lg border border-slate-200 bg-slate-50 p-3" aria-label={m.slots.addFixed}>
        <h3 className="mb-2 text-sm font-semibold text-slate-900">{m.slots.addFixed}</h3>
        <search>
          <form
            className="flex gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              search();
            }}
          >
            <input
              className={controlClass}
              type="search"
              value={query}
              placeholder={m.slots.searchPlaceholder}
              aria-label={m.slots.searchBank}
              onChange={(e) => setQuery(e.target.value)}
            />
            <button type="submit" className={buttonClass("secondary", "shrink-0")} disabled={searching} aria-busy={searching}>
              {m.slots.searchButton}
            </button>
          </form>
        </search>
        {found && found.length === 0 && <p className="mt-2 text-sm text-slate-600">{m.slots.noMatches}</p>}
        {found && found.length > 0 && (
          <ul className="mt-2 divide-y divide-slate-200 rounded-md border border-slate-200 bg-white">
            {found.map((r) => {
              const added = fixedIds.has(r.id);
              return (
                <li key={r.id} className="flex items-start gap-2 px-3 py-2 text-sm">
                  <div className="min-w-0 flex-1">
                    <p className="break-words text-slate-900">
                      <span className="mr-1 font-mono text-xs text-slate-500">#{r.id}</span>
                      {withoutMedia(r.stem).length > 120 ? `${withoutMedia(r.stem).slice(0, 119)}…` : withoutMedia(r.stem)}
                    </p>
                    <p className="mt-0.5 flex flex-wrap gap-1 text-xs text-slate-500">
                      <Badge tone="brand">{m.types[r.type]}</Badge>
                      <Badge>{fmt(m.points, { points: r.points })}</Badge>
                      <span>{r.categoryPath}</span>
                    </p>
                  </div>
                  <button
                    type="button"
                    className={buttonClass(added ? "ghost" : "secondary", "min-h-9 shrink-0 px-3")}
                    disabled={added}
                    onClick={() =>
                      update([
                        ...slots,
                        {
                          key: nextKey(),
                          kind: "fixed",
                          questionId: r.id,
                          points: "",
                          info: { stem: r.stem, type: r.type, points: r.points, archived: false },
                        },
                      ])
                    }
                  >
                    {added ? m.slots.added : m.slots.add}
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
}
