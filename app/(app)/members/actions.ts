"use server";

import { z } from "zod";
import { resetAccount, setDisabled, setRoles } from "@/lib/auth/accounts";
import { ROLES } from "@/lib/auth/permissions";
import { fail, ok } from "@/lib/core/result";
import { recordReview, reviewInput } from "@/lib/certificates";
import { setJobTarget } from "@/lib/eligibility/admin";
import { signInduction, signInput, undoInduction, undoInput } from "@/lib/induction";
import { memberInput } from "@/lib/members/input";
import { createMember, updateMember } from "@/lib/members/members";
import { formAction, idField, redirectAction } from "@/app/_lib/action";

const optionalId = z.preprocess((v) => (v === "" || v === undefined || v === "0" ? undefined : v), idField.optional());

/** Creates a member (no `id`) or edits one, then shows the profile. */
export const saveMemberAction = formAction({
  permission: "member.write",
  input: memberInput.extend({ id: optionalId }),
  run: async ({ db, user, input: { id, ...member } }) => {
    if (id === undefined) return createMember(db, user, member);
    const r = await updateMember(db, user, id, member);
    return r.ok ? ok({ id }) : r;
  },
  done: ({ id }) => ({ revalidate: ["/members"], redirect: `/members/${id}?saved=1` }),
});

export const resetAccountAction = formAction({
  permission: "account.manage",
  input: z.object({ memberId: idField, password: z.string().max(128, "auth.password.tooLong") }),
  run: async ({ db, user, input }) => {
    const r = await resetAccount(db, user.userId, input.memberId, input.password);
    return r.ok ? ok(r.userId) : fail(r.error as Parameters<typeof fail>[0]);
  },
  done: (_, { input }) => ({ message: "members.accountReset", revalidate: [`/members/${input.memberId}`] }),
});

/** The roles form: a checkbox `role.<role>` and a scope select `scope.<role>` per role. */
const grantsInput = z.preprocess(
  (raw) => {
    const form = raw as Record<string, unknown>;
    return {
      memberId: form.memberId,
      userId: form.userId,
      grants: ROLES.filter((r) => form[`role.${r}`] === "on").map((role) => ({ role, scopeOrgUnitId: form[`scope.${role}`] || null })),
    };
  },
  z.object({
    memberId: idField,
    userId: idField,
    grants: z.array(z.object({ role: z.enum(ROLES), scopeOrgUnitId: idField.nullable() })).max(20),
  }),
);

export const setRolesAction = formAction({
  permission: "account.manage",
  input: grantsInput,
  run: async ({ db, user, input }) => {
    const r = await setRoles(db, user.userId, input.userId, input.grants);
    return r.ok ? ok() : fail(r.error);
  },
  done: (_, { input }) => ({ message: "members.rolesSaved", revalidate: [`/members/${input.memberId}`] }),
});

export const setDisabledAction = redirectAction({
  permission: "account.manage",
  input: z.object({ memberId: idField, userId: idField, disabled: z.enum(["true", "false"]) }),
  back: (input) => (typeof input.memberId === "number" || /^\d{1,10}$/.test(String(input.memberId ?? "")) ? `/members/${input.memberId}` : "/members"),
  run: ({ db, user, input }) => setDisabled(db, user.userId, input.userId, input.disabled === "true"),
  done: (_, { input }) => ({ revalidate: [`/members/${input.memberId}`] }),
});

/** Adds or removes a job the member works towards (the member themselves, or an editor of the member). */
export const toggleTargetAction = redirectAction({
  permission: "signedIn",
  input: z.object({ memberId: idField, jobId: idField, on: z.enum(["true", "false"]) }),
  back: (input) => (typeof input.memberId === "number" || /^\d{1,10}$/.test(String(input.memberId ?? "")) ? `/members/${input.memberId}` : "/"),
  run: ({ db, user, input }) => setJobTarget(db, user, input.memberId, input.jobId, input.on === "true"),
  done: (_, { input }) => ({ revalidate: [`/members/${input.memberId}`] }),
});

/** Records a 复审 of a member's certificate (a trainer or manager over the member; lib/certificates/review.ts). */
export const recordReviewAction = formAction({
  permission: "signedIn",
  input: reviewInput.extend({ memberId: idField }),
  run: ({ db, user, input: { memberId: _m, ...review } }) => recordReview(db, user, review),
  done: (r, { input }) => ({
    message: "certificates.review.recorded",
    params: { hours: r.hours, nextDue: r.nextDue },
    revalidate: [`/members/${input.memberId}`],
  }),
});

/** 三级安全教育: signs off one level (lib/induction checks the scope, the order, the day and that it is not one's own). */
export const signInductionAction = formAction({
  permission: "signedIn",
  input: signInput.extend({ memberId: idField }),
  run: ({ db, user, input: { memberId: _m, ...sign } }) => signInduction(db, user, sign),
  done: (_r, { input }) => ({
    message: "induction.card.signed",
    revalidate: [`/members/${input.memberId}`, "/manage/induction"],
  }),
});

/** 三级安全教育: undoes a mistaken sign-off with a reason (lib/induction checks who signed, the scope and that no higher level rests on it). */
export const undoInductionAction = redirectAction({
  permission: "signedIn",
  input: undoInput.extend({ memberId: idField }),
  back: (input) => {
    const m = idField.safeParse(input.memberId);
    return m.success ? `/members/${m.data}?induction=1#induction` : "/";
  },
  run: ({ db, user, input: { memberId: _m, ...undo } }) => undoInduction(db, user, undo),
  done: (_r, { input }) => ({
    revalidate: [`/members/${input.memberId}`, "/manage/induction"],
    redirect: `/members/${input.memberId}?induction=1&undone=1#induction`,
  }),
});
