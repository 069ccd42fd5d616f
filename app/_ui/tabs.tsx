import Link from "next/link";

export interface TabItem {
  key: string;
  href: string;
  label: string;
  /** A count shown next to the label, e.g. answers waiting. */
  badge?: number;
}

/** Links styled as tabs; on a phone the row scrolls sideways instead of wrapping. */
export function TabNav({ items, active, label }: { items: TabItem[]; active: string; label: string }) {
  return (
    <nav aria-label={label} className="-mx-3 mb-4 overflow-x-auto border-b border-slate-200 px-3 sm:mx-0 sm:px-0">
      <ul className="flex min-w-max gap-1">
        {items.map((it) => {
          const on = it.key === active;
          return (
            <li key={it.key}>
              <Link
                href={it.href}
                aria-current={on ? "page" : undefined}
                className={`-mb-px flex min-h-10 items-center gap-1.5 border-b-2 px-3 text-sm ${on ? "border-brand-600 font-semibold text-brand-800" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900"}`}
              >
                {it.label}
                {it.badge ? <span className="rounded-full bg-amber-100 px-1.5 text-xs font-medium text-amber-900">{it.badge}</span> : null}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
