import { forbidden } from "next/navigation";
import { requirePermission } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/core/format";
import { getDb } from "@/lib/core/db";
import type { MessageKey, Translate } from "@/lib/i18n";
import { channelsView, type ChannelsView } from "@/lib/notifications/channels";
import { recentDeliveries, type DeliveryRow } from "@/lib/notifications/dispatch";
import { searchValue } from "@/app/_lib/action";
import { getLocale, getT } from "@/app/_lib/i18n";
import { CheckboxField, TextField } from "@/app/_ui/field";
import { Badge, EmptyState } from "@/app/_ui/feedback";
import { Card, PageHeader } from "@/app/_ui/layout";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { SubmitButton } from "@/app/_ui/submit";
import { DataTable, type Column } from "@/app/_ui/table";
import { saveChannelsAction } from "./actions";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  return { title: (await getT())("notify.channels.title") };
}

type Secret = keyof ChannelsView["secrets"];

/** A secret's field: never its value, only whether it is set (and where), with a box to clear one set here. */
function SecretField({
  name,
  label,
  hint,
  view,
  t,
  type = "text",
}: {
  name: Secret;
  label: string;
  hint?: string;
  view: ChannelsView;
  t: Translate;
  type?: string;
}) {
  const state = view.secrets[name];
  const shown = state === "site" ? t("notify.channels.set") : state === "config" ? t("notify.channels.setInConfig") : t("notify.channels.unset");
  return (
    <div className="space-y-1">
      <TextField label={label} name={name} type={type} autoComplete="off" placeholder={shown} hint={hint} maxLength={500} />
      <p className="text-xs text-slate-600" data-secret={name}>
        {shown}
      </p>
      {state === "site" && (
        <label className="flex min-h-10 items-center gap-2 text-sm text-slate-800">
          <input type="checkbox" name="clear" value={name} className="size-5 rounded border-slate-300 accent-brand-600" />
          {t("notify.channels.clear")}
        </label>
      )}
    </div>
  );
}

/** 通知渠道: the site's channels (SMTP, 企业微信, 钉钉, SMS) and the latest deliveries (administrators). */
export default async function NotifyChannelsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("system.operate");
  const t = await getT();
  const locale = await getLocale();
  const db = await getDb();
  const view = await channelsView(db, user);
  const deliveries = await recentDeliveries(db, user);
  if (!view.ok || !deliveries.ok) forbidden();
  const v = view.value;
  const search = await searchParams;
  const status = (on: boolean) => <Badge tone={on ? "success" : "neutral"}>{on ? t("notify.channels.active") : t("notify.channels.inactive")}</Badge>;
  const columns: Column<DeliveryRow>[] = [
    { key: "when", header: t("notify.channels.when"), cell: (d) => formatDateTime(d.sentAt ?? d.createdAt, locale) },
    { key: "member", header: t("notify.channels.member"), cell: (d) => d.member },
    { key: "channel", header: t("notify.channels.channel"), cell: (d) => t(`notify.channelNames.${d.channel}` as MessageKey) },
    {
      key: "status",
      header: t("notify.channels.deliveryStatus"),
      cell: (d) => (
        <Badge tone={d.status === "sent" ? "success" : d.status === "failed" ? "danger" : "neutral"}>
          {t(`notify.channels.statuses.${d.status}` as MessageKey)}
        </Badge>
      ),
    },
    { key: "tries", header: t("notify.channels.tries"), cell: (d) => d.attempts, wide: true },
    { key: "error", header: t("notify.channels.error"), cell: (d) => <span className="break-words text-red-800">{d.lastError ?? ""}</span>, wide: true },
  ];
  return (
    <div className="max-w-4xl space-y-4">
      <PageHeader title={t("notify.channels.title")}>{t("notify.channels.intro")}</PageHeader>
      <OutcomeAlert t={t} search={search} success={searchValue(search, "saved") ? t("notify.channels.saved") : null} />
      <form action={saveChannelsAction} className="space-y-4">
        <Card title={t("notify.channels.push")} actions={status(v.enabled.push)}>
          <div className="space-y-2">
            <CheckboxField label={t("notify.channels.enable")} name="pushOn" defaultChecked={v.on.push} />
            <p className="text-sm text-slate-600">{t("notify.channels.pushHint")}</p>
          </div>
        </Card>
        <Card title={t("notify.channels.email")} actions={status(v.enabled.email)}>
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
            <CheckboxField label={t("notify.channels.enable")} name="emailOn" defaultChecked={v.on.email} />
            <div className="hidden sm:block" />
            <SecretField name="smtpUrl" label={t("notify.channels.smtpUrl")} hint={t("notify.channels.smtpUrlHint")} view={v} t={t} />
            <TextField label={t("notify.channels.mailFrom")} name="mailFrom" defaultValue={v.mailFrom} maxLength={200} />
          </div>
        </Card>
        <Card title={t("notify.channels.wecom")} actions={status(v.enabled.wecom)}>
          <div className="grid grid-cols-1 gap-3">
            <CheckboxField label={t("notify.channels.enable")} name="wecomOn" defaultChecked={v.on.wecom} />
            <SecretField name="wecomUrl" label={t("notify.channels.wecomUrl")} view={v} t={t} type="url" />
          </div>
        </Card>
        <Card title={t("notify.channels.dingtalk")} actions={status(v.enabled.dingtalk)}>
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
            <div className="sm:col-span-2">
              <CheckboxField label={t("notify.channels.enable")} name="dingtalkOn" defaultChecked={v.on.dingtalk} />
            </div>
            <SecretField name="dingtalkUrl" label={t("notify.channels.dingtalkUrl")} view={v} t={t} type="url" />
            <SecretField name="dingtalkSecret" label={t("notify.channels.dingtalkSecret")} view={v} t={t} type="password" />
          </div>
        </Card>
        <Card title={t("notify.channels.sms")} actions={status(v.enabled.sms)}>
          <div className="grid grid-cols-1 gap-3">
            <CheckboxField label={t("notify.channels.enable")} name="smsOn" defaultChecked={v.on.sms} />
            <SecretField name="sms" label={t("notify.channels.smsAdapter")} hint={t("notify.channels.smsHint")} view={v} t={t} />
          </div>
        </Card>
        <SubmitButton label={t("common.save")} />
      </form>
      <h2 className="text-base font-semibold text-slate-900">{t("notify.channels.recent")}</h2>
      {deliveries.value.length === 0 ? (
        <EmptyState title={t("notify.channels.noDeliveries")} />
      ) : (
        <DataTable columns={columns} rows={deliveries.value} rowKey={(d) => d.id} caption={t("notify.channels.recent")} />
      )}
    </div>
  );
}
