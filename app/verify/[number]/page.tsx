import type { Metadata } from "next";
import { getDb } from "@/lib/core/db";
import * as clock from "@/lib/core/clock";
import { dayIn } from "@/lib/core/time";
import { verifyCertificate } from "@/lib/issued";
import { getLocale, getT } from "@/app/_lib/i18n";
import { clientAddress } from "@/app/_lib/request";
import { LocaleSwitch } from "@/app/_ui/locale-switch";
import { Badge } from "@/app/_ui/feedback";

/** Public: the QR code on a printed certificate leads here. Never indexed, never cached. */
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())("issued.verify.title"), robots: { index: false, follow: false } };
}

export default async function VerifyPage({ params }: { params: Promise<{ number: string }> }) {
  const t = await getT();
  // A number is letters, digits and dashes: anything encoded in the path cannot be one (no decoding, so no malformed-escape error).
  const found = await verifyCertificate(await getDb(), (await params).number, await clientAddress());
  const tz = clock.timeZone();
  const day = (d: Date) => dayIn(d, tz);
  return (
    <div className="flex min-h-dvh flex-col bg-slate-50">
      <div className="flex justify-end p-3">
        <LocaleSwitch locale={await getLocale()} label={t("common.language")} />
      </div>
      <main className="mx-auto w-full max-w-lg flex-1 px-4 pb-8">
        <p className="text-sm font-medium text-brand-700">{t("app.name")}</p>
        <h1 className="mt-1 text-xl font-semibold text-slate-900">{t("issued.verify.heading")}</h1>
        {!found.found ? (
          <div className="mt-6 rounded-lg border border-slate-200 bg-white p-5" data-testid="verify-result">
            <p className="text-base text-slate-900">{"lockedUntil" in found ? t("issued.verify.locked") : t("issued.verify.notFound")}</p>
          </div>
        ) : (
          <div className="mt-6 space-y-4 rounded-lg border border-slate-200 bg-white p-5" data-testid="verify-result">
            <div className="flex flex-wrap items-center gap-2" data-testid="verify-status">
              {found.certificate.validity.state === "valid" && <Badge tone="success">{t("issued.state.valid")}</Badge>}
              {found.certificate.validity.state === "expired" && <Badge tone="warning">{t("issued.state.expired")}</Badge>}
              {found.certificate.validity.state === "revoked" && <Badge tone="danger">{t("issued.state.revoked")}</Badge>}
              <span className="text-sm text-slate-700">
                {found.certificate.validity.state === "valid"
                  ? t("issued.verify.validLine")
                  : found.certificate.validity.state === "expired"
                    ? t("issued.expiredDetail", { day: found.certificate.validity.lastDay })
                    : t("issued.revokedDetail", { day: day(found.certificate.validity.at) })}
              </span>
            </div>
            <dl className="grid grid-cols-1 gap-x-4 gap-y-2 text-sm sm:grid-cols-[8rem_1fr]">
              <dt className="text-slate-500">{t("issued.verify.holder")}</dt>
              <dd className="break-words text-lg font-semibold text-slate-900" data-testid="verify-holder">
                {found.certificate.holderName}
              </dd>
              <dt className="text-slate-500">{t("issued.verify.what")}</dt>
              <dd className="break-words text-slate-900">
                {t(`issued.kind.${found.certificate.kind}`)} · {found.certificate.title}
                {found.certificate.detail && ` · ${found.certificate.detail}`}
              </dd>
              <dt className="text-slate-500">{t("issued.issuedOn")}</dt>
              <dd className="text-slate-900">{day(found.certificate.issuedAt)}</dd>
              <dt className="text-slate-500">{t("issued.validUntil")}</dt>
              <dd className="text-slate-900">{found.certificate.validUntil ?? t("issued.noEnd")}</dd>
              <dt className="text-slate-500">{t("issued.number")}</dt>
              <dd className="break-all font-mono text-slate-900">{found.certificate.number}</dd>
            </dl>
            <p className="text-xs text-slate-500">{t("issued.verify.note")}</p>
          </div>
        )}
      </main>
    </div>
  );
}
