import type { Translate } from "@/lib/i18n";
import type { CompletionReport } from "@/lib/video";
import { EmptyState } from "@/app/_ui/feedback";
import { Card } from "@/app/_ui/layout";

/** Completion per unit and the list of members who have not started: for a lesson or a course. */
export function ReportView({ t, report }: { t: Translate; report: CompletionReport }) {
  if (report.totals.members === 0) return <EmptyState title={t("video.report.nobody")} />;
  const rate = (done: number, of: number) => (of ? `${Math.round((done / of) * 100)}%` : "–");
  return (
    <div className="space-y-4">
      <Card title={t("video.report.title")}>
        <div className="overflow-x-auto">
          <table className="w-full min-w-0 text-sm">
            <thead>
              <tr className="border-b border-slate-200 text-left text-slate-600">
                <th className="py-2 pr-2 font-medium">{t("video.report.unit")}</th>
                <th className="px-1 py-2 text-right font-medium">{t("video.report.members")}</th>
                <th className="px-1 py-2 text-right font-medium">{t("video.report.started")}</th>
                <th className="px-1 py-2 text-right font-medium">{t("video.report.completed")}</th>
                <th className="py-2 pl-1 text-right font-medium">{t("video.report.rate")}</th>
              </tr>
            </thead>
            <tbody>
              {report.units.map((u) => (
                <tr key={u.unitId} className="border-b border-slate-100">
                  <td className="break-words py-2 pr-2">{u.unitName}</td>
                  <td className="px-1 py-2 text-right tabular-nums">{u.members}</td>
                  <td className="px-1 py-2 text-right tabular-nums">{u.started}</td>
                  <td className="px-1 py-2 text-right tabular-nums">{u.completed}</td>
                  <td className="py-2 pl-1 text-right tabular-nums">{rate(u.completed, u.members)}</td>
                </tr>
              ))}
              <tr className="font-semibold">
                <td className="py-2 pr-2">{t("video.report.total")}</td>
                <td className="px-1 py-2 text-right tabular-nums">{report.totals.members}</td>
                <td className="px-1 py-2 text-right tabular-nums">{report.totals.started}</td>
                <td className="px-1 py-2 text-right tabular-nums">{report.totals.completed}</td>
                <td className="py-2 pl-1 text-right tabular-nums">{rate(report.totals.completed, report.totals.members)}</td>
              </tr>
            </tbody>
          </table>
        </div>
      </Card>
      <Card title={`${t("video.report.notStarted")} (${report.notStarted.length})`}>
        {report.notStarted.length === 0 ? (
          <p className="text-sm text-slate-500">{t("video.report.allStarted")}</p>
        ) : (
          <ul className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-2" data-testid="not-started">
            {report.notStarted.map((m) => (
              <li key={m.memberId} className="flex flex-wrap gap-x-2">
                <span className="tabular-nums text-slate-500">{m.employeeNo}</span>
                <span>{m.name}</span>
                <span className="text-slate-500">{m.unitName}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
