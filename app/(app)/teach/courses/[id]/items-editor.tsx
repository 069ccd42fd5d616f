"use client";

import { useState } from "react";
import { buttonClass } from "@/app/_ui/button";
import { controlClass } from "@/app/_ui/field";

type Kind = "lesson" | "quiz" | "class";
interface Item {
  kind: Kind;
  refId: number;
  required: boolean;
  title: string;
}
type Options = Record<Kind, { id: number; title: string }[]>;
type Labels = Record<"kind" | "ref" | "required" | "add" | "up" | "down" | "remove" | "none" | "save" | Kind, string>;

/** The ordered items of a course; sent as JSON to the save action. */
export function ItemsEditor({
  courseId,
  initial,
  options,
  labels,
  action,
}: {
  courseId: number;
  initial: Item[];
  options: Options;
  labels: Labels;
  action: (f: FormData) => Promise<void>;
}) {
  const [items, setItems] = useState(initial);
  const [kind, setKind] = useState<Kind>("lesson");
  const [ref, setRef] = useState<number>(options.lesson[0]?.id ?? 0);
  const move = (i: number, d: number) =>
    setItems((xs) => {
      const j = i + d;
      const a = xs[i];
      const b = xs[j];
      if (j < 0 || a === undefined || b === undefined) return xs;
      const copy = [...xs];
      copy[i] = b;
      copy[j] = a;
      return copy;
    });
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="id" value={courseId} />
      <input type="hidden" name="items" value={JSON.stringify(items.map(({ kind, refId, required }) => ({ kind, refId, required })))} />
      {items.length === 0 && <p className="text-sm text-slate-500">{labels.none}</p>}
      <ol className="divide-y divide-slate-100">
        {items.map((it, i) => (
          <li key={`${it.kind}-${it.refId}`} className="flex flex-wrap items-center gap-2 py-2">
            <span className="w-6 text-sm tabular-nums text-slate-500">{i + 1}</span>
            <span className="rounded bg-slate-100 px-2 py-0.5 text-xs">{labels[it.kind]}</span>
            <span className="min-w-0 flex-1 break-words text-sm">{it.title}</span>
            <label className="flex items-center gap-1 text-sm">
              <input
                type="checkbox"
                checked={it.required}
                onChange={(e) => setItems((xs) => xs.map((x, k) => (k === i ? { ...x, required: e.target.checked } : x)))}
              />
              {labels.required}
            </label>
            <button type="button" className={buttonClass("secondary", "px-2")} onClick={() => move(i, -1)} aria-label={`${labels.up} ${it.title}`}>
              ↑
            </button>
            <button type="button" className={buttonClass("secondary", "px-2")} onClick={() => move(i, 1)} aria-label={`${labels.down} ${it.title}`}>
              ↓
            </button>
            <button
              type="button"
              className={buttonClass("secondary", "px-2")}
              onClick={() => setItems((xs) => xs.filter((_, k) => k !== i))}
              aria-label={`${labels.remove} ${it.title}`}
            >
              ✕
            </button>
          </li>
        ))}
      </ol>
      <div className="flex flex-wrap items-end gap-2">
        <label className="block">
          <span className="mb-1 block text-sm text-slate-700">{labels.kind}</span>
          <select
            className={controlClass}
            value={kind}
            onChange={(e) => {
              const k = e.target.value as Kind;
              setKind(k);
              setRef(options[k][0]?.id ?? 0);
            }}
          >
            {(["lesson", "quiz", "class"] as const).map((k) => (
              <option key={k} value={k}>
                {labels[k]}
              </option>
            ))}
          </select>
        </label>
        <label className="block min-w-0 flex-1">
          <span className="mb-1 block text-sm text-slate-700">{labels.ref}</span>
          <select className={controlClass} value={ref} onChange={(e) => setRef(Number(e.target.value))}>
            {options[kind].map((o) => (
              <option key={o.id} value={o.id}>
                {o.title}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className={buttonClass("secondary")}
          disabled={!ref || items.some((x) => x.kind === kind && x.refId === ref)}
          onClick={() => {
            const o = options[kind].find((x) => x.id === ref);
            if (o) setItems((xs) => [...xs, { kind, refId: o.id, required: true, title: o.title }]);
          }}
        >
          {labels.add}
        </button>
      </div>
      <button type="submit" className={buttonClass("primary")}>
        {labels.save}
      </button>
    </form>
  );
}
