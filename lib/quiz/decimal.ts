/**
 * Exact decimal arithmetic for numeric answers and tolerances. A key of 0.3 ± 0.1 must accept
 * 0.4, which binary floating point rejects (0.4 − 0.3 = 0.10000000000000003), so numbers are
 * compared as the decimals a person wrote, using BigInt.
 */

import { foldWidth } from "./normalise";

/** The value `digits × 10^-scale`. */
export interface Decimal {
  readonly digits: bigint;
  readonly scale: number;
}

/**
 * Bounds that keep BigInt work small whatever a worker types: "1e999999999" is not a number
 * anyone means, and aligning it would allocate a billion-digit integer.
 */
const MAX_EXPONENT = 100;
const MAX_DIGITS = 40;

const PLAIN = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * A plain decimal, "12.5", "-0.03", ".5", "5.", "1.2e-3". No grouping, no spaces; null when it
 * is not one. JavaScript's `String(n)` of any finite number parses.
 */
export function parseDecimal(text: string): Decimal | null {
  const m = PLAIN.exec(text);
  if (!m) return null;
  // The integer group always takes part in a match (it may be empty); the fraction may be absent.
  const [, sign, int = "", frac = "", exp] = m;
  if (int === "" && frac === "") return null;
  if (int.length + frac.length > MAX_DIGITS) return null;
  const e = exp === undefined ? 0 : Number(exp);
  if (!Number.isSafeInteger(e) || Math.abs(e) > MAX_EXPONENT) return null;
  const digits = BigInt((int || "0") + frac);
  return { digits: sign === "-" ? -digits : digits, scale: frac.length - e };
}

/** The decimal a JavaScript number prints as: 0.1 is exactly one tenth here. */
export function decimalOf(n: number): Decimal {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite number: ${n}`);
  const d = parseDecimal(String(n));
  if (!d) throw new RangeError(`cannot read ${n} as a decimal`);
  return d;
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.digits * 10n ** BigInt(scale - a.scale), b.digits * 10n ** BigInt(scale - b.scale), scale];
}

export function compareDecimal(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function subtract(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = align(a, b);
  return { digits: x - y, scale };
}

export function add(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = align(a, b);
  return { digits: x + y, scale };
}

export function multiply(a: Decimal, b: Decimal): Decimal {
  return { digits: a.digits * b.digits, scale: a.scale + b.scale };
}

export function abs(a: Decimal): Decimal {
  return a.digits < 0n ? { digits: -a.digits, scale: a.scale } : a;
}

/** Exact: every decimal halves into a decimal. */
export function half(a: Decimal): Decimal {
  return { digits: a.digits * 5n, scale: a.scale + 1 };
}

/** Plain notation without trailing zeros, e.g. "12.5", "-0.003", "1200". */
export function formatDecimal(a: Decimal): string {
  let { digits, scale } = a;
  while (scale > 0 && digits % 10n === 0n) {
    digits /= 10n;
    scale--;
  }
  const neg = digits < 0n;
  let s = (neg ? -digits : digits).toString();
  if (scale < 0) s += "0".repeat(-scale);
  else if (scale > 0) {
    s = s.padStart(scale + 1, "0");
    s = `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`;
  }
  return (neg && s !== "0" ? "-" : "") + s;
}

/** The nearest JavaScript number, or null when the decimal has more than 15 significant digits. */
export function toNumber(a: Decimal): number | null {
  const text = formatDecimal(a);
  if (text.replace(/^-/, "").replace(".", "").replace(/^0+/, "").replace(/0+$/, "").length > 15) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/** |x − v| ≤ tol, exactly. */
export function withinAbsolute(x: Decimal, v: Decimal, tol: Decimal): boolean {
  return compareDecimal(abs(subtract(x, v)), tol) <= 0;
}

/** |x − v| ≤ |v| × pct / 100, exactly (as |x − v| × 100 ≤ |v| × pct). */
export function withinPercent(x: Decimal, v: Decimal, pct: Decimal): boolean {
  return compareDecimal(multiply(abs(subtract(x, v)), { digits: 100n, scale: 0 }), multiply(abs(v), pct)) <= 0;
}

/** Thousands grouping as written in China and in English: 1,234,567.5 (groups of exactly three). */
const GROUPED = /^([+-]?)(\d{1,3}(?:,\d{3})+)((?:\.\d*)?(?:[eE][+-]?\d+)?)$/;

/**
 * A number as a worker types it into a numeric question, or null when it is not one.
 *
 * - Full-width digits, signs and point (１２．５), the minus sign U+2212, and the ideographic
 *   full stop 。 that a Chinese input method types for "." are read as their ASCII forms.
 * - Spaces around the number, and the question's unit after it ("12.5 MPa", "12.5MPa"), are
 *   allowed. The unit is compared after width folding but with its letter case, because
 *   mPa is not MPa.
 * - A comma is read only as a thousands separator in groups of three ("1,500" is 1500). Any
 *   other comma makes the input unreadable, rather than guessing: "12,5" could be a European
 *   12.5 or a slip for 125, and a wrong guess would be graded as the worker's answer.
 */
export function parseNumberInput(text: string, unit = ""): Decimal | null {
  let s = foldWidth(text)
    .replace(/\u2212/g, "-")
    .replace(/。/g, ".")
    .trim();
  const u = foldWidth(unit).trim();
  if (u !== "" && s.endsWith(u)) s = s.slice(0, s.length - u.length).trimEnd();
  if (s.includes(",")) {
    const m = GROUPED.exec(s);
    if (!m) return null;
    s = m[1]! + m[2]!.replace(/,/g, "") + m[3]!;
  }
  return parseDecimal(s);
}
