/**
 * The configuration: every environment variable the app reads, with its type, default and meaning,
 * validated in one place. Code asks `config()` instead of reading `process.env`; a bad value stops
 * the server at start with a message naming the variable. The README's configuration table is
 * made from `CONFIG_DOCS` (`npm run config:docs`; a test holds the two equal).
 */
import { z } from "zod";
import { DEFAULT_TIME_ZONE, isTimeZone } from "./time";

const bool = (dflt: boolean) =>
  z
    .enum(["true", "false", "1", "0", "on", "off", "yes", "no", ""])
    .optional()
    .transform((v) => (v === undefined || v === "" ? dflt : ["true", "1", "on", "yes"].includes(v)));
const int = (dflt: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return dflt;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `an integer from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });
const hours = (dflt: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return dflt;
      const n = Number(v);
      if (!Number.isFinite(n) || n <= 0 || n > 24 * 366) {
        ctx.addIssue({ code: "custom", message: "a number of hours above 0" });
        return z.NEVER;
      }
      return n;
    });
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

/** One entry per variable: its schema and the line the README shows. */
const VARIABLES = {
  DATABASE_URL: { schema: optionalText, dflt: "unset", doc: "`postgres://…`: run on PostgreSQL through postgres.js instead of the embedded PGlite" },
  PGLITE_DIR: { schema: z.string().optional().default("./data/pglite"), dflt: "`./data/pglite`", doc: "folder of the embedded database" },
  AUTH_SECRET: { schema: optionalText, dflt: "made in `./data/.auth-secret`", doc: "signs sessions; set it when running several instances" },
  SESSION_IDLE_H: { schema: hours(8), dflt: "`8`", doc: "hours a session may sit unused before it ends (shared station PCs); ASVS level 2 asks for 0.5" },
  SESSION_MAX_AGE_H: { schema: hours(720), dflt: "`720` (30 days)", doc: "hours after sign-in a session ends however it is used; ASVS level 2 asks for 12" },
  TRUSTED_PROXIES: {
    schema: optionalText,
    dflt: "unset",
    doc: "addresses and CIDR blocks of the reverse proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed (e.g. `127.0.0.1, 10.0.0.0/8`); unset: none, the connection's own address counts",
  },
  APP_TIME_ZONE: {
    schema: z
      .string()
      .optional()
      .transform((v) => (v?.trim() ? v.trim() : DEFAULT_TIME_ZONE))
      .refine(isTimeZone, "an IANA time zone such as Asia/Shanghai"),
    dflt: "`Asia/Shanghai`",
    doc: "time zone dates and quarters are shown and decided in",
  },
  SEED_DEMO: {
    schema: optionalText,
    dflt: "see meaning",
    doc: "`true`: load the demo data into an empty database; `false`: never (default: only the embedded database gets it)",
  },
  DB_POOL_MAX: { schema: int(10, 1, 500), dflt: "`10`", doc: "postgres.js pool size per instance" },
  PORT: { schema: int(3000, 1, 65535), dflt: "`3000`", doc: "port of `npm start`" },
  WEB_CONCURRENCY: {
    schema: int(0, 0, 256),
    dflt: "number of cores",
    doc: "web processes `npm start` runs on PostgreSQL (Node's cluster, one port; `0`: one per core); the embedded database allows one process per folder, so there it is always 1",
  },
  HTTP_KEEPALIVE_S: {
    schema: int(65, 1, 3600),
    dflt: "`65`",
    doc: "seconds an idle keep-alive connection stays open in `npm start`'s server (headers timeout one more); keep it above the proxy's upstream `keepalive_timeout` (deploy/nginx.conf: 60) so the proxy never reuses a socket the app closed",
  },
  QUICK_LANE: {
    schema: bool(true),
    dflt: "`true`",
    doc: "`npm start`'s server answers a quiz taker's start, save and submit itself, with the same specs and checks as their Next route handlers but without Next's request pipeline (less than half the CPU of a save); `false` sends them through Next like every other request",
  },
  METRICS_PORT: {
    schema: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined || v.trim() === "") return undefined;
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1 || n > 65535) {
          ctx.addIssue({ code: "custom", message: "a port from 1 to 65535" });
          return z.NEVER;
        }
        return n;
      }),
    dflt: "unset (off)",
    doc: "`npm start` serves Prometheus metrics at `/metrics` on this port, apart from the app's port (e.g. `9464`); keep it off the public network",
  },
  METRICS_HOST: {
    schema: z.string().optional().default("127.0.0.1"),
    dflt: "`127.0.0.1`",
    doc: "address the metrics port listens on (`0.0.0.0` for a Prometheus on another machine, behind a firewall)",
  },
  LOG_LEVEL: {
    schema: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional().default("info"),
    dflt: "`info`",
    doc: "least severe level written to the JSON log on stdout (`debug`: every request too)",
  },
  SWEEP_INTERVAL_S: {
    schema: int(60, 1, 86_400),
    dflt: "`60`",
    doc: "how often the quiz sweep (attempts whose time is up), class reminders and the roster refresh run; on PostgreSQL a pg-boss cron in whole minutes, once across all instances",
  },
  JOBS_IN_WEB: {
    schema: bool(true),
    dflt: "`true`",
    doc: "web processes run the background jobs (sweeps, reminders, roster and points refresh); `false` on PostgreSQL when `npm run worker` runs them apart (the embedded database always runs them in its one process)",
  },
  POINTS_SWEEP_S: { schema: int(600, 1, 86_400), dflt: "`600`", doc: "how often the points ledger is refilled from the records (whole minutes on PostgreSQL)" },
  PRACTICE_MASTERY_STREAK: {
    schema: int(2, 1, 20),
    dflt: "`2`",
    doc: "right answers in a row (practice or the wrong-answer book) after which a question leaves a worker's 错题本",
  },
  NOTIFY_DIGEST_S: {
    schema: int(60, 0, 86_400),
    dflt: "`60`",
    doc: "seconds a member's notifications wait on a channel (Web Push, email, 企业微信, 钉钉, SMS) so several go as one message",
  },
  NOTIFY_SEND_S: {
    schema: int(15, 1, 86_400),
    dflt: "`15`",
    doc: "how often the notification sender looks for due messages (on PostgreSQL a pg-boss schedule in whole minutes, so at least 60)",
  },
  SITE_URL: {
    schema: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined || v.trim() === "") return undefined;
        if (!/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(v.trim())) {
          ctx.addIssue({ code: "custom", message: "an http(s) address such as https://train.example.com" });
          return z.NEVER;
        }
        return v.trim().replace(/\/+$/, "");
      }),
    dflt: "unset (the address the trainer's browser used)",
    doc: "the app's public address (e.g. `https://train.example.com`) that printed equipment QR labels carry (`/e/<code>`); set it when trainers print from an address workers cannot reach",
  },
  NOTIFY_BASE_URL: {
    schema: optionalText,
    dflt: "unset",
    doc: "the app's public address (e.g. `https://train.example.com`): links in emails and robot messages are made absolute with it",
  },
  NOTIFY_SMTP_URL: {
    schema: optionalText,
    dflt: "unset",
    doc: "mail server for notifications, `smtp://user:password@host:587` or `smtps://…:465` (an administrator may set another on 系统 → 通知渠道)",
  },
  NOTIFY_MAIL_FROM: { schema: optionalText, dflt: "unset", doc: "sender address of notification mail, e.g. `岗位练兵 <noreply@example.com>`" },
  NOTIFY_WECOM_URL: { schema: optionalText, dflt: "unset", doc: "企业微信 group robot webhook (`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`)" },
  NOTIFY_DINGTALK_URL: { schema: optionalText, dflt: "unset", doc: "钉钉 group robot webhook (`https://oapi.dingtalk.com/robot/send?access_token=…`)" },
  NOTIFY_DINGTALK_SECRET: { schema: optionalText, dflt: "unset", doc: "the 钉钉 robot's signing secret (`SEC…`): each call is signed with it" },
  NOTIFY_SMS: {
    schema: optionalText,
    dflt: "unset (off)",
    doc: "SMS adapter: `log` (writes the text to the log, sends nothing) or an `https://…` address the text is POSTed to as JSON `{phone, text}`",
  },
  NOTIFY_PUSH_HOSTS: {
    schema: z.string().optional().default("fcm.googleapis.com,*.push.services.mozilla.com,*.push.apple.com,*.notify.windows.com"),
    dflt: "the push services of Chrome/Android, Firefox, Safari/iOS and Edge",
    doc: "Web Push: the hosts a browser's push subscription may point at (comma-separated, `*.` for subdomains); anything else is refused (no requests to other hosts). `127.0.0.1` allows a local test receiver over plain HTTP",
  },
  PRACTICE_DAILY_SIZE: {
    schema: int(5, 1, 20),
    dflt: "`5`",
    doc: "questions in a worker's 每日一练 (daily five), drawn once a day (the site's day) from the categories open to them",
  },
  MEDIA_DIR: {
    schema: z.string().optional().default("./data/media"),
    dflt: "`./data/media`",
    doc: "local media storage (lesson videos, posters, covers) and upload part files",
  },
  S3_BUCKET: { schema: optionalText, dflt: "unset", doc: "store media in this S3-compatible bucket instead of `MEDIA_DIR` (tested against s3rver)" },
  S3_ENDPOINT: { schema: optionalText, dflt: "unset", doc: "the object store's address (unset: AWS)" },
  S3_REGION: { schema: z.string().optional().default("us-east-1"), dflt: "`us-east-1`", doc: "the bucket's region" },
  S3_ACCESS_KEY_ID: { schema: z.string().optional().default(""), dflt: "empty", doc: "object store credentials" },
  S3_SECRET_ACCESS_KEY: { schema: z.string().optional().default(""), dflt: "empty", doc: "object store credentials" },
  S3_FORCE_PATH_STYLE: { schema: bool(true), dflt: "`true`", doc: "path-style bucket addresses (`false`: virtual-hosted style)" },
  S3_PRESIGNED_UPLOADS: {
    schema: bool(true),
    dflt: "`true`",
    doc: "with `S3_BUCKET`: the browser sends a lesson video's parts straight to the bucket with presigned URLs (the bucket's CORS must allow it, see Video lessons); `false`: every part goes through the app",
  },
  MEDIA_ACCEL_PREFIX: { schema: optionalText, dflt: "unset", doc: "e.g. `/_protected`: hand local media to nginx with `X-Accel-Redirect`" },
  MAX_UPLOAD_BYTES: { schema: int(2 * 1024 ** 3, 1, Number.MAX_SAFE_INTEGER), dflt: "2 GiB", doc: "largest lesson video accepted" },
  PDF_THREADS: {
    schema: int(1, 0, 16),
    dflt: "`1`",
    doc: "threads that print a unit's person files (一人一档): `1` prints in the job's own thread; more (`0`: one per core, at most 4) prints beside it, worth it only with idle cores (each thread ≈ +130 MB; bench/unit-files.ts)",
  },
  FFMPEG: { schema: bool(true), dflt: "on", doc: "`off`: do not call ffprobe/ffmpeg (durations then come from the trainer's browser)" },
  VIDEO_MAX_HEIGHT: {
    schema: z.coerce
      .number()
      .pipe(z.union([z.literal(0), z.literal(240), z.literal(360), z.literal(720)]))
      .optional()
      .default(0),
    dflt: "`0`",
    doc: "the site's 省流量 default: the highest rung (240, 360 or 720) a lesson's adaptive video plays at for a worker who chose no cap of their own; `0`: no cap",
  },
  FFMPEG_PATH: { schema: z.string().optional().default("ffmpeg"), dflt: "`ffmpeg`", doc: "the ffmpeg program" },
  FFPROBE_PATH: { schema: z.string().optional().default("ffprobe"), dflt: "`ffprobe`", doc: "the ffprobe program" },
  OFFLINE_APP: {
    schema: bool(process.env.NODE_ENV === "production"),
    dflt: "on in a production build, off under `next dev`",
    doc: "the service worker that keeps the app shell and the pages opened for use without a connection (`off`: none, and one already installed is removed)",
  },
} as const;

