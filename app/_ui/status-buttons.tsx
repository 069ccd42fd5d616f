import { buttonClass } from "./button";
import { ConfirmAction } from "./confirm";

type Status = "draft" | "published" | "archived";

/**
 * The publish / back-to-draft / archive buttons of a piece of content (a lesson, a course): publishing
 * is one click (it can be undone), withdrawing and archiving ask first and say whom they reach.
 */
export function ContentStatusButtons({
  action,
  id,
  status,
  labels,
  confirmTitle,
  impact,
  cancelLabel,
}: {
  action: (form: FormData) => void | Promise<void>;
  id: number;
  status: Status;
  labels: { publish: string; unpublish: string; archive: string };
  /** The dialog's title for the action named `label`. */
  confirmTitle: (label: string) => string;
  impact: string[];
  cancelLabel: string;
}) {
  const button = (to: Status, label: string, variant: "primary" | "secondary" = "secondary") =>
    to === "published" ? (
      <form action={action}>
        <input type="hidden" name="id" value={id} />
        <input type="hidden" name="status" value={to} />
        <button type="submit" className={buttonClass(variant)}>
          {label}
        </button>
      </form>
    ) : (
      <ConfirmAction
        action={action}
        fields={{ id, status: to }}
        trigger={label}
        triggerVariant={variant}
        title={confirmTitle(label)}
        impact={impact}
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
