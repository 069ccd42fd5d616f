import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { DbHandle } from "@/db/client";
import { members } from "@/db/schema";
import { seedDemo } from "@/scripts/demo";
import { resetAccount, verifySignIn, type SignInResult } from "@/lib/auth/accounts";
import { ACCOUNT_RULE, PAIR_RULE } from "@/lib/auth/throttle";
import { drivers, createTestDb } from "../helpers/db";
import { first } from "../helpers/rows";

/**
 * An anonymous caller guessing one account's password from ever new addresses: the guesses slow
 * down for the account, yet its owner signs in from their own address at any moment.
 */
describe.each(drivers())("sign-in throttling against many addresses on %s", (driver) => {
  let h: DbHandle;
  const t0 = new Date("2026-11-23T02:00:00Z");
  const at = (ms: number) => new Date(t0.getTime() + ms);
  const no = "100001";
  const own = "172.16.5.9";

  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { members: 10 });
    const m = first(await h.db.select({ id: members.id }).from(members).where(eq(members.employeeNo, no)));
    await resetAccount(h.db, 1, m.id, "Owner2026ok");
  });
  afterAll(async () => h?.close());

  const tryAs = (address: string, password: string, when: Date) => verifySignIn(h.db, { employeeNo: no, password, address }, when);
  const waitOf = (r: SignInResult, when: Date) => (r.ok || r.reason !== "locked" ? 0 : r.until.getTime() - when.getTime());

  it("slows guesses from new addresses with a growing delay, refuses them without counting while it runs, and never keeps the owner out of their own address", async () => {
    // The owner signed in from their station before.
    expect((await tryAs(own, "Owner2026ok", at(0))).ok).toBe(true);

    let t = 1000;
    const waits: number[] = [];
    for (let i = 0; i < 14; i++) {
      const when = at(t);
      const r = await tryAs(`203.0.113.${i + 1}`, `guess-${i}x`, when);
      expect(r.ok).toBe(false);
      const wait = waitOf(r, when);
      waits.push(wait);
      // Right after each guess: the owner, from their own address, gets in.
      expect((await tryAs(own, "Owner2026ok", at(t + 1))).ok, `owner after guess ${i + 1}`).toBe(true);
      // Another new address must wait for the delay, even with the right password…
      const early = await tryAs(`198.51.100.${i + 1}`, "Owner2026ok", at(t + 2));
      if (wait > 2) expect(early).toMatchObject({ ok: false, reason: "locked" });
      t += Math.max(wait, 1000) + 10;
    }
    // The first failures are free; then the delay doubles up to its cap.
    expect(waits.slice(0, ACCOUNT_RULE.max - 1)).toEqual([0, 0, 0, 0]);
    expect(waits[ACCOUNT_RULE.max - 1]).toBe(1000);
    expect(waits[ACCOUNT_RULE.max]).toBe(2000);
    expect(waits[ACCOUNT_RULE.max + 3]).toBe(16_000);
    expect(Math.max(...waits)).toBeLessThanOrEqual(ACCOUNT_RULE.lockSeconds * 1000);
    // … and, once it has passed, the owner gets in from a new address too.
    expect((await tryAs("198.51.100.200", "Owner2026ok", at(t))).ok).toBe(true);
  });

  it("locks the address pair, not the account: five failures from one address leave every other address of the owner alone", async () => {
    const base = 3 * 86_400_000;
    for (let i = 0; i < PAIR_RULE.max; i++) await tryAs("192.0.2.77", `bad-${i}x`, at(base + i * 1000));
    const there = await tryAs("192.0.2.77", "Owner2026ok", at(base + 10_000));
    expect(there).toMatchObject({ ok: false, reason: "locked" });
    expect((await tryAs(own, "Owner2026ok", at(base + 10_001))).ok).toBe(true);
  });
});
