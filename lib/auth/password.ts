import { hash, verify } from "@node-rs/argon2";
import { dictionary } from "@zxcvbn-ts/language-common";
import { pinyin } from "pinyin-pro";

// argon2id with OWASP's second recommended setting (19 MiB, t=2, p=1).
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the account does not exist, so both cases take as long. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(`not-a-real-password-${Math.random()}`);
  return dummy;
}

/**
 * Passwords known from breaches and lists of the most used ones (ASVS V2.1.7): zxcvbn-ts's common
 * list (about 49,000, pinned in package.json), with passwords common in China that it lacks and
 * this app's own demo password, which the README prints. Compared without case.
 */
const EXTRA_COMMON = [
  "woaini1314",
  "woaini520",
  "woaini123",
  "iloveyou1314",
  "qq123456",
  "qq5201314",
  "wo123456",
  "aa123456",
  "abc123456",
  "a1234567",
  "a12345678",
  "zxc123456",
  "asd123456",
  "qwe123456",
  "1qaz2wsx3edc",
  "123456qq",
  "5201314a",
  "a5201314",
  "huawei123",
  "admin123",
  "admin888",
  "root1234",
  "test1234",
  "password123",
  "demo@2026",
  "demo2026",
  "jobready1",
  "jobready2026",
];
let common: Set<string> | undefined;
function isCommon(password: string): boolean {
  common ??= new Set([...dictionary["passwords-common"], ...EXTRA_COMMON]);
  return common.has(password.toLowerCase());
}

/** Whom the password is for: it must not contain their employee number or name (also in pinyin). */
export interface PasswordOwner {
  employeeNo?: string;
  name?: string;
}

const squash = (s: string) => s.toLowerCase().replace(/[\s._\-·]/g, "");

/**
 * The forms of a name a password may not contain: the name, and for each run of two or more hanzi
 * the run, its pinyin, and (three or more: surname and given name) the given name's pinyin.
 */
function nameForms(name: string): string[] {
  const forms = [squash(name)];
  for (const run of name.match(/\p{Script=Han}{2,}/gu) ?? []) {
    const syllables = pinyin(run, { toneType: "none", type: "array", surname: "head" }).map((s) => s.toLowerCase().replace(/ü/g, "v"));
    forms.push(run, syllables.join(""));
    if (syllables.length >= 3) forms.push(syllables.slice(1).join(""));
  }
  // Two letters or one hanzi are too short to be a meaningful part of a password.
  return forms.filter((f) => f.length >= 3 || (/\p{Script=Han}/u.test(f) && f.length >= 2));
}

export type PasswordProblem = "auth.password.tooShort" | "auth.password.tooLong" | "auth.password.tooWeak" | "auth.password.common" | "auth.password.personal";

/**
 * At least 8 characters with a letter and a digit, not a common or breached password, and not
 * containing the owner's employee number or name; returns an i18n message key when refused.
 */
export function passwordProblem(password: string, owner: PasswordOwner = {}): PasswordProblem | null {
  if (password.length < 8) return "auth.password.tooShort";
  if (password.length > 128) return "auth.password.tooLong";
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) return "auth.password.tooWeak";
  if (isCommon(password)) return "auth.password.common";
  const p = squash(password);
  const employeeNo = owner.employeeNo ? squash(owner.employeeNo) : "";
  if (employeeNo.length >= 3 && p.includes(employeeNo)) return "auth.password.personal";
  if (owner.name && nameForms(owner.name).some((f) => p.includes(f))) return "auth.password.personal";
  return null;
}
