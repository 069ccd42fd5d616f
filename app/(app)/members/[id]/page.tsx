import { forbidden, notFound } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { accountsOf, rolesOf } from "@/lib/auth/accounts";
import { ROLES, can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { getMember } from "@/lib/members/members";
import { listOrgTree } from "@/lib/org/units";
import { resultsForMember } from "@/lib/quiz/worker";
import { formatDateTime } from "@/lib/core/format";
import { getLocale, getT } from "@/app/_lib/i18n";
import { idParam } from "@/app/_lib/json-route";
import { label, unitOptions } from "@/app/_lib/labels";
import { getSpecialties } from "@/app/_lib/specialties";
import { LinkButton, buttonClass } from "@/app/_ui/button";
import { Dialog } from "@/app/_ui/dialog";
import { Alert, Badge, EmptyState } from "@/app/_ui/feedback";
import { Card, DescriptionList, PageHeader } from "@/app/_ui/layout";
import { setDisabledAction } from "../actions";
import { ResetAccountForm, RolesForm } from "./account-panel";
import { EligibilitySection } from "./sections/eligibility";
import { LearningSection } from "./sections/learning";
import { TrainingSection } from "./sections/training";
import { MethodsSection } from "./sections/methods";
import { HoursSection } from "./sections/hours";
import { IssuedSection } from "./sections/issued";
import { InductionSection } from "./sections/induction";
import { quarterText } from "@/lib/core/time";
import * as clock from "@/lib/core/clock";
import { yearsBetween } from "@/lib/core/time";

/** The tab's title: the page's kind (the heading names the record). */
export async function generateMetadata() {
  return { title: (await getT())("profile.title") };
}

export default async function MemberProfilePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const id = idParam.safeParse((await params).id);
  if (!id.success) notFound();
  const db = await getDb();
  const found = await getMember(db, user, id.data);
  // The same answer for "not there" and "not yours" would hide nothing here: the 403 is honest.
  if (!found.ok) return found.kind === "forbidden" ? forbidden() : notFound();
  const member = found.value;
  const t = await getT();
  const sp = await getSpecialties();
  const locale = await getLocale();
  const search = await searchParams;
  const saved = search.saved;
  const admin = can(user, "account.manage");
  const [account] = admin ? await accountsOf(db, [member.id]) : [];
  const roles = account ? await rolesOf(db, account.userId) : [];
  const years = member.hiredOn ? yearsBetween(member.hiredOn, clock.today()) : null;

  const results = await resultsForMember(db, user, member);

  return (
    <div className="space-y-4">
      {saved && <Alert tone="success">{t("members.updated")}</Alert>}
      <PageHeader
        title={member.name}
        actions={
          <>
            <a href={`/members/${member.id}/file`} className={buttonClass("secondary")} download>
              {t("personFile.download")}
            </a>
            <a href={`/members/${member.id}/file/xlsx`} className={buttonClass("secondary")} download>
              {t("personFile.downloadXlsx")}
            </a>
            {can(user, "member.write") && <LinkButton href={`/members/${member.id}/edit`}>{t("common.edit")}</LinkButton>}
          </>
        }
      >
        <span className="font-mono">{member.employeeNo}</span> · {member.unitName}
        {years !== null && years >= 0 && <> · {t("profile.yearsOfService", { years })}</>}
      </PageHeader>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <Card title={t("profile.identity")}>
          <DescriptionList
            items={[
              { label: t("members.employeeNo"), value: <span className="font-mono">{member.employeeNo}</span> },
              { label: t("members.name"), value: member.name },
              { label: t("members.partyMember"), value: member.partyMember ? t("common.yes") : t("common.no") },
              { label: t("members.hiredOn"), value: member.hiredOn ?? "—" },
              {
                label: t("members.status"),
                value: <Badge tone={member.status === "active" ? "success" : "neutral"}>{label(t, "statuses", member.status)}</Badge>,
              },
              { label: t("members.phone"), value: member.phone ?? "—" },
            ]}
          />
        </Card>
        <Card title={t("profile.placement")}>
          <DescriptionList
            items={[
              { label: t("members.unit"), value: member.unitName },
              { label: t("members.specialty"), value: sp.name(member.specialty) },
              { label: t("members.job"), value: member.jobName ?? "—" },
              { label: t("members.techTitle"), value: label(t, "techTitles", member.techTitle) },
            ]}
          />
        </Card>
      </div>
      <Card title={t("profile.quizResults")}>
        {results.length === 0 ? (
          <EmptyState title={t("profile.nothingYet")} />
        ) : (
          <ul className="divide-y divide-slate-100">
            {results.map((r) => (
              <li key={r.quizId} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                <span className="min-w-0">
                  <span className="mr-2 text-slate-500">{quarterText(r.quarter, locale)}</span>
                  <span className="font-medium text-slate-900">{r.title}</span>
                </span>
                {r.pending ? (
                  <Badge tone="warning">{t("quizTake.list.pending")}</Badge>
                ) : (
                  <span className="flex items-center gap-2">
                    <span className="tabular-nums">{t("quizTake.list.result", { score: r.score, max: r.max, percent: r.percent })}</span>
                    <Badge tone={r.passed ? "success" : "danger"}>{r.passed ? t("quizTake.list.passed") : t("quizTake.list.failed")}</Badge>
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <InductionSection db={db} viewer={user} member={member} t={t} search={search} />
      <EligibilitySection db={db} viewer={user} memberId={member.id} t={t} />
      <HoursSection db={db} viewer={user} memberId={member.id} t={t} search={search} />
      <IssuedSection db={db} viewer={user} memberId={member.id} t={t} search={search} />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <LearningSection db={db} viewer={user} memberId={member.id} locale={locale} t={t} />
        <TrainingSection db={db} viewer={user} memberId={member.id} locale={locale} t={t} />
        <MethodsSection db={db} viewer={user} memberId={member.id} locale={locale} t={t} />
      </div>
      {admin && (
        <Card title={t("members.account")}>
          <div className="space-y-5">
            <p className="text-sm text-slate-700">
              {account ? (
                <>
                  <Badge tone={account.disabled ? "danger" : "success"}>{account.disabled ? t("members.disabled") : t("members.hasAccount")}</Badge>
                  {account.lastLoginAt && <span className="ml-2 text-slate-500">{formatDateTime(account.lastLoginAt, locale)}</span>}
                </>
              ) : (
                <Badge>{t("members.noAccount")}</Badge>
              )}
            </p>
            <Dialog
              trigger={account ? t("members.resetAccount") : t("members.createAccount")}
              title={`${account ? t("members.resetAccount") : t("members.createAccount")} · ${member.name}`}
              closeLabel={t("common.close")}
            >
              <ResetAccountForm
                memberId={member.id}
                labels={{
                  password: t("members.temporaryPassword"),
                  submit: account ? t("members.resetAccount") : t("members.createAccount"),
                  hint: t("auth.password.tooWeak"),
                }}
              />
            </Dialog>
            {account && (
              <>
                <h3 className="text-sm font-semibold text-slate-700">{t("members.roles")}</h3>
                <RolesForm
                  memberId={member.id}
                  userId={account.userId}
                  roles={ROLES.map((r) => ({ value: r, label: label(t, "roles", r) }))}
                  current={roles}
                  scopes={unitOptions(await listOrgTree(db, { all: true }))}
                  labels={{ scope: t("members.scope"), submit: t("members.saveRoles"), wholeOrg: t("members.wholeOrg") }}
                />
                {account.userId !== user.userId && (
                  <form action={setDisabledAction}>
                    <input type="hidden" name="memberId" value={member.id} />
                    <input type="hidden" name="userId" value={account.userId} />
                    <input type="hidden" name="disabled" value={account.disabled ? "false" : "true"} />
                    <button type="submit" className={buttonClass(account.disabled ? "secondary" : "danger")}>
                      {account.disabled ? t("members.enable") : t("members.disable")}
                    </button>
                  </form>
                )}
              </>
            )}
          </div>
        </Card>
      )}
    </div>
  );
}
