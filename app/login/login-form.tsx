"use client";

import { useActionState } from "react";
import { signInAction, type SignInState } from "./actions";
import { TextField } from "@/app/_ui/field";
import { Alert } from "@/app/_ui/feedback";
import { SubmitButton } from "@/app/_ui/submit";

export function LoginForm({ returnTo, labels }: { returnTo: string; labels: { employeeNo: string; password: string; submit: string; pending: string } }) {
  const [state, action] = useActionState<SignInState, FormData>(signInAction, {});
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.error && <Alert tone="error">{state.error}</Alert>}
      <input type="hidden" name="returnTo" value={returnTo} />
      <TextField label={labels.employeeNo} name="employeeNo" autoComplete="username" inputMode="text" required defaultValue={state.employeeNo} autoFocus />
      <TextField label={labels.password} name="password" type="password" autoComplete="current-password" required />
      <SubmitButton label={labels.submit} pendingLabel={labels.pending} className="w-full" />
    </form>
  );
}
