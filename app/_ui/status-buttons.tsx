import { ConfirmAction } from "./confirm";

type Status = "draft" | "published" | "archived";

/**
 * The publish / back-to-draft / archive buttons of a piece of content (a lesson, a course): each asks
 * first and says whom it reaches (publishing: who can then see it; withdrawing and archiving: who
 * is still learning it).
 */
export function ContentStatusButtons({
  action,
  id,
  status,
  labels,
  confirmTitle,
  impact,
  publishImpact,
  cancelLabel,
}: {
  action: (form: FormData) => void | Promise<void>;
  id: number;
  status: Status;
  labels: { publish: string; unpublish: string; archive: string };
  /** The dialog's title for the action named `label`. */
  confirmTitle: (label: string) => string;
  impact: string[];
  /** What publishing reaches. */
  publishImpact: string[];
  cancelLabel: string;
}) {
  const button = (to: Status, label: string, variant: "primary" | "secondary" = "secondary") => (
    <ConfirmAction
      action={action}
      fields={{ id, status: to }}
      trigger={label}
      triggerVariant={variant}
      variant={to === "published" ? "primary" : "danger"}
      title={confirmTitle(label)}
      impact={to === "published" ? publishImpact : impact}
      confirmLabel={label}
      cancelLabel={cancelLabel}
    />
  );
  return (
    <>
      {status !== "published" && button("published", labels.publish, "primary")}
      {status === "published" && button("draft", labels.unpublish)}
      {status !== "archived" && button("archived", labels.archive)}
    </>
  );
}
