import Link from "next/link";
import { getT } from "./_lib/i18n";

export default async function Forbidden() {
  const t = await getT();
  return (
    <main className="mx-auto max-w-md px-4 py-16 text-center">
      <p className="text-5xl font-bold text-slate-300">403</p>
      <h1 className="mt-2 text-xl font-semibold">{t("auth.forbiddenTitle")}</h1>
      <p className="mt-2 text-slate-600">{t("auth.forbiddenBody")}</p>
      <Link href="/" className="mt-6 inline-block text-brand-700 underline">
        {t("nav.home")}
      </Link>
    </main>
  );
}
