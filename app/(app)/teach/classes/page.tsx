import Link from "next/link";
import { forbidden } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requireUser } from "@/lib/auth/session";
import { canCreateClass, classesForTeacher } from "@/lib/classes";
import type { MessageKey } from "@/lib/i18n";
import { formatDateTime } from "@/lib/core/format";
import { getLocale, getT } from "@/app/_lib/i18n";
import { getSpecialties } from "@/app/_lib/specialties";
import { LinkButton } from "@/app/_ui/button";
import { Badge, EmptyState } from "@/app/_ui/feedback";
import { PageHeader } from "@/app/_ui/layout";

export async function generateMetadata() {
  return { title: (await getT())("classes.teach.title") };
}

/** The classes the user runs: every class for a trainer, their own for a technician. */
export default async function TeachClassesPage() {
  const user = await requireUser();
  const t = await getT();
  const sp = await getSpecialties();
  const locale = await getLocale();
  const db = await getDb();
  const list = await classesForTeacher(db, user);
  const mayCreate = await canCreateClass(db, user);
  if (!mayCreate && list.length === 0) forbidden();
  return (
    <div className="max-w-4xl">
      <PageHeader
        title={t("classes.teach.title")}
        actions={
          <>
            <LinkButton href="/teach/evaluations">{t("evaluations.nav")}</LinkButton>
            {mayCreate && (
              <LinkButton href="/teach/classes/new" variant="primary">
                {t("classes.teach.newClass")}
              </LinkButton>
            )}
          </>
        }
      />
      {list.length === 0 ? (
        <EmptyState title={t("classes.teach.empty")} />
      ) : (
        <ul className="space-y-3">
          {list.map((c) => (
            <li key={c.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
              <div className="flex flex-wrap items-center gap-2">
                <Link href={`/teach/classes/${c.id}`} className="min-w-0 break-words text-base font-semibold text-brand-700 hover:underline">
                  {c.title}
                </Link>
                <Badge tone="brand">{t(`classes.series.${c.series}` as MessageKey)}</Badge>
                <Badge tone={c.status === "published" ? "success" : "neutral"}>{t(`classes.statuses.${c.status}`)}</Badge>
                {c.specialty && <Badge>{sp.name(c.specialty)}</Badge>}
              </div>
              <p className="mt-1 text-sm text-slate-600">
                {t("classes.list.instructor", { name: c.instructorName })} · {t("classes.list.places", { enrolled: c.enrolled, capacity: c.capacity })}
                {c.waitlisted > 0 && <> · {t("classes.list.waiting", { count: c.waitlisted })}</>}
                {c.nextSessionAt && <> · {formatDateTime(c.nextSessionAt, locale)}</>}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
