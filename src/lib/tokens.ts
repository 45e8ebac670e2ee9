/**
 * Bearer secrets (enrolment links, session cookies): random, URL-safe, and stored only as a hash.
 * They carry 256 bits of entropy, so a plain SHA-256 is enough; no slow password hash is needed.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** A value only the holder of `key` can compute, e.g. a CSRF token bound to a session. */
export function keyedDigest(key: string, purpose: string, value: string): string {
  return createHmac("sha256", key).update(`${purpose}\0${value}`, "utf8").digest("base64url");
}

/** Compares secrets in constant time (for equal lengths). */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given, "utf8");
  const b = Buffer.from(expected, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}
