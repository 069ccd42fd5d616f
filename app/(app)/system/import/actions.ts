"use server";

import { z } from "zod";
import { fail } from "@/lib/core/result";
import { translateCode } from "@/lib/i18n";
import { importMembers, MAX_FILE_BYTES, previewMembers } from "@/lib/members/import";
import { formAction } from "@/app/_lib/action";
import { confirmField, previewOrWrite } from "@/app/_lib/import-preview";

const MB = 1024 * 1024;

/** Without `confirm`: the preview (nothing written). With the preview's digest in `confirm`: the import. */
export const importMembersAction = formAction({
  permission: "member.write",
  input: z.object({
    file: z.instanceof(File, { message: "import.errors.empty" }).refine((f) => f.size > 0, "import.errors.empty"),
    initialPassword: z.string().max(128, "auth.password.tooLong").optional().default(""),
    confirm: confirmField,
  }),
  run: async ({ db, user, input, t }) => {
    if (input.file.size > MAX_FILE_BYTES)
      return fail("import.errors.tooLarge", { size: `${(input.file.size / MB).toFixed(1)} MB`, limit: `${MAX_FILE_BYTES / MB} MB` }, "tooLarge");
    const bytes = new Uint8Array(await input.file.arrayBuffer());
    const initialPassword = input.initialPassword || null;
    const r = await previewOrWrite(
      t,
      input.confirm,
      () => previewMembers(db, user, bytes, input.file.name, { initialPassword }),
      (digest) => importMembers(db, user, bytes, input.file.name, { initialPassword, digest }),
    );
    if (r.ok || !r.problems) return r;
    // A weak password's reason is a message of its own, put after the problem's words.
    return {
      ...r,
      problems: r.problems.map((p) =>
        typeof p.params?.reason === "string" ? { ...p, params: { ...p.params, reason: translateCode(t, p.params.reason) } } : p,
      ),
    };
  },
  done: (r) => ("preview" in r ? { data: r.preview } : { message: "import.done", params: r.written, revalidate: ["/members"] }),
});
