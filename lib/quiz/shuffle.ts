/**
 * Seeded, reproducible randomness for an attempt: the questions drawn for random slots and the
 * order of questions and options are fixed when the attempt starts, and can be recomputed from
 * the stored seed (for an audit, or to check a stored draw). Not for anything secret: the
 * generator is fast and well mixed, not cryptographic, and a seed is only made with
 * `newSeed`, which is.
 *
 * The generator is sfc32 seeded through the cyrb128 string hash; both are small, public and
 * fixed here, so a seed gives the same result on every machine and in every later version.
 * Changing either would change stored attempts' recomputed draws: don't.
 */

import type { QuizError } from "./codes";
import type { ChoiceOption } from "./types";

/** 128 bits from the platform's CSPRNG, as 32 hex digits. */
export function newSeed(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A seed for one use within an attempt, e.g. deriveSeed(seed, "options", questionId). */
export function deriveSeed(seed: string, ...parts: (string | number)[]): string {
  return [seed, ...parts.map(String)].join("\u001f");
}

function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** A generator of uniform 32-bit unsigned integers. */
export type Rng = () => number;

export function createRng(seed: string): Rng {
  let [a, b, c, d] = cyrb128(seed);
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  // The first outputs of sfc32 still carry structure of the seed; discard them.
  for (let i = 0; i < 15; i++) next();
  return next;
}

/** Uniform in [0, n) without modulo bias; n ≥ 1. */
export function randomInt(rng: Rng, n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) throw new RangeError(`bad range ${n}`);
  const limit = 2 ** 32 - (2 ** 32 % n);
  let x = rng();
  while (x >= limit) x = rng();
  return x % n;
}

/** A new array: the items in a random order fixed by the seed (Fisher–Yates). */
export function shuffle<T>(items: readonly T[], seed: string): T[] {
  const out = items.slice();
  const rng = createRng(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!]; // 0 ≤ j ≤ i < out.length
  }
  return out;
}

/** The option ids of a choice question in the order a worker sees them for this seed. */
export function optionOrder(options: readonly ChoiceOption[], seed: string): string[] {
  return shuffle(
    options.map((o) => o.id),
    seed,
  );
}

export type DrawResult<T> = { ok: true; questions: T[] } | ({ ok: false } & QuizError);

function compareIds(a: string | number, b: string | number): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * n questions drawn at random from a slot's candidates (a category at a difficulty). The
 * candidates are put in id order first, so the draw depends on the seed and the set of
 * candidates, never on the order a query happened to return them in.
 */
export function drawRandomSlot<T extends { readonly id: string | number }>(candidates: readonly T[], n: number, seed: string): DrawResult<T> {
  if (!Number.isInteger(n) || n < 1) return { ok: false, code: "quiz.slot.badCount" };
  const sorted = candidates.slice().sort((a, b) => compareIds(a.id, b.id));
  let previous: T | undefined;
  for (const c of sorted) {
    if (previous && compareIds(previous.id, c.id) === 0) return { ok: false, code: "quiz.slot.duplicateCandidate", params: { id: String(c.id) } };
    previous = c;
  }
  if (sorted.length < n) return { ok: false, code: "quiz.slot.notEnoughQuestions", params: { needed: n, available: sorted.length } };
  return { ok: true, questions: shuffle(sorted, seed).slice(0, n) };
}

/**
 * A slot's draw that prefers candidates not in `avoid` (a mock exam avoids the questions of the
 * worker's real attempts): the whole draw from the others when they are enough, else all of them
 * and the rest drawn from the avoided ones. Same count, same pool, same seeded shuffle as
 * `drawRandomSlot`; with nothing to avoid it is `drawRandomSlot` itself.
 */
export function drawPreferring<T extends { readonly id: string | number }>(
  candidates: readonly T[],
  n: number,
  seed: string,
  avoid: ReadonlySet<T["id"]>,
): DrawResult<T> {
  const all = drawRandomSlot(candidates, n, seed);
  if (!all.ok || avoid.size === 0) return all;
  const fresh = candidates.filter((c) => !avoid.has(c.id));
  if (fresh.length >= n) return drawRandomSlot(fresh, n, seed);
  const rest = drawRandomSlot(
    candidates.filter((c) => avoid.has(c.id)),
    n - fresh.length,
    seed,
  );
  if (!rest.ok) return rest;
  return { ok: true, questions: shuffle([...fresh, ...rest.questions], seed) };
}
