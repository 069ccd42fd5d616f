import type { Db } from "@/db/client";
import { SERIES } from "@/lib/classes";
import type { MessageKey, Translate } from "@/lib/i18n";
import { listOrgTree } from "@/lib/org/units";
import { unitOptions } from "@/app/_lib/labels";
import { getSpecialties } from "@/app/_lib/specialties";
import type { ClassFormLabels } from "./class-form";

export async function classFormProps(db: Db, t: Translate, current?: string | null) {
  const [units, sp] = await Promise.all([listOrgTree(db, { all: true }), getSpecialties()]);
  const labels: ClassFormLabels = {
    title: t("classes.teach.fields.title"),
    series: t("classes.teach.fields.series"),
    description: t("classes.teach.fields.description"),
    specialty: t("classes.teach.fields.specialty"),
    instructor: t("classes.teach.fields.instructor"),
    instructorHint: t("classes.teach.fields.instructorHint"),
    place: t("classes.teach.fields.place"),
    room: t("classes.teach.fields.room"),
    onlineUrl: t("classes.teach.fields.onlineUrl"),
    capacity: t("classes.teach.fields.capacity"),
    save: t("common.save"),
  };
  return {
    series: SERIES.map((s) => ({ value: s, label: t(`classes.series.${s}` as MessageKey) })),
    specialties: sp.optional(t, current),
    places: [{ value: "", label: t("classes.teach.fields.noPlace") }, ...unitOptions(units)],
    labels,
  };
}
