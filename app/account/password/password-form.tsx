"use client";

import { useActionState } from "react";
import { changePasswordAction, type PasswordState } from "./actions";
import { TextField } from "@/app/_ui/field";
import { Alert } from "@/app/_ui/feedback";
import { SubmitButton } from "@/app/_ui/submit";

export function PasswordForm({ labels }: { labels: { current: string; next: string; confirm: string; submit: string; hint: string } }) {
  const [state, action] = useActionState<PasswordState, FormData>(changePasswordAction, {});
  return (
    <form action={action} className="space-y-4">
      {state.error && <Alert tone="error">{state.error}</Alert>}
      <TextField label={labels.current} name="current" type="password" autoComplete="current-password" required />
      <TextField label={labels.next} name="next" type="password" autoComplete="new-password" required minLength={8} hint={labels.hint} />
      <TextField label={labels.confirm} name="confirm" type="password" autoComplete="new-password" required minLength={8} />
      <SubmitButton label={labels.submit} className="w-full" />
    </form>
  );
}
