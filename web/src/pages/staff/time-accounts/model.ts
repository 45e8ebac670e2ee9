/**
 * The staff time accounts page's pure pieces: an amount typed as hours, minutes and seconds, the
 * checks the server makes on it, and the problem's per-field errors.
 */
import { ApiError } from "../../../api/client";

/** The server's limit on one change (balance-changes.ts: MAX_CHANGE_SECONDS). */
export const MAX_CHANGE_SECONDS = 1_000_000_000;

/** The server's limit on reasons (routes.ts: trimmed, at most 500 characters). */
export const MAX_REASON_LENGTH = 500;

export interface DurationParts {
  hours: number | string;
  minutes: number | string;
  seconds: number | string;
}

export const NO_DURATION: DurationParts = { hours: "", minutes: "", seconds: "" };

function part(value: number | string): number {
  if (value === "") return 0;
  const number = typeof value === "number" ? value : Number(value);
  return Number.isInteger(number) && number >= 0 ? number : Number.NaN;
}

/** Hours, minutes and seconds as seconds (empty parts count 0); NaN when a part is not a whole number ≥ 0. */
export function secondsOf(parts: DurationParts): number {
  return part(parts.hours) * 3600 + part(parts.minutes) * 60 + part(parts.seconds);
}

export type AmountProblem = "amountRequired" | "amountInvalid" | "amountTooLarge";

export function amountProblem(seconds: number): AmountProblem | null {
  if (Number.isNaN(seconds)) return "amountInvalid";
  if (seconds <= 0) return "amountRequired";
  if (seconds > MAX_CHANGE_SECONDS) return "amountTooLarge";
  return null;
}

export type ReasonProblem = "reasonRequired" | "reasonTooLong";

export function reasonProblem(reason: string, required: boolean): ReasonProblem | null {
  const trimmed = reason.trim();
  if (required && trimmed === "") return "reasonRequired";
  if (trimmed.length > MAX_REASON_LENGTH) return "reasonTooLong";
  return null;
}

/** The server's message for one field of a refused request (problem `errors[]`), if any. */
export function serverFieldError(error: unknown, path: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.problem.errors?.find((entry) => entry.path === path)?.message;
}
