"use client";

import { useActionState } from "react";
import type { ActionState } from "@/app/_lib/action";
import { saveMemberAction } from "./actions";
import { CheckboxField, SelectField, TextField } from "@/app/_ui/field";
import { Alert } from "@/app/_ui/feedback";
import { SubmitButton } from "@/app/_ui/submit";

type Option = { value: string; label: string };

export interface MemberFormProps {
  member?: {
    id: number;
    employeeNo: string;
    name: string;
    orgUnitId: number;
    specialty: string;
    jobId: number | null;
    techTitle: string;
    partyMember: boolean;
    hiredOn: string | null;
    status: string;
    phone: string | null;
  };
  options: { units: Option[]; specialties: Option[]; jobs: Option[]; techTitles: Option[]; statuses: Option[] };
  labels: Record<
    "employeeNo" | "name" | "unit" | "specialty" | "job" | "techTitle" | "partyMember" | "hiredOn" | "status" | "phone" | "save" | "none" | "invalid",
    string
  >;
}

export function MemberForm({ member, options, labels }: MemberFormProps) {
  const [state, action] = useActionState<ActionState, FormData>(saveMemberAction, { status: "idle" });
  const err = (k: string) => state.fieldErrors?.[k];
  // After an error the typed values come back; otherwise the member's own.
  const v = state.values;
  const val = (k: string, own: string | null | undefined) => (v ? (v[k] ?? "") : (own ?? ""));
  return (
    <form action={action} className="space-y-4">
      {/* Field by field below; above, one line that says the form needs correcting. */}
      {state.status === "error" && <Alert tone="error">{state.fieldErrors ? labels.invalid : state.message}</Alert>}
      {member && <input type="hidden" name="id" value={member.id} />}
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <TextField
          label={labels.employeeNo}
          name="employeeNo"
          required
          maxLength={32}
          defaultValue={val("employeeNo", member?.employeeNo)}
          error={err("employeeNo")}
          autoComplete="off"
        />
        <TextField label={labels.name} name="name" required maxLength={50} defaultValue={val("name", member?.name)} error={err("name")} autoComplete="off" />
        <SelectField
          label={labels.unit}
          name="orgUnitId"
          required
          defaultValue={val("orgUnitId", member ? String(member.orgUnitId) : undefined) || undefined}
          options={options.units}
          error={err("orgUnitId")}
        />
        <SelectField
          label={labels.specialty}
          name="specialty"
          defaultValue={val("specialty", member?.specialty) || undefined}
          options={options.specialties}
          error={err("specialty")}
        />
        <SelectField
          label={labels.job}
          name="jobId"
          defaultValue={val("jobId", member?.jobId ? String(member.jobId) : "")}
          options={[{ value: "", label: labels.none }, ...options.jobs]}
          error={err("jobId")}
        />
        <SelectField
          label={labels.techTitle}
          name="techTitle"
          defaultValue={val("techTitle", member?.techTitle ?? "none")}
          options={options.techTitles}
          error={err("techTitle")}
        />
        <TextField label={labels.hiredOn} name="hiredOn" type="date" defaultValue={val("hiredOn", member?.hiredOn)} error={err("hiredOn")} />
        <SelectField
          label={labels.status}
          name="status"
          defaultValue={val("status", member?.status ?? "active")}
          options={options.statuses}
          error={err("status")}
        />
        <TextField label={labels.phone} name="phone" type="tel" maxLength={30} defaultValue={val("phone", member?.phone)} error={err("phone")} />
        <div className="flex items-end">
          <CheckboxField label={labels.partyMember} name="partyMember" defaultChecked={v ? v.partyMember === "on" : member?.partyMember} />
        </div>
      </div>
      <SubmitButton label={labels.save} />
    </form>
  );
}
