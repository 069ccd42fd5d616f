"use client";

import { startTransition, useActionState, useState } from "react";
import { buttonClass } from "@/app/_ui/button";
import type { ActionState } from "@/app/_lib/action";
import { addRequirementAction, createJobAction } from "./actions";
import { SelectField, TextField } from "@/app/_ui/field";
import { Alert } from "@/app/_ui/feedback";
import { SubmitButton } from "@/app/_ui/submit";

type Opt = { value: string; label: string };

/** The outcome: one line, and the other problems found (a requirement can have several) below it. */
function Outcome({ state }: { state: ActionState }) {
  if (state.status === "idle") return null;
  const more = (state.problems ?? []).slice(1);
  return (
    <>
      <Alert tone={state.status === "ok" ? "success" : "error"}>{state.message}</Alert>
      {more.length > 0 && (
        <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-red-800">
          {more.map((p) => (
            <li key={p.message}>{p.message}</li>
          ))}
        </ul>
      )}
    </>
  );
}

export interface RequirementFormProps {
  jobId: number | null;
  jobs: Opt[];
  kinds: Opt[];
  quizzes: Opt[];
  quizSeries: Opt[];
  specialties: Opt[];
  courses: Opt[];
  classSeries: Opt[];
  certificates: Opt[];
  tasks: Opt[];
  contests: Opt[];
  levels: Opt[];
  labels: Record<
    | "job"
    | "kind"
    | "quiz"
    | "anyQuiz"
    | "series"
    | "specialty"
    | "minScore"
    | "withinMonths"
    | "withinQuarters"
    | "course"
    | "classSeries"
    | "minCount"
    | "minCountHint"
    | "certificate"
    | "task"
    | "contest"
    | "anyContest"
    | "level"
    | "maxRank"
    | "add"
    | "choose",
    string
  >;
}

/** Adds a requirement; the fields shown follow the kind chosen. Field names match lib/eligibility/admin requirementInput. */
export function RequirementForm(p: RequirementFormProps) {
  const [state, action, pending] = useActionState<ActionState, FormData>(addRequirementAction, { status: "idle" });
  const [kind, setKind] = useState("quiz");
  // Sent by hand rather than through <form action>: React would reset the form afterwards, and the
  // admin would lose what they typed after a refusal (and the kind select would jump back).
  const submit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    startTransition(() => action(data));
  };
  const choose = (opts: Opt[], any?: string) => [{ value: "", label: any ?? p.labels.choose }, ...opts];
  const windows = (
    <>
      <TextField label={p.labels.withinMonths} name="withinMonths" type="number" min={1} max={600} />
      {kind === "quiz" && <TextField label={p.labels.withinQuarters} name="withinQuarters" type="number" min={1} max={200} />}
    </>
  );
  return (
    <form onSubmit={submit} aria-busy={pending} className="grid grid-cols-1 gap-3 rounded-md border border-dashed border-slate-300 p-3 sm:grid-cols-3">
      <SelectField label={p.labels.job} name="jobId" defaultValue={p.jobId ? String(p.jobId) : ""} options={p.jobs} />
      <SelectField label={p.labels.kind} name="kind" value={kind} onChange={(e) => setKind(e.target.value)} options={p.kinds} />
      {kind === "quiz" && (
        <>
          <SelectField label={p.labels.quiz} name="refId" options={choose(p.quizzes, p.labels.anyQuiz)} />
          <SelectField label={p.labels.series} name="series" options={choose(p.quizSeries, "—")} />
          <SelectField label={p.labels.specialty} name="specialty" options={choose(p.specialties, "—")} />
          <TextField label={p.labels.minScore} name="minScore" type="number" min={0} max={100} step="0.01" required />
          {windows}
        </>
      )}
      {kind === "course" && <SelectField label={p.labels.course} name="refId" options={choose(p.courses)} />}
      {kind === "class" && (
        <>
          <SelectField label={p.labels.classSeries} name="series" options={choose(p.classSeries)} />
          <TextField label={p.labels.minCount} name="minCount" type="number" min={1} max={1000} required hint={p.labels.minCountHint} />
          {windows}
        </>
      )}
      {kind === "certificate" && <SelectField label={p.labels.certificate} name="refId" options={choose(p.certificates)} />}
      {kind === "signoff" && (
        <>
          <SelectField label={p.labels.task} name="refId" options={choose(p.tasks)} />
          {windows}
        </>
      )}
      {kind === "contest" && (
        <>
          <SelectField label={p.labels.contest} name="refId" options={choose(p.contests, p.labels.anyContest)} />
          <SelectField label={p.labels.level} name="contestLevel" options={choose(p.levels, "—")} />
          <SelectField label={p.labels.specialty} name="specialty" options={choose(p.specialties, "—")} />
          <TextField label={p.labels.maxRank} name="maxRank" type="number" min={1} />
          <TextField label={p.labels.minScore} name="minScore" type="number" min={0} step="0.01" />
          {windows}
        </>
      )}
      {kind === "service" && <TextField label={p.labels.minCount} name="minCount" type="number" min={1} max={600} required hint={p.labels.minCountHint} />}
      <div className="flex items-end">
        <button type="submit" disabled={pending} className={buttonClass("primary")}>
          {p.labels.add}
        </button>
      </div>
      <div className="sm:col-span-3">
        <Outcome state={state} />
      </div>
    </form>
  );
}

export function JobForm({ specialties, labels }: { specialties: Opt[]; labels: { code: string; name: string; specialty: string; create: string } }) {
  const [state, action] = useActionState<ActionState, FormData>(createJobAction, { status: "idle" });
  return (
    <form action={action} className="grid grid-cols-1 gap-3 sm:grid-cols-4">
      <TextField label={labels.code} name="code" required maxLength={40} pattern="[A-Za-z0-9_-]+" />
      <TextField label={labels.name} name="name" required maxLength={60} />
      <SelectField label={labels.specialty} name="specialty" options={specialties} />
      <div className="flex items-end">
        <SubmitButton label={labels.create} />
      </div>
      <div className="sm:col-span-4">
        <Outcome state={state} />
      </div>
    </form>
  );
}
