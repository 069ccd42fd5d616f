import { headers } from "next/headers";
import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requireUser } from "@/lib/auth/session";
import { checkinDisplay } from "@/lib/classes";
import { checkinUrl } from "@/lib/classes/qr";
import { qrPicture } from "@/lib/core/qr";
import { formatDateTime } from "@/lib/core/format";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { getLocale, getT } from "@/app/_lib/i18n";
import { idParam } from "@/app/_lib/json-route";
import { buttonClass } from "@/app/_ui/button";
import { Card, PageHeader } from "@/app/_ui/layout";
import { checkinAction } from "../../../actions";
import { CodeDisplay } from "@/app/_ui/code-display";

export async function generateMetadata() {
  return { title: (await getT())("classes.display.title") };
}

/** The instructor opens check-in and shows the code that changes every minute, with its QR. */
export default async function SessionCheckinPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string; sid: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const { id, sid } = await params;
  const classId = idParam.safeParse(id);
  const parsedSid = idParam.safeParse(sid);
  if (!classId.success || !parsedSid.success) notFound();
  const sessionId = parsedSid.data;
  const db = await getDb();
  const r = await checkinDisplay(db, user, sessionId);
  if (!r.ok) {
    if (r.kind === "forbidden") forbidden();
    notFound();
  }
  if (r.value.session.classId !== classId.data) notFound();
  const t = await getT();
  const locale = await getLocale();
  const search = await searchParams;
  const h = await headers();
  const origin = `${h.get("x-forwarded-proto") ?? "http"}://${h.get("x-forwarded-host") ?? h.get("host")}`;
  const { session, state, code, changesAt, checkedIn, enrolled } = r.value;
  const qr = code ? qrPicture(checkinUrl(origin, sessionId, code)) : null;
  const toggle = (open: boolean, text: string, variant: "primary" | "secondary") => (
    <form action={checkinAction}>
      <input type="hidden" name="classId" value={session.classId} />
      <input type="hidden" name="sessionId" value={sessionId} />
      <input type="hidden" name="open" value={open ? "1" : "0"} />
      <button type="submit" className={buttonClass(variant)}>
        {text}
      </button>
    </form>
  );
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader
        title={session.classTitle}
        actions={
          <>
            {state === "open"
              ? toggle(false, t("classes.teach.closeCheckin"), "secondary")
              : (state === "notOpened" || state === "closed") && toggle(true, t("classes.teach.openCheckin"), "primary")}
            <Link href={`/teach/classes/${session.classId}`} className={buttonClass("ghost")}>
              {t("common.back")}
            </Link>
          </>
        }
      >
        {formatDateTime(session.startsAt, locale)}–{formatDateTime(session.endsAt, locale).slice(-5)}
      </PageHeader>
      <div className="mb-4 empty:hidden">
        <OutcomeAlert t={t} search={search} />
      </div>
      <Card>
        <CodeDisplay
          url={`/teach/classes/${session.classId}/sessions/${sessionId}/code`}
          initial={{ state, code, qr, changesAt: changesAt?.toISOString() ?? null, checkedIn, enrolled }}
          labels={{
            codeLabel: t("classes.display.codeLabel"),
            changesIn: t("classes.display.changesIn"),
            count: t("classes.display.count"),
            scanHint: t("classes.display.scanHint"),
            states: {
              notOpened: t("classes.display.states.notOpened"),
              closed: t("classes.display.states.closed"),
              early: t("classes.display.states.early"),
              ended: t("classes.display.states.ended"),
              open: t("classes.display.states.open"),
            },
          }}
        />
      </Card>
    </div>
  );
}
