import { forbidden, notFound } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { getMemberForEdit } from "@/lib/members/members";
import { getT } from "@/app/_lib/i18n";
import { idParam } from "@/app/_lib/json-route";
import { Card, PageHeader } from "@/app/_ui/layout";
import { MemberForm } from "../../member-form";
import { memberFormProps } from "../../form-props";

/** The tab's title: the page's kind (the heading names the record). */
export async function generateMetadata() {
  return { title: (await getT())("members.editMember") };
}

export default async function EditMemberPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermission("member.write");
  const id = idParam.safeParse((await params).id);
  if (!id.success) notFound();
  const db = await getDb();
  const found = await getMemberForEdit(db, user, id.data);
  if (!found.ok) return found.kind === "forbidden" ? forbidden() : notFound();
  const member = found.value;
  const t = await getT();
  return (
    <div className="max-w-3xl">
      <PageHeader title={`${t("members.editMember")} · ${member.name}`} />
      <Card>
        <MemberForm member={member} {...(await memberFormProps(db, user, t, member.specialty))} />
      </Card>
    </div>
  );
}
