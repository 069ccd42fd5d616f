import { z } from "zod";
import type { MessageKey } from "@/lib/i18n";
import { SPECIALTIES } from "@/lib/org/constants";
import { MAX_CAPACITY, SERIES } from "./rules";
import { fromZonedInput } from "@/lib/core/time";

/**
 * The class and session forms: from what the browser posts (strings; times as wall-clock
 * datetime-local in the site's zone) to checked input, with a message code per wrong field.
 */
export type FieldErrors = Partial<Record<string, MessageKey>>;

const url = z
  .string()
  .trim()
  .max(500)
  .refine((v) => v === "" || /^https?:\/\/[^\s]+$/i.test(v), { message: "classes.errors.badUrl" });

export const classInput = z.object({
  title: z.string().trim().min(1, { message: "errors.required" }).max(100, { message: "errors.tooLong" }),
  series: z.enum(SERIES, { message: "errors.invalidInput" }),
  description: z.string().trim().max(2000, { message: "errors.tooLong" }),
  specialty: z.union([z.enum(SPECIALTIES), z.literal("").transform(() => null)], { message: "errors.invalidInput" }),
  instructorEmployeeNo: z.string().trim().max(20, { message: "errors.tooLong" }),
  placeOrgUnitId: z.union([z.literal("").transform(() => null), z.coerce.number().int().positive()], { message: "errors.invalidInput" }),
  room: z.string().trim().max(100, { message: "errors.tooLong" }),
  onlineUrl: url,
  capacity: z.coerce.number({ message: "classes.errors.badCapacity" }).int({ message: "classes.errors.badCapacity" }).min(1, { message: "classes.errors.badCapacity" }).max(MAX_CAPACITY, { message: "classes.errors.badCapacity" }),
});
export type ClassInput = z.infer<typeof classInput>;

export const CLASS_FIELDS = ["title", "series", "description", "specialty", "instructorEmployeeNo", "placeOrgUnitId", "room", "onlineUrl", "capacity"] as const;

function errorsOf(issues: z.core.$ZodIssue[]): FieldErrors {
  const out: FieldErrors = {};
  for (const i of issues) {
    const f = String(i.path[0] ?? "form");
    if (!out[f]) out[f] = (i.message.includes(".") ? i.message : "errors.invalidInput") as MessageKey;
  }
  return out;
}

export function parseClassForm(get: (name: string) => string | null): { ok: true; value: ClassInput } | { ok: false; errors: FieldErrors } {
  const raw = Object.fromEntries(CLASS_FIELDS.map((f) => [f, (get(f) ?? "").toString()]));
  const r = classInput.safeParse(raw);
  return r.success ? { ok: true, value: r.data } : { ok: false, errors: errorsOf(r.error.issues) };
}

export interface SessionInput {
  startsAt: Date;
  endsAt: Date;
  placeOrgUnitId: number | null;
  room: string;
  onlineUrl: string;
}

const MAX_SESSION_MS = 12 * 3600_000;

export function parseSessionForm(get: (name: string) => string | null, tz: string): { ok: true; value: SessionInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const startsAt = fromZonedInput((get("startsAt") ?? "").toString(), tz);
  const endsAt = fromZonedInput((get("endsAt") ?? "").toString(), tz);
  if (!startsAt) errors.startsAt = "classes.errors.badTime";
  if (!endsAt) errors.endsAt = "classes.errors.badTime";
  if (startsAt && endsAt && endsAt <= startsAt) errors.endsAt = "classes.errors.endBeforeStart";
  if (startsAt && endsAt && endsAt.getTime() - startsAt.getTime() > MAX_SESSION_MS) errors.endsAt = "classes.errors.tooLong";
  const rest = z
    .object({
      placeOrgUnitId: z.union([z.literal("").transform(() => null), z.coerce.number().int().positive()], { message: "errors.invalidInput" }),
      room: z.string().trim().max(100, { message: "errors.tooLong" }),
      onlineUrl: url,
    })
    .safeParse({ placeOrgUnitId: (get("placeOrgUnitId") ?? "").toString(), room: (get("room") ?? "").toString(), onlineUrl: (get("onlineUrl") ?? "").toString() });
  if (!rest.success) Object.assign(errors, errorsOf(rest.error.issues));
  if (Object.keys(errors).length || !rest.success || !startsAt || !endsAt) return { ok: false, errors };
  return { ok: true, value: { startsAt, endsAt, ...rest.data } };
}
