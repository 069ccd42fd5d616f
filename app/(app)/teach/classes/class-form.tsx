"use client";

import { useActionState } from "react";
import { Alert } from "@/app/_ui/feedback";
import { SelectField, TextField } from "@/app/_ui/field";
import { SubmitButton } from "@/app/_ui/submit";
import { TextAreaField } from "../_components/textarea";
import type { ActionState } from "@/app/_lib/action";
import { saveClassAction } from "./actions";

type Option = { value: string; label: string };

export interface ClassFormLabels {
  title: string;
  series: string;
  description: string;
  specialty: string;
  instructor: string;
  instructorHint: string;
  place: string;
  room: string;
  onlineUrl: string;
  capacity: string;
  save: string;
}

/** A class's settings. A refused post shows what was typed, with the message next to each field. */
export function ClassForm({
  initial,
  classId,
  series,
  specialties,
  places,
  labels,
}: {
  initial: Record<string, string>;
  classId?: number;
  series: Option[];
  specialties: Option[];
  places: Option[];
  labels: ClassFormLabels;
}) {
  const [state, action] = useActionState<ActionState, FormData>(saveClassAction, { status: "idle" });
  const v = state.values ?? initial;
  const err = (k: string) => state.fieldErrors?.[k];
  return (
    // Keyed by what was sent: a refused post shows it again instead of the form's first values.
    <form key={JSON.stringify(state.values ?? null)} action={action} className="space-y-4">
      {classId && <input type="hidden" name="id" value={classId} />}
      {state.status === "error" && state.message && <Alert tone="error">{state.message}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="sm:col-span-2">
          <TextField label={labels.title} name="title" required maxLength={100} defaultValue={v.title} error={err("title")} autoComplete="off" />
        </div>
        <SelectField label={labels.series} name="series" defaultValue={v.series} options={series} error={err("series")} />
        <SelectField label={labels.specialty} name="specialty" defaultValue={v.specialty} options={specialties} error={err("specialty")} />
        <TextField
          label={labels.instructor}
          name="instructorEmployeeNo"
          maxLength={20}
          defaultValue={v.instructorEmployeeNo}
          hint={labels.instructorHint}
          error={err("instructorEmployeeNo")}
          autoComplete="off"
        />
        <TextField label={labels.capacity} name="capacity" inputMode="numeric" required defaultValue={v.capacity} error={err("capacity")} autoComplete="off" />
        <SelectField label={labels.place} name="placeOrgUnitId" defaultValue={v.placeOrgUnitId} options={places} error={err("placeOrgUnitId")} />
        <TextField label={labels.room} name="room" maxLength={100} defaultValue={v.room} error={err("room")} autoComplete="off" />
        <div className="sm:col-span-2">
          <TextField
            label={labels.onlineUrl}
            name="onlineUrl"
            type="url"
            maxLength={500}
            defaultValue={v.onlineUrl}
            error={err("onlineUrl")}
            autoComplete="off"
          />
        </div>
        <div className="sm:col-span-2">
          <TextAreaField label={labels.description} name="description" rows={3} maxLength={2000} defaultValue={v.description} error={err("description")} />
        </div>
      </div>
      <SubmitButton label={labels.save} />
    </form>
  );
}
