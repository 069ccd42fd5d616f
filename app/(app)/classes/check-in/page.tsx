import { requirePermission } from "@/lib/auth/session";
import { getT } from "@/app/_lib/i18n";
import { PageHeader } from "@/app/_ui/layout";
import { CheckInForm } from "./check-in-form";

export async function generateMetadata() {
  return { title: (await getT())("classes.checkin.title") };
}

/** Reached by typing, or from the QR code's link (?s=session&c=code): the code is filled in, the worker confirms. */
export default async function CheckInPage({ searchParams }: { searchParams: Promise<{ s?: string; c?: string }> }) {
  await requirePermission("self.learn");
  const t = await getT();
  const { s, c } = await searchParams;
  const sessionId = s && /^\d{1,9}$/.test(s) ? s : "";
  const code = c && /^\d{6}$/.test(c) ? c : "";
  return (
    <div className="mx-auto max-w-md">
      <PageHeader title={t("classes.checkin.title")}>{t("classes.checkin.intro")}</PageHeader>
      <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <CheckInForm
          sessionId={sessionId}
          code={code}
          labels={{
            code: t("classes.checkin.code"),
            submit: t("classes.checkin.submit"),
            scan: t("classes.checkin.scan"),
            stopScan: t("classes.checkin.stopScan"),
            scanUnsupported: t("classes.checkin.scanUnsupported"),
            cameraDenied: t("classes.checkin.cameraDenied"),
            scanning: t("classes.checkin.scanning"),
          }}
        />
      </div>
    </div>
  );
}
