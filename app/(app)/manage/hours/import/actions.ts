"use server";

import { z } from "zod";
import { fail } from "@/lib/core/result";
import { MAX_FILE_BYTES } from "@/lib/members/import";
import { importHours, previewHoursImport } from "@/lib/hours/import";
import { formAction } from "@/app/_lib/action";
import { confirmField, previewOrWrite } from "@/app/_lib/import-preview";

const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

/**
 * The shared import preview (app/_ui/import-preview): without `confirm` it shows what each row
 * would record; with the preview's digest it records the rows, skipping the refused ones the
 * preview showed (each entry stands alone). The lib checks the scope of every row.
 */
export const importHoursAction = formAction({
  permission: "signedIn",
  input: z.object({
    file: z.instanceof(File, { message: "import.errors.empty" }).refine((f) => f.size > 0, "import.errors.empty"),
    confirm: confirmField,
  }),
  run: async ({ db, user, input, t }) => {
    if (input.file.size > MAX_FILE_BYTES) return fail("import.errors.tooLarge", { size: mb(input.file.size), limit: mb(MAX_FILE_BYTES) }, "tooLarge");
    const bytes = new Uint8Array(await input.file.arrayBuffer());
    return previewOrWrite(
      t,
      input.confirm,
      () => previewHoursImport(db, user, bytes),
      (digest) => importHours(db, user, bytes, { digest, skipRefused: true }),
      true,
    );
  },
  done: (r) => ("preview" in r ? { data: r.preview } : { message: "hours.import.done", params: r.written, revalidate: ["/manage/hours"] }),
});
