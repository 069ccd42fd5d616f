import Link from "next/link";
import { getT } from "./_lib/i18n";

export default async function NotFound() {
  const t = await getT();
  return (
    <main className="mx-auto max-w-md px-4 py-16 text-center">
      <p className="text-5xl font-bold text-slate-300">404</p>
      <h1 className="mt-2 text-xl font-semibold">{t("errors.notFoundTitle")}</h1>
      <Link href="/" className="mt-6 inline-block text-brand-700 underline">
        {t("nav.home")}
      </Link>
    </main>
  );
}
