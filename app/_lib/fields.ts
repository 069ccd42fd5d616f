import { z } from "zod";

/** A form field that carries JSON (an editor's list sent as one field), at most `maxLength` characters, then checked by `schema`. */
export function jsonField<S extends z.ZodType>(maxLength: number, schema: S) {
  return z
    .string()
    .max(maxLength)
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "errors.invalidInput" });
        return z.NEVER;
      }
    })
    .pipe(schema);
}
