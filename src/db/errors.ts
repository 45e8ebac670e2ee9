/** Drizzle wraps driver errors; both drivers put the SQLSTATE in `code`. */
function databaseError(error: unknown): { code?: unknown; constraint?: unknown } | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const candidate = current as { code?: unknown; constraint?: unknown; cause?: unknown };
    if (typeof candidate.code === "string" && /^[0-9A-Z]{5}$/.test(candidate.code)) return candidate;
    current = candidate.cause;
  }
  return undefined;
}

export function databaseErrorCode(error: unknown): string | undefined {
  const code = databaseError(error)?.code;
  return typeof code === "string" ? code : undefined;
}

/** True for a unique violation, optionally of the named constraint only. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const found = databaseError(error);
  if (found?.code !== "23505") return false;
  return constraint === undefined || found.constraint === constraint;
}

/** True when a row refers to a row that does not exist. */
export function isForeignKeyViolation(error: unknown): boolean {
  return databaseErrorCode(error) === "23503";
}
