/**
 * User codes: identifiers (not secrets) printed on a person's security key. New codes are 12
 * characters of Crockford base32 from a CSPRNG, shown in groups of four (`K7QM-3XTD-9PWA`).
 * Codes imported from the original system are 6 alphanumerics and keep working.
 */
import { randomBytes } from "node:crypto";

export const CROCKFORD_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const USER_CODE_LENGTH = 12;
export const LEGACY_USER_CODE_LENGTH = 6;

export type RandomBytes = (size: number) => Uint8Array;

/** A new canonical code (no dashes). 32 symbols divide 256, so `byte % 32` is unbiased. */
export function generateUserCode(random: RandomBytes = randomBytes): string {
  const bytes = random(USER_CODE_LENGTH);
  let code = "";
  for (const byte of bytes) code += CROCKFORD_ALPHABET[byte % 32];
  return code;
}

/** `K7QM3XTD9PWA` → `K7QM-3XTD-9PWA`; legacy codes are shown as they are. */
export function formatUserCode(code: string): string {
  if (code.length !== USER_CODE_LENGTH) return code;
  return code.match(/.{4}/g)?.join("-") ?? code;
}

/** Removes what people type around a code: spaces, dashes, slashes. Keeps case. */
export function stripUserCode(input: string): string {
  return input.replace(/[\s\-–—_/.]/g, "");
}

/**
 * The lookup key of a code: upper case, O → 0, I and L → 1, without separators. Two inputs that a
 * person could confuse on a printed key have the same key.
 */
export function userCodeKey(input: string): string {
  return stripUserCode(input).toUpperCase().replace(/O/g, "0").replace(/[IL]/g, "1");
}

export interface ParsedUserCode {
  /** The input without separators, case kept (legacy codes were case-sensitive). */
  stripped: string;
  /** The confusion-free lookup key. */
  key: string;
  legacy: boolean;
}

const CROCKFORD_KEY = new RegExp(`^[${CROCKFORD_ALPHABET}]{${USER_CODE_LENGTH}}$`);
const LEGACY_CODE = new RegExp(`^[A-Za-z0-9]{${LEGACY_USER_CODE_LENGTH}}$`);

/** Parses what a person typed; null when it cannot be a user code at all. */
export function parseUserCode(input: string): ParsedUserCode | null {
  const stripped = stripUserCode(input);
  const key = userCodeKey(stripped);
  if (CROCKFORD_KEY.test(key)) return { stripped, key, legacy: false };
  if (LEGACY_CODE.test(stripped)) return { stripped, key, legacy: true };
  return null;
}
