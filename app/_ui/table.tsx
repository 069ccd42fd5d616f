import Link from "next/link";
import type { ReactNode } from "react";

export interface Column<T> {
  key: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** Hidden on phones; the first columns carry what matters there. */
  wide?: boolean;
}

/** A table on wide screens; on phones each row becomes a card listing its columns. */
export function DataTable<T>({ columns, rows, rowKey, caption }: { columns: Column<T>[]; rows: T[]; rowKey: (r: T) => string | number; caption?: string }) {
  return (
    <>
      <div className="hidden overflow-x-auto rounded-lg border border-slate-200 bg-white md:block">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          {caption && <caption className="sr-only">{caption}</caption>}
          <thead className="bg-slate-50">
            <tr>
              {columns.map((c) => (
                <th key={c.key} scope="col" className="whitespace-nowrap px-3 py-2 text-left font-medium text-slate-600">
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((r) => (
              <tr key={rowKey(r)} className="hover:bg-slate-50">
                {columns.map((c) => (
                  <td key={c.key} className="px-3 py-2 align-top text-slate-800">
                    {c.cell(r)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="space-y-2 md:hidden" aria-label={caption}>
        {rows.map((r) => (
          <li key={rowKey(r)} className="rounded-lg border border-slate-200 bg-white p-3">
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
              {columns
                .filter((c) => !c.wide)
                .map((c) => (
                  <div key={c.key} className="contents">
                    <dt className="text-slate-500">{c.header}</dt>
                    <dd className="min-w-0 break-words text-slate-900">{c.cell(r)}</dd>
                  </div>
                ))}
            </dl>
          </li>
        ))}
      </ul>
    </>
  );
}

export function Pagination({
  page,
  pages,
  hrefFor,
  label,
}: {
  page: number;
  pages: number;
  hrefFor: (p: number) => string;
  label: { prev: string; next: string; summary: string; nav: string };
}) {
  const link = "inline-flex min-h-10 items-center rounded-md border border-slate-300 bg-white px-3 text-sm";
  return (
    <nav className="mt-4 flex flex-wrap items-center justify-between gap-2" aria-label={label.nav}>
      <p className="text-sm text-slate-600">{label.summary}</p>
      <div className="flex gap-2">
        {page > 1 ? (
          <Link className={link} href={hrefFor(page - 1)} rel="prev">
            {label.prev}
          </Link>
        ) : (
          <span className={`${link} text-slate-400`} aria-disabled="true">
            {label.prev}
          </span>
        )}
        {page < pages ? (
          <Link className={link} href={hrefFor(page + 1)} rel="next">
            {label.next}
          </Link>
        ) : (
          <span className={`${link} text-slate-400`} aria-disabled="true">
            {label.next}
          </span>
        )}
      </div>
    </nav>
  );
}
