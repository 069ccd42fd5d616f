import { LOCALES, makeTranslator } from "@/lib/i18n";
import { OfflineNotice } from "../offline-notice";
import { AttemptShell } from "./attempt-shell";

export const metadata = { title: LOCALES.map((l) => makeTranslator(l)("quizTake.title")).join(" · ") };

/**
 * The attempt page's shell (lib/pwa ATTEMPT_SHELL_PATH): the service worker precaches it and
 * answers a load of /attempts/<id> that fails for want of a connection with it. It holds no data
 * and needs no session; in the browser it shows the attempt from the questions the phone kept
 * (lib/quiz/offline-view), or the offline page's text when it kept none.
 */
export default function AttemptShellPage() {
  return (
    <AttemptShell appNames={Object.fromEntries(LOCALES.map((l) => [l, makeTranslator(l)("app.name")]))}>
      <OfflineNotice />
    </AttemptShell>
  );
}
