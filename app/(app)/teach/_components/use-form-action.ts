"use client";

import { startTransition, useActionState, type FormEvent } from "react";

/**
 * A server action for a form that keeps what is on screen. A form whose `action` is a function
 * is reset by React when the action ends, and a reset puts controlled selects and checkboxes
 * back to their first option on screen while their state says otherwise; submitting through
 * `onSubmit` avoids that. The clicked button's name and value are sent as a native submit would.
 */
export function useFormAction<S>(action: (prev: Awaited<S>, form: FormData) => Promise<S>, initial: Awaited<S>) {
  const [state, dispatch, pending] = useActionState<S, FormData>(action, initial);
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLElement | null;
    const form = new FormData(e.currentTarget, submitter);
    startTransition(() => dispatch(form));
  };
  return { state, pending, onSubmit };
}
