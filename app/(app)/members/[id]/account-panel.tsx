"use client";

import { useActionState } from "react";
import type { ActionState } from "@/app/_lib/action";
import { resetAccountAction, setRolesAction } from "../actions";
import { TextField } from "@/app/_ui/field";
import { Alert } from "@/app/_ui/feedback";
import { SubmitButton } from "@/app/_ui/submit";
import { controlClass } from "@/app/_ui/field";

type Option = { value: string; label: string };

export function ResetAccountForm({ memberId, labels }: { memberId: number; labels: { password: string; submit: string; hint: string } }) {
  const [state, action] = useActionState<ActionState, FormData>(resetAccountAction, { status: "idle" });
  return (
    <form action={action} className="space-y-3">
      {state.status !== "idle" && <Alert tone={state.status === "ok" ? "success" : "error"}>{state.message}</Alert>}
      <input type="hidden" name="memberId" value={memberId} />
      <TextField label={labels.password} name="password" type="text" autoComplete="off" required minLength={8} hint={labels.hint} />
      <SubmitButton label={labels.submit} variant="secondary" />
    </form>
  );
}

export function RolesForm({
  memberId,
  userId,
  roles,
  current,
  scopes,
  labels,
}: {
  memberId: number;
  userId: number;
  roles: Option[];
  current: { role: string; scopeOrgUnitId: number | null }[];
  scopes: Option[];
  labels: { scope: string; submit: string; wholeOrg: string };
}) {
  const [state, action] = useActionState<ActionState, FormData>(setRolesAction, { status: "idle" });
  return (
    <form action={action} className="space-y-3">
      {state.status !== "idle" && <Alert tone={state.status === "ok" ? "success" : "error"}>{state.message}</Alert>}
      <input type="hidden" name="memberId" value={memberId} />
      <input type="hidden" name="userId" value={userId} />
      <ul className="space-y-2">
        {roles.map((r) => {
          const held = current.find((c) => c.role === r.value);
          return (
            <li key={r.value} className="grid grid-cols-1 items-center gap-2 sm:grid-cols-[10rem_1fr]">
              <label className="flex min-h-10 items-center gap-2 text-sm">
                <input type="checkbox" name={`role.${r.value}`} defaultChecked={!!held} className="size-5 accent-brand-600" />
                {r.label}
              </label>
              <select
                name={`scope.${r.value}`}
                aria-label={`${r.label} · ${labels.scope}`}
                defaultValue={held?.scopeOrgUnitId ? String(held.scopeOrgUnitId) : ""}
                className={controlClass}
              >
                <option value="">{labels.wholeOrg}</option>
                {scopes.map((s) => (
                  <option key={s.value} value={s.value}>
                    {s.label}
                  </option>
                ))}
              </select>
            </li>
          );
        })}
      </ul>
      <SubmitButton label={labels.submit} variant="secondary" />
    </form>
  );
}
