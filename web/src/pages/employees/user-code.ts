/**
 * User codes as people type them (SPEC §1): separators and case do not matter for new 12-character
 * codes (O reads as 0, I and L as 1), which are shown in groups of four; the 6-character codes of
 * the original system were case-sensitive and are kept as typed. The server normalises the same
 * way; this only shows the person what will be looked up and catches typos before a request.
 */
const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]{12}$/;
const LEGACY = /^[A-Za-z0-9]{6}$/;

function strip(input: string): string {
  return input.replace(/[\s\-–—_/.]/g, "");
}

function crockfordKey(stripped: string): string {
  return stripped.toUpperCase().replace(/O/g, "0").replace(/[IL]/g, "1");
}

/** The code as it will be sent and shown (`K7QM-3XTD-9PWA`), or null when it cannot be a code. */
export function normaliseUserCode(input: string): string | null {
  const stripped = strip(input);
  const key = crockfordKey(stripped);
  if (CROCKFORD.test(key)) return key.match(/.{4}/g)?.join("-") ?? key;
  if (LEGACY.test(stripped)) return stripped;
  return null;
}

/**
 * Whether two inputs name the same code. New codes compare in their normalised form; legacy codes
 * were case-sensitive (the server prefers the exact code), so they compare as typed.
 */
export function sameUserCode(a: string, b: string): boolean {
  const left = normaliseUserCode(a);
  return left !== null && left === normaliseUserCode(b);
}

/** A code's words for searching a list: without separators, upper case. */
export function userCodeSearchKey(input: string): string {
  return crockfordKey(strip(input));
}
