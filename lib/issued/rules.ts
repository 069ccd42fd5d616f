/** Whether an issued certificate holds on a day: revoked wins, then the last valid day. Pure. */
export type Validity = { state: "valid" } | { state: "expired"; lastDay: string } | { state: "revoked"; at: Date };

export function validity(c: { validUntil: string | null; revokedAt: Date | null }, today: string): Validity {
  if (c.revokedAt) return { state: "revoked", at: c.revokedAt };
  if (c.validUntil !== null && c.validUntil < today) return { state: "expired", lastDay: c.validUntil };
  return { state: "valid" };
}
