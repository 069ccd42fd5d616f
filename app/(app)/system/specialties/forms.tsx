"use client";

import { useActionState, useId } from "react";
import type { ActionState } from "@/app/_lib/action";
import { controlClass, TextField } from "@/app/_ui/field";
import { Alert } from "@/app/_ui/feedback";
import { SubmitButton } from "@/app/_ui/submit";
import { addSpecialtyAction } from "./actions";

/** A new entry of the list; a refused one keeps what was typed. */
export function AddSpecialtyForm({ labels }: { labels: { code: string; codeHint: string; nameZh: string; nameEn: string; sort: string; submit: string } }) {
  const [state, action] = useActionState<ActionState, FormData>(addSpecialtyAction, { status: "idle" });
  const v = state.status === "error" ? (state.values ?? {}) : {};
  const err = (k: string) => state.fieldErrors?.[k];
  return (
    <form action={action} className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-5" key={state.status === "ok" ? state.message : "form"}>
      <TextField label={labels.code} name="code" required maxLength={40} hint={labels.codeHint} defaultValue={v.code} error={err("code")} />
      <TextField label={labels.nameZh} name="nameZh" required maxLength={40} defaultValue={v.nameZh} error={err("nameZh")} />
      <TextField label={labels.nameEn} name="nameEn" required maxLength={60} defaultValue={v.nameEn} error={err("nameEn")} />
      <TextField label={labels.sort} name="sort" type="number" min={0} max={100000} defaultValue={v.sort} error={err("sort")} />
      <div className="flex items-end">
        <SubmitButton label={labels.submit} />
      </div>
      {state.status !== "idle" && !state.fieldErrors && (
        <div className="sm:col-span-2 lg:col-span-5">
          <Alert tone={state.status === "ok" ? "success" : "error"}>{state.message}</Alert>
        </div>
      )}
    </form>
  );
}

/** A field of a row's dialog. The list renders each row twice (table and phone cards), so its id comes from useId. */
export function DialogInput({ label, ...props }: { label: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input id={id} className={controlClass} {...props} />
    </div>
  );
}

export function DialogSelect({ label, name, options }: { label: string; name: string; options: { value: string; label: string }[] }) {
  const id = useId();
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <select id={id} name={name} className={controlClass}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
