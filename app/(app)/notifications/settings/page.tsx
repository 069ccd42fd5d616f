import { requireUser } from "@/lib/auth/session";
import * as clock from "@/lib/core/clock";
import { getDb } from "@/lib/core/db";
import { CHANNELS, enabledChannels, siteChannels } from "@/lib/notifications/channels";
import { EVENT_TYPES } from "@/lib/notifications/event-types";
import { myPrefs } from "@/lib/notifications/preferences";
import { myPushDevices, vapidPublicKey } from "@/lib/notifications/push";
import { searchValue } from "@/app/_lib/action";
import { getT } from "@/app/_lib/i18n";
import { SelectField, TextField } from "@/app/_ui/field";
import { Card, PageHeader } from "@/app/_ui/layout";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { SubmitButton } from "@/app/_ui/submit";
import { savePrefsAction } from "./actions";
import { PushDevice } from "./push-device";

export async function generateMetadata() {
  return { title: (await getT())("notify.prefs.title") };
}

/** 通知设置: which event on which channel, the mail address, quiet hours (one's own). */
export default async function NotificationSettingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const t = await getT();
  const db = await getDb();
  const prefs = await myPrefs(db, user);
  const on = new Set(enabledChannels(await siteChannels(db)));
  const publicKey = on.has("push") ? await vapidPublicKey(db) : null;
  const devices = await myPushDevices(db, user);
  const off = new Set(prefs.off);
  const search = await searchParams;
  return (
    <div className="max-w-3xl space-y-4">
      <PageHeader title={t("notify.prefs.title")}>{t("notify.prefs.intro")}</PageHeader>
      <OutcomeAlert t={t} search={search} success={searchValue(search, "saved") ? t("notify.prefs.saved") : null} />
      <Card title={t("notify.prefs.push")}>
        <div className="space-y-2">
          <p className="text-sm text-slate-600">{t("notify.prefs.pushIntro")}</p>
          {devices > 0 && <p className="text-sm text-slate-600">{t("notify.prefs.pushDevices", { count: devices })}</p>}
          {publicKey ? (
            <PushDevice
              publicKey={publicKey}
              labels={{
                on: t("notify.prefs.pushOn"),
                off: t("notify.prefs.pushOff"),
                active: t("notify.prefs.pushActive"),
                denied: t("notify.prefs.pushDenied"),
                unsupported: t("notify.prefs.pushUnsupported"),
                failed: t("notify.prefs.pushFailed"),
              }}
            />
          ) : (
            <p className="text-sm text-slate-500">{t("notify.prefs.pushSiteOff")}</p>
          )}
        </div>
      </Card>
      <form action={savePrefsAction} className="space-y-4">
        <Card>
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <thead>
                <tr className="text-left text-slate-600">
                  <th className="py-2 pr-2 font-medium">{t("notify.prefs.event")}</th>
                  {CHANNELS.map((c) => (
                    <th key={c} className="px-1 py-2 text-center font-medium">
                      {t(`notify.channelNames.${c}`)}
                      {!on.has(c) && <span className="block text-xs font-normal text-slate-500">{t("notify.prefs.offSite")}</span>}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {EVENT_TYPES.map((e) => (
                  <tr key={e}>
                    <th scope="row" className="py-2 pr-2 text-left font-normal text-slate-900">
                      {t(`notify.eventNames.${e}`)}
                    </th>
                    {CHANNELS.map((c) => (
                      <td key={c} className="px-1 py-2 text-center">
                        <input
                          type="checkbox"
                          name="on"
                          value={`${e}:${c}`}
                          defaultChecked={!off.has(`${e}:${c}`)}
                          aria-label={`${t(`notify.eventNames.${e}`)} · ${t(`notify.channelNames.${c}`)}`}
                          className="size-5"
                        />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
        <Card>
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
            <div className="sm:col-span-2">
              <TextField
                label={t("notify.prefs.email")}
                name="email"
                type="email"
                defaultValue={prefs.email}
                hint={t("notify.prefs.emailHint")}
                maxLength={254}
              />
            </div>
            <SelectField
              label={t("notify.prefs.locale")}
              name="locale"
              defaultValue={prefs.locale}
              hint={t("notify.prefs.localeHint")}
              options={[
                { value: "", label: t("notify.prefs.localeSite") },
                { value: "zh-CN", label: "中文" },
                { value: "en", label: "English" },
              ]}
            />
            <fieldset className="sm:col-span-2">
              <legend className="text-sm font-medium text-slate-700">{t("notify.prefs.quiet")}</legend>
              <p className="mb-2 text-xs text-slate-500">{t("notify.prefs.quietHint", { zone: clock.timeZone() })}</p>
              <div className="grid grid-cols-2 gap-3">
                <TextField label={t("notify.prefs.quietFrom")} name="quietFrom" type="time" defaultValue={prefs.quietFrom} />
                <TextField label={t("notify.prefs.quietTo")} name="quietTo" type="time" defaultValue={prefs.quietTo} />
              </div>
            </fieldset>
          </div>
        </Card>
        <SubmitButton label={t("common.save")} />
      </form>
    </div>
  );
}
