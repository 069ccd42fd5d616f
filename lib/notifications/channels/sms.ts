import { log } from "@/lib/core/log";
import { plainText, postJson, type Sender } from "./types";

/**
 * SMS behind one adapter. `log`: the text is written to the log and the delivery recorded as
 * logged (nothing is sent); an http(s) address: the text is POSTed there as JSON {phone, text}
 * for the site's SMS gateway (answer 2xx, and errcode 0 if it sends one).
 */
export function smsSender(adapter: string): Sender {
  return async (to, m) => {
    if (!to.phone) throw new Error("no phone number");
    const text = plainText(m).slice(0, 500);
    if (adapter === "log") {
      log().info({ memberId: to.memberId, phone: to.phone, text }, "sms (log adapter, not sent)");
      return "logged";
    }
    await postJson(adapter, { phone: to.phone, text });
    return "sent";
  };
}
