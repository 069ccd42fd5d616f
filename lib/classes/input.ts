import { z } from "zod";
import { optionalSpecialty } from "@/lib/org/specialties";
import { timeZone } from "@/lib/core/clock";
import { requiredText, text } from "@/lib/core/text";
import { fromZonedInput } from "@/lib/core/time";
import { MAX_CAPACITY, SERIES } from "./rules";

/**
 * The class and session forms: from what the browser posts (strings; times as wall-clock
 * datetime-local in the site's zone) to checked input, with a message code per wrong field.
 */

const url = text(500).refine((v) => v === "" || /^https?:\/\/[^\s]+$/i.test(v), { message: "classes.errors.badUrl" });

/** A unit picked from a list, or none (""); never an id PostgreSQL's integer cannot hold. */
const optionalUnit = z.union([z.literal("").transform(() => null), z.coerce.number().int().positive().max(2_147_483_647)], { message: "errors.invalidInput" });

const badCapacity = { message: "classes.errors.badCapacity" };

export const classInput = z.object({
  title: requiredText(100),
  series: z.enum(SERIES, { message: "errors.invalidInput" }),
  description: text(2000).default(""),
  // A code of the list (checked against it when saved: lib/org/specialties), or "" for none.
  specialty: optionalSpecialty.transform((s) => s || null),
  instructorEmployeeNo: text(20).default(""),
  placeOrgUnitId: optionalUnit.default(null),
  room: text(100).default(""),
  onlineUrl: url.default(""),
  capacity: z.coerce.number(badCapacity).int(badCapacity).min(1, badCapacity).max(MAX_CAPACITY, badCapacity),
});
export type ClassInput = z.infer<typeof classInput>;

export interface SessionInput {
  startsAt: Date;
  endsAt: Date;
  placeOrgUnitId: number | null;
  room: string;
  onlineUrl: string;
}

const MAX_SESSION_MS = 12 * 3600_000;

/** The session form's fields as posted; `sessionTimes` turns them into a `SessionInput`. */
export const sessionShape = {
  startsAt: z.string().default(""),
  endsAt: z.string().default(""),
  placeOrgUnitId: optionalUnit.default(null),
  room: text(100).default(""),
  onlineUrl: url.default(""),
};

/**
 * Reads the session form's times as wall-clock times in `tz`; the end must come after the start,
 * within 12 hours. Other fields of the form (the ids posted alongside) pass through:
 * `z.object({ classId: id, ...sessionShape }).transform(sessionTimes())`.
 */
export function sessionTimes(tz: string = timeZone()) {
  return <T extends { startsAt: string; endsAt: string }>(v: T, ctx: z.RefinementCtx): Omit<T, "startsAt" | "endsAt"> & { startsAt: Date; endsAt: Date } => {
    const startsAt = fromZonedInput(v.startsAt, tz);
    const endsAt = fromZonedInput(v.endsAt, tz);
    const problem = (field: "startsAt" | "endsAt", message: string) => ctx.addIssue({ code: "custom", path: [field], message });
    if (!startsAt) problem("startsAt", "classes.errors.badTime");
    if (!endsAt) problem("endsAt", "classes.errors.badTime");
    else if (startsAt && endsAt <= startsAt) problem("endsAt", "classes.errors.endBeforeStart");
    else if (startsAt && endsAt.getTime() - startsAt.getTime() > MAX_SESSION_MS) problem("endsAt", "classes.errors.tooLong");
    if (!startsAt || !endsAt || endsAt <= startsAt || endsAt.getTime() - startsAt.getTime() > MAX_SESSION_MS) return z.NEVER;
    return { ...v, startsAt, endsAt };
  };
}
