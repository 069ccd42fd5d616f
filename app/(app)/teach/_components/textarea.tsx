import type { Ref, TextareaHTMLAttributes } from "react";
import { controlClass } from "@/app/_ui/field";

/** A labelled textarea in the style of app/_ui/field, with a hint or an error below it. */
export function TextAreaField({
  label,
  name,
  error,
  hint,
  className = "",
  ...props
}: { label: string; name: string; error?: string; hint?: string; ref?: Ref<HTMLTextAreaElement> } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = props.id ?? name;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <textarea
        id={id}
        name={name}
        className={`${controlClass} ${className}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
        {...props}
      />
      {hint && !error && (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="whitespace-pre-line text-sm text-red-700" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
