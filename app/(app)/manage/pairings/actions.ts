"use server";

import { redirectAction } from "@/app/_lib/action";
import { createPairing, pairingInput } from "@/lib/comparison";

export const createPairingAction = redirectAction({
  permission: "roster.read",
  input: pairingInput,
  back: () => "/manage/pairings",
  run: ({ db, user, input }) => createPairing(db, user, input),
  done: ({ id }) => ({ revalidate: ["/manage/pairings"], redirect: `/manage/pairings/${id}` }),
});
