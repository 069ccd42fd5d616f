import { hash, verify } from "@node-rs/argon2";

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
  dummy ??= hashPassword("not-a-real-password-" + Math.random());
  return dummy;
}

/** At least 8 characters with a letter and a digit; returns an i18n message key when weak. */
export function passwordProblem(password: string): "auth.password.tooShort" | "auth.password.tooWeak" | "auth.password.tooLong" | null {
  if (password.length < 8) return "auth.password.tooShort";
  if (password.length > 128) return "auth.password.tooLong";
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) return "auth.password.tooWeak";
  return null;
}
