import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";

const control =
  "block w-full min-h-10 rounded-md border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30 aria-[invalid=true]:border-red-600 sm:text-sm";

interface FieldProps {
  label: string;
  name: string;
  /** The control's id when `name` is not unique on the page (one form per row); `name` by default. */
  id?: string;
  error?: string;
  hint?: string;
  children?: ReactNode;
}

function Wrapper({ label, id, error, hint, children }: Omit<FieldProps, "name"> & { id: string }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      {hint && !error && (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="text-sm text-red-700" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

export function TextField({ label, name, id = name, error, hint, ...props }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Wrapper label={label} id={id} error={error} hint={hint}>
      <input
        id={id}
        name={name}
        className={control}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
        {...props}
      />
    </Wrapper>
  );
}

export function SelectField({
  label,
  name,
  id = name,
  error,
  hint,
  options,
  ...props
}: FieldProps & SelectHTMLAttributes<HTMLSelectElement> & { options: { value: string; label: string }[] }) {
  return (
    <Wrapper label={label} id={id} error={error} hint={hint}>
      <select id={id} name={name} className={control} aria-invalid={error ? true : undefined} {...props}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Wrapper>
  );
}

export function CheckboxField({ label, name, ...props }: { label: string; name: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label htmlFor={name} className="flex min-h-10 items-center gap-2 text-sm text-slate-800">
      <input id={name} name={name} type="checkbox" className="size-5 rounded border-slate-300 accent-brand-600" {...props} />
      {label}
    </label>
  );
}

export const controlClass = control;
