import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { getT } from "@/app/_lib/i18n";
import { navFor } from "@/app/_lib/nav";
import { Alert } from "@/app/_ui/feedback";
import { PageHeader } from "@/app/_ui/layout";

export default async function Home({ searchParams }: { searchParams: Promise<{ passwordChanged?: string }> }) {
  const user = await requireUser();
  const t = await getT();
  const { passwordChanged } = await searchParams;
  return (
    <div className="space-y-6">
      {passwordChanged && <Alert tone="success">{t("auth.passwordChanged")}</Alert>}
      <PageHeader title={t("home.greeting", { name: user.name })}>{t("home.intro")}</PageHeader>
      {navFor(user).map((s) => (
        <section key={s.section} aria-labelledby={`sec-${s.section}`}>
          <h2 id={`sec-${s.section}`} className="mb-2 text-sm font-semibold text-slate-500">
            {t(s.label)}
          </h2>
          <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4">
            {s.items
              .filter((it) => it.href !== "/")
              .map((it) => (
                <li key={it.href}>
                  <Link href={it.href} className="flex min-h-20 items-center rounded-lg border border-slate-200 bg-white p-4 text-base font-medium text-slate-800 shadow-sm hover:border-brand-600 hover:text-brand-800">
                    {t(it.label)}
                  </Link>
                </li>
              ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
