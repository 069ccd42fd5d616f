import type { Db } from "@/lib/core/db";
import { scopeOf, type Principal } from "@/lib/auth/permissions";
import { listJobs } from "@/lib/members/members";
import { listOrgTree } from "@/lib/org/units";
import type { Translate } from "@/lib/i18n";
import { statusOptions, techTitleOptions, unitOptions } from "@/app/_lib/labels";
import { getSpecialties } from "@/app/_lib/specialties";
import type { MemberFormProps } from "./member-form";

/** The form's choices: the units the user may place members in, and the active jobs. */
export async function memberFormProps(db: Db, user: Principal, t: Translate, current?: string | null): Promise<Omit<MemberFormProps, "member">> {
  const [units, jobs, sp] = await Promise.all([listOrgTree(db, scopeOf(user, "member.write")), listJobs(db), getSpecialties()]);
  return {
    options: {
      units: unitOptions(units),
      specialties: sp.options(current),
      jobs: jobs.map((j) => ({ value: String(j.id), label: j.name })),
      techTitles: techTitleOptions(t),
      statuses: statusOptions(t),
    },
    labels: {
      employeeNo: t("members.employeeNo"),
      name: t("members.name"),
      unit: t("members.unit"),
      specialty: t("members.specialty"),
      job: t("members.job"),
      techTitle: t("members.techTitle"),
      partyMember: t("members.partyMember"),
      hiredOn: t("members.hiredOn"),
      status: t("members.status"),
      phone: t("members.phone"),
      save: t("common.save"),
      none: t("common.none"),
      invalid: t("errors.invalidInput"),
    },
  };
}
