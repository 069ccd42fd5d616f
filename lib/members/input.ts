import { z } from "zod";
import { MEMBER_STATUSES, TECH_TITLES } from "@/lib/org/constants";
import { SPECIALTY_CODE, specialtyCode } from "@/lib/org/specialties";
import { requiredText, text, withoutBadCharacters } from "@/lib/core/text";

export const EMPLOYEE_NO = /^[A-Za-z0-9-]{1,32}$/;
const MAX_ID = 2_147_483_647;

/** A real calendar day written YYYY-MM-DD (2021-02-30 is not one, though Date.parse accepts it). */
function isCalendarDate(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

const optionalDate = z
  .string()
  .trim()
  .transform((v) => (v === "" ? null : v))
  .nullable()
  .refine((v) => v === null || isCalendarDate(v), { message: "import.errors.badDate" });

/**
 * The employee number as typed, checked before it is upper-cased, so the message quotes what the
 * user wrote.
 */
const employeeNo = z
  .string()
  .trim()
  .min(1, "errors.required")
  .superRefine((v, ctx) => {
    if (!EMPLOYEE_NO.test(v)) ctx.addIssue({ code: "custom", message: "import.errors.badEmployeeNo", params: { value: withoutBadCharacters(v).slice(0, 40) } });
  })
  .transform((v) => v.toUpperCase());

export const memberInput = z.object({
  employeeNo,
  name: requiredText(50),
  orgUnitId: z.coerce.number().int().positive().max(MAX_ID),
  specialty: specialtyCode,
  jobId: z.preprocess((v) => (v === "" || v === undefined ? null : v), z.coerce.number().int().positive().max(MAX_ID).nullable()),
  techTitle: z.enum(TECH_TITLES),
  partyMember: z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean()),
  hiredOn: z.preprocess((v) => (v === undefined ? null : v), optionalDate),
  status: z.enum(MEMBER_STATUSES),
  phone: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? null : (v ?? null)), text(30).nullable()),
});

export type MemberInput = z.infer<typeof memberInput>;

/** The members list's filters from the URL: a value that is not one is dropped, never an error. */
export const memberFilter = z.object({
  // A search box is not worth refusing: characters that cannot be stored are dropped.
  q: z
    .string()
    .transform((s) => withoutBadCharacters(s).trim())
    .pipe(z.string().max(50))
    .optional()
    .catch(undefined),
  unit: z.coerce.number().int().positive().max(MAX_ID).optional().catch(undefined),
  specialty: z.string().regex(SPECIALTY_CODE).optional().catch(undefined),
  job: z.coerce.number().int().positive().max(MAX_ID).optional().catch(undefined),
  status: z.enum(MEMBER_STATUSES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100000).catch(1).default(1),
  pageSize: z.coerce.number().int().min(10).max(200).catch(50).default(50),
});
export type MemberFilter = z.infer<typeof memberFilter>;
