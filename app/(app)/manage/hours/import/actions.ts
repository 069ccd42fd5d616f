"use server";

import { z } from "zod";
import { fail } from "@/lib/core/result";
import { MAX_FILE_BYTES } from "@/lib/members/import";
import { confirmHoursImport, previewHoursImport } from "@/lib/hours/import";
import { formAction } from "@/app/_lib/action";

const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

/** Reads the file and shows, row by row, what would be imported; writes nothing. The lib checks the scope. */
export const previewHoursImportAction = formAction({
  permission: "signedIn",
  input: z.object({ file: z.instanceof(File, { message: "import.errors.empty" }).refine((f) => f.size > 0, "import.errors.empty") }),
  run: async ({ db, user, input }) => {
    if (input.file.size > MAX_FILE_BYTES) return fail("import.errors.tooLarge", { size: mb(input.file.size), limit: mb(MAX_FILE_BYTES) }, "tooLarge");
    return previewHoursImport(db, user, new Uint8Array(await input.file.arrayBuffer()));
  },
  done: (r, { t }) => ({
    message: "hours.import.summary",
    params: { ok: r.ok, refused: r.refused, skipped: r.skipped },
    data: {
      count: r.ok,
      rows: r.rows.map((x) => ({
        row: x.row,
        employeeNo: x.employeeNo,
        name: x.name ?? "",
        memberId: x.status === "ok" ? x.memberId : null,
        status: x.status,
        detail:
          x.status === "ok" ? `${x.day} · ${t("hours.hoursValue", { hours: x.hours })} · ${t(`hours.categories.${x.category}`)} · ${x.title}` : t(x.reason),
      })),
      confirm: JSON.stringify(
        r.rows.flatMap((x) =>
          x.status === "ok"
            ? [
                {
                  row: x.row,
                  employeeNo: x.employeeNo,
                  day: x.day,
                  hours: x.hours,
                  category: x.category,
                  title: x.title,
                  provider: x.provider,
                  certificateRef: x.certificateRef,
                },
              ]
            : [],
        ),
      ),
    },
  }),
});

const rowsJson = z
  .string()
  .max(4_000_000, "hours.import.tooManyRows")
  .transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "errors.invalidInput" });
      return z.NEVER;
    }
  });

/** Records the rows the preview found good, each checked again; all or none. */
export const confirmHoursImportAction = formAction({
  permission: "signedIn",
  input: z.object({ rows: rowsJson }),
  run: ({ db, user, input }) => confirmHoursImport(db, user, input.rows),
  done: (r) => ({ message: "hours.import.done", params: r, revalidate: ["/manage/hours"] }),
});
