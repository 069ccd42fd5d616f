"use client";

import { useId, useRef } from "react";
import { buttonClass } from "./button";
import { SubmitButton } from "./submit";

type Variant = "primary" | "secondary" | "danger";

/** The invoker-command attributes (HTML's `commandfor`/`command`), which React passes through as written. */
const invoke = (target: string, command: "show-modal" | "close") => ({ commandfor: target, command }) as Record<string, string>;
/** The browser runs invoker commands itself (Chromium 135+, Firefox 144+, Safari 26.2+). */
const COMMANDS = () => typeof HTMLButtonElement !== "undefined" && "command" in HTMLButtonElement.prototype;

/**
 * A button whose action needs a second look: it opens a native modal dialog (focus trapped, Escape
 * closes it) that says what the action affects, with a button pair — cancel (focused first) and the
 * action itself, which posts `fields` to the server `action`. Used for every publish, close, archive,
 * deactivate and remove that reaches other people.
 *
 * It works before the page is interactive: the buttons open and close the dialog with the
 * browser's own invoker commands (`commandfor`/`command`, no script needed), and the form posts
 * the server action as a plain form; the click handlers do the same where the browser lacks them.
 */
export function ConfirmAction({
  action,
  fields,
  trigger,
  title,
  impact,
  confirmLabel,
  cancelLabel,
  variant = "danger",
  triggerVariant,
  triggerClassName = "",
  children,
}: {
  action: (form: FormData) => void | Promise<void>;
  fields: Record<string, string | number>;
  trigger: string;
  title: string;
  /** What it affects, in the reader's language: one paragraph per line. */
  impact: string[];
  confirmLabel: string;
  cancelLabel: string;
  variant?: Variant;
  triggerVariant?: Variant | "ghost";
  triggerClassName?: string;
  /** Fields the confirmation asks for (a reason), inside its form. */
  children?: React.ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const dialogId = useId();
  const titleId = useId();
  const bodyId = useId();
  const close = () => {
    if (!COMMANDS()) ref.current?.close();
  };
  return (
    <>
      <button
        type="button"
        aria-haspopup="dialog"
        {...invoke(dialogId, "show-modal")}
        className={buttonClass(triggerVariant ?? (variant === "danger" ? "secondary" : variant), triggerClassName)}
        onClick={() => {
          // Where the browser runs the invoker command itself, opening here too would open it twice.
          if (!COMMANDS() && !ref.current?.open) ref.current?.showModal();
        }}
      >
        {trigger}
      </button>
      <dialog
        ref={ref}
        id={dialogId}
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40"
      >
        <form action={action} className="space-y-4 p-4">
          <h2 id={titleId} className="text-base font-semibold text-slate-900">
            {title}
          </h2>
          <div id={bodyId} className="space-y-2 text-sm text-slate-700" data-testid="confirm-impact">
            {impact.map((line) => (
              <p key={line}>{line}</p>
            ))}
          </div>
          {children}
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            {/* biome-ignore lint/a11y/noAutofocus: the safe choice takes the focus when the dialog opens */}
            <button type="button" autoFocus {...invoke(dialogId, "close")} className={buttonClass("secondary")} onClick={close}>
              {cancelLabel}
            </button>
            <SubmitButton label={confirmLabel} variant={variant} />
          </div>
        </form>
      </dialog>
    </>
  );
}

/** The required reason a confirmation asks for (revoke, undo), as one of `ConfirmAction`'s children. */
export function ConfirmReason({ label, maxLength }: { label: string; maxLength: number }) {
  return (
    <label className="block text-sm">
      <span className="font-medium text-slate-800">{label}</span>
      <textarea name="reason" required maxLength={maxLength} rows={2} className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm" />
    </label>
  );
}
