/**
 * The API key secret itself (SPEC §6): `nadoo_` + 32 random base62 characters + a 6-character base62
 * CRC32 checksum of those 32, so secret scanners can recognise a key and tell a typo from a real one
 * without asking the server. Only `hashApiKey(secret)` is ever stored. Pure: no database, no clock.
 */
import { randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";
import { hashToken } from "../../lib/tokens.ts";

export const API_KEY_PREFIX = "nadoo_";
export const BASE62_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
export const API_KEY_BODY_LENGTH = 32;
export const API_KEY_CHECKSUM_LENGTH = 6;
/** `nadoo_` and the first 4 random characters: enough to recognise a key, far too little to guess it. */
export const DISPLAY_PREFIX_LENGTH = API_KEY_PREFIX.length + 4;
/** Keys imported from the original system (UUID strings) show their first 4 characters. */
export const LEGACY_DISPLAY_PREFIX_LENGTH = 4;

const WELL_FORMED = new RegExp(
  `^${API_KEY_PREFIX}[0-9A-Za-z]{${API_KEY_BODY_LENGTH}}([0-9A-Za-z]{${API_KEY_CHECKSUM_LENGTH}})$`,
);

export type RandomBytes = (size: number) => Uint8Array;

/**
 * `length` base62 characters from a CSPRNG. 62 does not divide 256, so `byte % 62` would favour the
 * first characters; bytes of 248 (= 4 × 62) and above are discarded instead, leaving every character
 * equally likely.
 */
export function randomBase62(length: number, random: RandomBytes = randomBytes): string {
  const limit = 256 - (256 % BASE62_ALPHABET.length);
  let result = "";
  while (result.length < length) {
    for (const byte of random(length - result.length + 8)) {
      if (byte >= limit) continue;
      result += BASE62_ALPHABET.charAt(byte % BASE62_ALPHABET.length);
      if (result.length === length) break;
    }
  }
  return result;
}

/** A non-negative integer in base62, left-padded with "0" to `width`. */
export function encodeBase62(value: number, width: number): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`Cannot encode ${value} in base62.`);
  let digits = "";
  let rest = value;
  do {
    digits = BASE62_ALPHABET.charAt(rest % 62) + digits;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  return digits.padStart(width, "0");
}

/** CRC32 of the random body in base62; 62^6 > 2^32, so six characters hold every value. */
export function checksumOf(body: string): string {
  return encodeBase62(crc32(body), API_KEY_CHECKSUM_LENGTH);
}

export function generateApiKey(random: RandomBytes = randomBytes): string {
  const body = randomBase62(API_KEY_BODY_LENGTH, random);
  return `${API_KEY_PREFIX}${body}${checksumOf(body)}`;
}

/** Format and checksum of a `nadoo_` key; legacy UUID keys are not well-formed in this sense. */
export function isWellFormedApiKey(secret: string): boolean {
  const match = WELL_FORMED.exec(secret);
  if (!match) return false;
  const body = secret.slice(API_KEY_PREFIX.length, API_KEY_PREFIX.length + API_KEY_BODY_LENGTH);
  return match[1] === checksumOf(body);
}

/** What is stored and looked up: SHA-256 hex of the UTF-8 string, for new and legacy keys alike. */
export function hashApiKey(secret: string): string {
  return hashToken(secret);
}

export function displayPrefixOf(secret: string): string {
  return secret.startsWith(API_KEY_PREFIX)
    ? secret.slice(0, DISPLAY_PREFIX_LENGTH)
    : secret.slice(0, LEGACY_DISPLAY_PREFIX_LENGTH);
}
