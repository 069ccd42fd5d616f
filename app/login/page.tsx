import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { getLocale, getT } from "@/app/_lib/i18n";
import { safeReturnPath } from "@/app/_lib/request";
import { LocaleSwitch } from "@/app/_ui/locale-switch";
import { ForgetOfflinePages } from "@/app/_ui/service-worker";
import { LoginForm } from "./login-form";

export async function generateMetadata() {
  return { title: (await getT())("auth.signInTitle") };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const returnTo = safeReturnPath((await searchParams).callbackUrl);
  if (await getCurrentUser()) redirect(returnTo);
  const t = await getT();
  return (
    <div className="flex min-h-dvh flex-col bg-brand-700">
      <ForgetOfflinePages />
      <div className="flex justify-end p-3">
        <LocaleSwitch locale={await getLocale()} label={t("common.language")} />
      </div>
      <main className="flex flex-1 items-start justify-center px-4 pt-8 sm:items-center sm:pt-0">
        <div className="w-full max-w-sm rounded-xl bg-white p-6 shadow-xl">
          <h1 className="text-2xl font-semibold text-brand-800">{t("app.name")}</h1>
          <p className="mt-1 text-sm text-slate-600">{t("app.tagline")}</p>
          <h2 className="mb-4 mt-6 text-lg font-medium">{t("auth.signInTitle")}</h2>
          <LoginForm
            returnTo={returnTo}
            labels={{ employeeNo: t("auth.employeeNo"), password: t("auth.passwordLabel"), submit: t("auth.signIn"), pending: t("auth.signingIn") }}
          />
        </div>
      </main>
      <p className="p-4 text-center text-xs text-brand-100">{t("home.intro")}</p>
    </div>
  );
}
