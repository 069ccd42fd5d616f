import nodemailer, { type Transporter } from "nodemailer";
import { plainText, type Sender } from "./types";

const transports = new Map<string, Transporter>();

/** One pooled transport per SMTP address. */
function transportFor(smtpUrl: string): Transporter {
  let t = transports.get(smtpUrl);
  if (!t) {
    t = nodemailer.createTransport(smtpUrl, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
    transports.set(smtpUrl, t);
  }
  return t;
}

/** Email through nodemailer to the address the member gave; no address, no mail (an error the delivery keeps). */
export function emailSender(smtpUrl: string, from: string): Sender {
  return async (to, m) => {
    if (!to.email) throw new Error("no email address");
    await transportFor(smtpUrl).sendMail({ from, to: to.email, subject: m.title, text: plainText(m) });
    return "sent";
  };
}
