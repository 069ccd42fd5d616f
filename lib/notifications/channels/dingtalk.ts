import { createHmac } from "node:crypto";
import { markdown, postJson, type Sender } from "./types";

/**
 * 钉钉's robot signature: HMAC-SHA256 keyed with the secret over "timestamp\nsecret", base64, then
 * URL-encoded; sent as &timestamp=…&sign=… (timestamp in milliseconds, within an hour of DingTalk's clock).
 */
export function dingtalkSign(timestampMs: number, secret: string): string {
  const mac = createHmac("sha256", secret).update(`${timestampMs}\n${secret}`, "utf8").digest("base64");
  return encodeURIComponent(mac);
}

/** The webhook address with the signature appended (unsigned when there is no secret). */
export function signedDingtalkUrl(url: string, secret: string | undefined, timestampMs: number): string {
  if (!secret) return url;
  return `${url}${url.includes("?") ? "&" : "?"}timestamp=${timestampMs}&sign=${dingtalkSign(timestampMs, secret)}`;
}

/** 钉钉 group robot: POST {"msgtype":"markdown","markdown":{"title","text"}}, signed when the robot has a secret. */
export function dingtalkSender(url: string, secret: string | undefined, nowMs: () => number): Sender {
  return async (to, m) => {
    await postJson(signedDingtalkUrl(url, secret, nowMs()), { msgtype: "markdown", markdown: { title: m.title, text: markdown(to, m) } });
    return "sent";
  };
}
