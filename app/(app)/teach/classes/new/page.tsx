import { forbidden } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requireUser } from "@/lib/auth/session";
import { canCreateClass, newClassInstructorNo } from "@/lib/classes";
import { getT } from "@/app/_lib/i18n";
import { Card, PageHeader } from "@/app/_ui/layout";
import { ClassForm } from "../class-form";
import { classFormProps } from "../form-options";

export async function generateMetadata() {
  return { title: (await getT())("classes.teach.newClass") };
}

export default async function NewClassPage() {
  const user = await requireUser();
  const db = await getDb();
  if (!(await canCreateClass(db, user))) forbidden();
  const t = await getT();
  const props = await classFormProps(db, t);
  const initial = {
    title: "",
    series: "technician",
    description: "",
    specialty: "",
    instructorEmployeeNo: await newClassInstructorNo(db, user),
    placeOrgUnitId: "",
    room: "",
    onlineUrl: "",
    capacity: "30",
  };
  return (
    <div className="max-w-3xl">
      <PageHeader title={t("classes.teach.newClass")} />
      <Card>
        <ClassForm initial={initial} {...props} />
      </Card>
    </div>
  );
}
