import { notFound } from "next/navigation";
import { getDb } from "@/db";
import { requirePermission } from "@/lib/auth/session";
import { getMember } from "@/lib/members/members";
import { getT } from "@/app/_lib/i18n";
import { Card, PageHeader } from "@/app/_ui/layout";
import { MemberForm } from "../../member-form";
import { memberFormProps } from "../../form-props";

export default async function EditMemberPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePermission("member.write");
  const id = Number((await params).id);
  const db = await getDb();
  const member = Number.isInteger(id) && id > 0 ? await getMember(db, id) : null;
  if (!member) notFound();
  const t = await getT();
  return (
    <div className="max-w-3xl">
      <PageHeader title={`${t("members.editMember")} · ${member.name}`} />
      <Card>
        <MemberForm member={member} {...await memberFormProps(db, t)} />
      </Card>
    </div>
  );
}
