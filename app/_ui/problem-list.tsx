/** What an all-or-nothing import refused: each problem with where it is (row, column) and why. */
export function ProblemList({ problems, label }: { problems: { where: string; message: string }[] | undefined; label?: string }) {
  if (!problems || problems.length === 0) return null;
  return (
    <ol className="max-h-[28rem] divide-y divide-red-100 overflow-auto rounded-lg border border-red-200 bg-white text-sm" aria-label={label}>
      {problems.map((p) => (
        <li key={`${p.where}\u0000${p.message}`} className="px-3 py-2 sm:flex sm:gap-4">
          <span className="block shrink-0 text-xs text-slate-600 sm:w-48 sm:text-sm">{p.where || "—"}</span>
          <span className="block text-slate-900">{p.message}</span>
        </li>
      ))}
    </ol>
  );
}
