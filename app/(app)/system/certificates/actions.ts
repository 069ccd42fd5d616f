"use server";

import { z } from "zod";
import {
  addCertificate,
  certificateInput,
  createCertificateType,
  importCertificates,
  previewCertificates,
  reviewSettingsInput,
  setCertificateTypeActive,
  setReviewSettings,
  typeInput,
} from "@/lib/certificates";
import { formAction, idField, redirectAction } from "@/app/_lib/action";
import { confirmField, previewOrWrite } from "@/app/_lib/import-preview";
import { kickJob } from "@/lib/jobs";

const PAGE = "/system/certificates";

export const createTypeAction = formAction({
  permission: "jobs.write",
  input: typeInput,
  run: ({ db, user, input }) => createCertificateType(db, user, input),
  done: () => ({ message: "certificates.created", revalidate: [PAGE] }),
});

export const setTypeActiveAction = redirectAction({
  permission: "jobs.write",
  input: z.object({ id: idField, active: z.enum(["true", "false"]) }),
  back: () => PAGE,
  run: ({ db, user, input }) => setCertificateTypeActive(db, user, input.id, input.active === "true"),
  // After turning one off, the page offers the undo (撤销) right in its notice.
  done: (_, { input }) => {
    // A type turned off or on changes every job requiring it: the roster-refresh job recomputes now.
    kickJob("roster-refresh");
    return { revalidate: [PAGE], redirect: input.active === "false" ? `${PAGE}?deactivated=${input.id}` : PAGE };
  },
});

/** A type's 复审 cycle; the holders' next review days move with it, so the roster recomputes now. */
export const setReviewSettingsAction = formAction({
  permission: "jobs.write",
  input: reviewSettingsInput,
  run: ({ db, user, input }) => setReviewSettings(db, user, input),
  done: () => {
    kickJob("roster-refresh");
    return { message: "certificates.review.settingsSaved", revalidate: [PAGE] };
  },
});

export const addCertificateAction = formAction({
  permission: "member.write",
  input: certificateInput,
  run: ({ db, user, input }) => addCertificate(db, user, input),
  done: () => ({ message: "certificates.saved", revalidate: [PAGE] }),
});

export const importAction = formAction({
  permission: "member.write",
  input: z.object({
    file: z.instanceof(File, { message: "import.errors.empty" }).refine((f) => f.size > 0, "import.errors.empty"),
    confirm: confirmField,
  }),
  run: async ({ db, user, input, t }) => {
    const bytes = new Uint8Array(await input.file.arrayBuffer());
    return previewOrWrite(
      t,
      input.confirm,
      () => previewCertificates(db, user, bytes),
      (digest) => importCertificates(db, user, bytes, { digest }),
    );
  },
  done: (r) => ("preview" in r ? { data: r.preview } : { message: "certificates.imported", params: r.written, revalidate: [PAGE] }),
});
