import { buttonClass } from "@/app/_ui/button";

/** A submit button for forms sent with useFormAction (useFormStatus does not see those). */
export function PendingButton({
  pending,
  label,
  pendingLabel,
  variant = "primary",
  name,
  value,
  disabled,
}: {
  pending: boolean;
  label: string;
  pendingLabel: string;
  variant?: "primary" | "secondary" | "danger";
  name?: string;
  value?: string;
  disabled?: boolean;
}) {
  return (
    <button type="submit" name={name} value={value} disabled={pending || disabled} aria-busy={pending} className={buttonClass(variant)}>
      {pending ? pendingLabel : label}
    </button>
  );
}
