"use client";

import { createContext, use, useEffect, useState, useTransition, type ComponentType, type FormEvent, type ReactNode } from "react";
import type { Messages } from "@/lib/i18n";
import type { AttemptView } from "@/lib/quiz/attempts/view";
import { startQuizAction } from "./actions";

type M = Messages["quizTake"];
interface Open {
  view: AttemptView;
  m: M;
  Client: ComponentType<{ view: AttemptView; m: M }>;
}

const loadClient = () => import("../attempts/[id]/attempt-client").then((x) => x.AttemptClient);

const Host = createContext<((o: Open) => void) | null>(null);

/**
 * The quiz list, and the attempt once a start answers: the start's answer carries the attempt's
 * questions, so the attempt shows here (its address becomes /attempts/<id>, which a reload opens
 * as a page) without a second request that renders the attempt page — at the opening of a
 * quarterly quiz thousands of workers start within a minute, and each page render costs the
 * server more than the start itself (bench/quiz-storm.ts).
 */
export function QuizStartHost({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState<Open | null>(null);
  useEffect(() => {
    const shown = open ? `/attempts/${open.view.attemptId}` : null;
    // History moves between this list and an attempt shown in place are not Next's to render (its
    // saved tree is the list's): back from the attempt reloads the list (offering 继续答题), and
    // forward to an attempt's address from the list loads that attempt's page.
    const onPop = () => {
      const path = window.location.pathname;
      if (shown ? path !== shown : /^\/attempts\/\d+$/.test(path)) window.location.reload();
    };
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, [open]);
  if (open) return <open.Client view={open.view} m={open.m} />;
  return <Host value={setOpen}>{children}</Host>;
}

/**
 * The start (or resume) form. With JavaScript it asks the start route for the attempt with its
 * questions and shows it in place; anything but a started attempt (a wrong proctor code, the
 * window closed, no connection) goes through the form's server action as without JavaScript, so
 * the refusal reads exactly as before and nothing is started twice (a refused start changed nothing).
 */
export function StartQuizForm({ quizId, className, children }: { quizId: number; className?: string; children: ReactNode }) {
  const show = use(Host);
  const [busy, startTransition] = useTransition();
  const [starting, setStarting] = useState(false);
  // Fetch the attempt's code while the worker reads the list, not after the press.
  useEffect(() => {
    void loadClient().catch(() => undefined);
  }, []);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (starting || busy) return;
    const form = new FormData(e.currentTarget);
    const fallback = () => startTransition(() => startQuizAction(form));
    const proctorCode = form.get("proctorCode");
    const proctoring = form.get("proctoring");
    setStarting(true);
    try {
      const res = await fetch(`/api/quizzes/${quizId}/start`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({
          ...(typeof proctorCode === "string" && proctorCode ? { proctorCode } : {}),
          ...(typeof proctoring === "string" && proctoring ? { proctoring: Number(proctoring) } : {}),
          view: true,
        }),
      });
      const body = res.ok ? ((await res.json()) as { view?: AttemptView; m?: M }) : null;
      if (!show || !body?.view || !body.m) return fallback();
      const Client = await loadClient();
      window.history.pushState(null, "", `/attempts/${body.view.attemptId}`);
      show({ view: body.view, m: body.m, Client });
    } catch {
      fallback();
    } finally {
      setStarting(false);
    }
  }

  return (
    <form action={startQuizAction} onSubmit={onSubmit} aria-busy={starting || busy} className={className}>
      {children}
    </form>
  );
}
