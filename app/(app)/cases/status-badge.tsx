import type { AssignmentStatus } from "@/lib/cases";
import type { Translate } from "@/lib/i18n";
import { Badge } from "@/app/_ui/feedback";

const TONE = { new: "brand", acknowledged: "neutral", completed: "success", overdue: "danger" } as const;

/** An assignment's status as a badge (未读 / 已知晓 / 已完成 / 已逾期). */
export function CaseStatusBadge({ status, t }: { status: AssignmentStatus; t: Translate }) {
  return (
    <span data-testid="case-status" data-status={status}>
      <Badge tone={TONE[status]}>{t(`cases.status.${status}`)}</Badge>
    </span>
  );
}
