import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { getT } from "@/app/_lib/i18n";
import { Card, PageHeader } from "@/app/_ui/layout";
import { MemberForm } from "../member-form";
import { memberFormProps } from "../form-props";

export async function generateMetadata() {
  return { title: (await getT())("members.newMember") };
}

export default async function NewMemberPage() {
  const user = await requirePermission("member.write");
  const t = await getT();
  return (
    <div className="max-w-3xl">
      <PageHeader title={t("members.newMember")} />
      <Card>
        <MemberForm {...(await memberFormProps(await getDb(), user, t))} />
      </Card>
    </div>
  );
}
