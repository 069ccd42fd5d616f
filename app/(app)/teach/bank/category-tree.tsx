import Link from "next/link";
import type { CategoryNode } from "@/lib/quiz/admin";

/**
 * The bank's categories with question counts (subtree). On wide screens a side panel; on a
 * phone it folds into one line that opens the same list.
 */
export function CategoryTree({
  tree,
  current,
  hrefFor,
  labels,
}: {
  tree: CategoryNode[];
  current?: number;
  hrefFor: (id: number | undefined) => string;
  labels: { title: string; all: string; currentName: string };
}) {
  const total = tree.filter((c) => c.depth === 0).reduce((s, c) => s + c.total, 0);
  const item = (key: string, href: string, name: string, count: number, depth: number, on: boolean) => (
    <li key={key}>
      <Link
        href={href}
        aria-current={on ? "page" : undefined}
        className={`flex min-h-9 items-center justify-between gap-2 rounded-md pr-2 text-sm ${on ? "bg-brand-50 font-semibold text-brand-800" : "text-slate-700 hover:bg-slate-100"}`}
        style={{ paddingLeft: `${0.5 + depth * 0.9}rem` }}
      >
        <span className="min-w-0 truncate">{name}</span>
        <span className="shrink-0 text-xs text-slate-500">{count}</span>
      </Link>
    </li>
  );
  const list = (
    <ul className="space-y-0.5">
      {item("all", hrefFor(undefined), labels.all, total, 0, current === undefined)}
      {tree.map((c) => item(String(c.id), hrefFor(c.id), c.name, c.total, c.depth, c.id === current))}
    </ul>
  );
  return (
    <>
      <details className="rounded-lg border border-slate-200 bg-white lg:hidden">
        <summary className="flex min-h-11 cursor-pointer items-center justify-between gap-2 px-3 text-sm">
          <span className="font-medium text-slate-700">{labels.title}</span>
          <span className="min-w-0 truncate text-slate-600">{labels.currentName} ▾</span>
        </summary>
        <div className="max-h-80 overflow-y-auto border-t border-slate-100 p-2">{list}</div>
      </details>
      <nav aria-label={labels.title} className="hidden self-start rounded-lg border border-slate-200 bg-white p-2 lg:block">
        <h2 className="px-2 pb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{labels.title}</h2>
        {list}
      </nav>
    </>
  );
}
