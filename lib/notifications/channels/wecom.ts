import { markdown, postJson, type Sender } from "./types";

/**
 * 企业微信 group robot: POST {"msgtype":"markdown","markdown":{"content":…}} to the robot's webhook
 * (https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…); the answer's errcode 0 means taken.
 * Markdown content is at most 4,096 bytes.
 */
export function wecomSender(url: string): Sender {
  return async (to, m) => {
    let content = markdown(to, m);
    while (Buffer.byteLength(content) > 4096) content = `${content.slice(0, content.length - 64)}…`;
    await postJson(url, { msgtype: "markdown", markdown: { content } });
    return "sent";
  };
}
