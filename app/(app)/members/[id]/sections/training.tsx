import type { Db } from "@/db/client";
import type { CurrentUser } from "@/lib/auth/accounts";
import type { Translate } from "@/lib/i18n";
import { EmptyState } from "@/app/_ui/feedback";
import { Card } from "@/app/_ui/layout";

/** A profile section: the member's record for this domain. Filled by the domain's issue. */
export async function TrainingSection({ t }: { db: Db; viewer: CurrentUser; memberId: number; locale: string; t: Translate }) {
  return (
    <Card title={t("profile.classes")}>
      <EmptyState title={t("profile.nothingYet")} />
    </Card>
  );
}
