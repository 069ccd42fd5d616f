"use server";

import { revokeInput, revokeIssued } from "@/lib/issued";
import { idField, redirectAction } from "@/app/_lib/action";

/** Revokes a certificate JobReady issued (an admin or a trainer over the holder's unit; lib/issued checks). */
export const revokeIssuedAction = redirectAction({
  permission: "teach.manage",
  input: revokeInput.extend({ memberId: idField }),
  back: (input) => {
    const m = idField.safeParse(input.memberId);
    return m.success ? `/members/${m.data}?certs=1` : "/";
  },
  run: ({ db, user, input }) => revokeIssued(db, user, { id: input.id, reason: input.reason }),
  done: (_, { input }) => ({ revalidate: [`/members/${input.memberId}`], redirect: `/members/${input.memberId}?certs=1&revoked=1#certificates` }),
});
