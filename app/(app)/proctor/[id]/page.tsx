import { headers } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requireUser } from "@/lib/auth/session";
import { qrPicture } from "@/lib/core/qr";
import { proctorDisplay } from "@/lib/quiz/proctor";
import { getT } from "@/app/_lib/i18n";
import { idParam } from "@/app/_lib/json-route";
import { buttonClass } from "@/app/_ui/button";
import { CodeDisplay } from "@/app/_ui/code-display";
import { Card, PageHeader } from "@/app/_ui/layout";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { closeProctoringAction } from "../actions";
import { proctorUrl } from "./proctor-url";

export async function generateMetadata() {
  return { title: (await getT())("proctor.display.title") };
}

/** The proctor's screen: the code that changes every minute and its QR (a link that fills the code in). */
export default async function ProctorDisplayPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const parsed = idParam.safeParse((await params).id);
  if (!parsed.success) notFound();
  const id = parsed.data;
  const r = await proctorDisplay(await getDb(), user, id);
  if (!r.ok) notFound();
  const t = await getT();
  const h = await headers();
  const origin = `${h.get("x-forwarded-proto") ?? "http"}://${h.get("x-forwarded-host") ?? h.get("host")}`;
  const d = r.value;
  const qr = d.code ? qrPicture(proctorUrl(origin, d.quizId, id, d.code)) : null;
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader
        title={d.quizTitle}
        actions={
          <>
            {d.state === "open" && (
              <form action={closeProctoringAction}>
                <input type="hidden" name="id" value={id} />
                <button type="submit" className={buttonClass("secondary")}>
                  {t("proctor.display.close")}
                </button>
              </form>
            )}
            <Link href="/proctor" className={buttonClass("ghost")}>
              {t("common.back")}
            </Link>
          </>
        }
      >
        {t("proctor.display.who", { name: d.proctorName, station: d.stationName })}
      </PageHeader>
      <div className="mb-4 empty:hidden">
        <OutcomeAlert t={t} search={await searchParams} />
      </div>
      <Card>
        <CodeDisplay
          url={`/proctor/${id}/code`}
          initial={{ state: d.state, code: d.code, qr, changesAt: d.changesAt?.toISOString() ?? null, started: d.started }}
          labels={{
            codeLabel: t("proctor.display.codeLabel"),
            changesIn: t("proctor.display.changesIn"),
            count: t("proctor.display.started"),
            scanHint: t("proctor.display.scanHint"),
            states: { open: t("proctor.display.states.open"), closed: t("proctor.display.states.closed") },
          }}
        />
      </Card>
    </div>
  );
}
