import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { getT } from "@/app/_lib/i18n";
import { Alert } from "@/app/_ui/feedback";
import { PasswordForm } from "./password-form";

export async function generateMetadata() {
  return { title: (await getT())("auth.changePasswordTitle") };
}

export default async function PasswordPage() {
  const user = await requireUser({ allowPasswordChange: true });
  const t = await getT();
  return (
    <main className="flex min-h-dvh items-start justify-center bg-slate-100 px-4 pt-10">
      <div className="w-full max-w-sm space-y-4 rounded-xl bg-white p-6 shadow">
        <h1 className="text-xl font-semibold">{t("auth.changePasswordTitle")}</h1>
        {user.mustChangePassword ? (
          <Alert tone="warning">{t("auth.mustChange")}</Alert>
        ) : (
          <Link href="/" className="text-sm text-brand-700 underline">
            {t("common.back")}
          </Link>
        )}
        <PasswordForm
          labels={{
            current: t("auth.currentPassword"),
            next: t("auth.newPassword"),
            confirm: t("auth.confirmPassword"),
            submit: t("common.save"),
            hint: t("auth.password.tooWeak"),
          }}
        />
      </div>
    </main>
  );
}
