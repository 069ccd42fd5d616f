import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/core/format";
import { getQuestion } from "@/lib/quiz/admin";
import { getLocale, getT } from "@/app/_lib/i18n";
import { LinkButton, buttonClass } from "@/app/_ui/button";
import { Alert, Badge } from "@/app/_ui/feedback";
import { Card, PageHeader } from "@/app/_ui/layout";
import { QuestionView } from "../../_components/question-view";
import { TeachTabs } from "../../_components/teach-tabs";
import { statusLabel, statusTone, typeLabel } from "../../_lib/labels";
import { setArchivedAction } from "../actions";
import { idParam } from "@/app/_lib/json-route";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: (await getT())("quizAdmin.question.heading", { id: (await params).id }) };
}

export default async function QuestionPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const user = await requirePermission("teach.manage");
  const t = await getT();
  const locale = await getLocale();
  const parsedId = idParam.safeParse((await params).id);
  if (!parsedId.success) notFound();
  const id = parsedId.data;
  const sp = await searchParams;
  const v = Number(sp.v ?? 0);
  const q = await getQuestion(await getDb(), user, id, Number.isInteger(v) && v > 0 ? v : undefined);
  if (!q) notFound();
  const old = q.shown.version !== q.currentVersion;

  return (
    <div className="max-w-4xl">
      <PageHeader
        title={t("quizAdmin.question.heading", { id })}
        actions={
          q.mayChange && (
            <>
              <LinkButton href={`/teach/bank/${id}/edit`} variant="primary">
                {t("quizAdmin.question.edit")}
              </LinkButton>
              <form action={setArchivedAction}>
                <input type="hidden" name="id" value={id} />
                <input type="hidden" name="archived" value={q.archived ? "false" : "true"} />
                <button type="submit" className={buttonClass("secondary")}>
                  {q.archived ? t("quizAdmin.question.unarchive") : t("quizAdmin.question.archive")}
                </button>
              </form>
            </>
          )
        }
      >
        <span className="flex flex-wrap items-center gap-2">
          <Badge tone="brand">{typeLabel(t, q.shown.type)}</Badge>
          <Badge>{t("quizAdmin.question.versionN", { version: q.shown.version })}</Badge>
          {q.archived && <Badge tone="warning">{t("quizAdmin.bank.archived")}</Badge>}
        </span>
      </PageHeader>
      <TeachTabs t={t} active="bank" />
      <div className="space-y-4">
        <OutcomeAlert t={t} search={sp} />
        {sp.saved && (
          <Alert tone="success">{Number(sp.saved) === 1 ? t("quizAdmin.question.created") : t("quizAdmin.question.saved", { version: sp.saved })}</Alert>
        )}
        {sp.unchanged && <Alert>{t("quizAdmin.question.unchanged")}</Alert>}
        {sp.archivedDone && <Alert tone="success">{t("quizAdmin.question.archivedDone")}</Alert>}
        {sp.unarchivedDone && <Alert tone="success">{t("quizAdmin.question.unarchivedDone")}</Alert>}
        {q.archived && <Alert tone="warning">{t("quizAdmin.question.archivedNotice")}</Alert>}
        {old && (
          <Alert tone="warning">
            {t("quizAdmin.question.oldVersion", { version: q.shown.version, current: q.currentVersion })}{" "}
            <Link href={`/teach/bank/${id}`} className="font-medium underline">
              {t("quizAdmin.question.viewCurrent")}
            </Link>
          </Alert>
        )}
        <Card>
          <QuestionView q={q.shown.question} t={t} />
        </Card>
        <div className="grid gap-4 md:grid-cols-2">
          <Card title={t("quizAdmin.question.history")}>
            <ol className="divide-y divide-slate-100 text-sm">
              {q.versions.map((ver) => (
                <li key={ver.id} className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-0.5 py-2">
                  <Link
                    href={ver.version === q.currentVersion ? `/teach/bank/${id}` : `/teach/bank/${id}?v=${ver.version}`}
                    aria-current={ver.version === q.shown.version ? "true" : undefined}
                    className={`font-medium underline-offset-2 hover:underline ${ver.version === q.shown.version ? "text-slate-900" : "text-brand-700"}`}
                  >
                    {t("quizAdmin.question.versionN", { version: ver.version })}
                    {ver.version === q.currentVersion && <span className="ml-2 text-xs font-normal text-emerald-700">{t("quizAdmin.question.current")}</span>}
                  </Link>
                  <span className="text-slate-500">
                    {t("quizAdmin.question.by", { who: ver.createdBy ?? t("quizAdmin.question.system"), when: formatDateTime(ver.createdAt, locale) })}
                  </span>
                </li>
              ))}
            </ol>
          </Card>
          <Card title={t("quizAdmin.question.usedIn")}>
            {q.usedIn.length === 0 ? (
              <p className="text-sm text-slate-600">{t("quizAdmin.question.notUsed")}</p>
            ) : (
              <ul className="divide-y divide-slate-100 text-sm">
                {q.usedIn.map((z) => (
                  <li key={z.id} className="flex items-center justify-between gap-2 py-2">
                    <Link href={`/teach/quizzes/${z.id}`} className="min-w-0 truncate text-brand-700 underline-offset-2 hover:underline">
                      {z.title}
                    </Link>
                    <Badge tone={statusTone[z.status as keyof typeof statusTone] ?? "neutral"}>{statusLabel(t, z.status as "draft")}</Badge>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      </div>
    </div>
  );
}