type Vars = typeof VARIABLES;
export type Config = { [K in keyof Vars]: z.output<Vars[K]["schema"]> };

/** The README's rows: name, default, meaning. */
export const CONFIG_DOCS: { name: string; dflt: string; doc: string }[] = Object.entries(VARIABLES).map(([name, v]) => ({ name, dflt: v.dflt, doc: v.doc }));

/** The README's configuration table (scripts/config-docs.ts writes it there). */
export function configTable(): string {
  return ["| variable | default | meaning |", "|---|---|---|", ...CONFIG_DOCS.map((d) => `| \`${d.name}\` | ${d.dflt} | ${d.doc} |`)].join("\n");
}

export class ConfigError extends Error {}

/** Parses `env` (process.env by default): the configuration, or a ConfigError naming each bad variable. */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, v] of Object.entries(VARIABLES)) {
    const r = (v.schema as z.ZodType).safeParse(env[name]);
    if (r.success) out[name] = r.data;
    else problems.push(`${name}=${JSON.stringify(env[name])}: ${r.error.issues.map((i) => i.message).join("; ")}`);
  }
  if (problems.length) throw new ConfigError(`invalid configuration:\n  ${problems.join("\n  ")}`);
  return out as Config;
}

let cached: { key: string; config: Config } | null = null;

/**
 * The configuration of this process. Read again when one of its variables changed (tests set them
 * between cases); otherwise one string comparison.
 */
export function config(): Config {
  const key = Object.keys(VARIABLES)
    .map((k) => process.env[k] ?? "\u0001")
    .join("\u0000");
  if (!cached || cached.key !== key) cached = { key, config: parseConfig() };
  return cached.config;
}

/** The secret that signs sessions, sign-in tickets and media URLs (scripts/start.ts makes one on a first run). */
export function authSecret(): string {
  const s = config().AUTH_SECRET;
  if (!s) throw new ConfigError("AUTH_SECRET is not set");
  return s;
}
