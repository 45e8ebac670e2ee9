/**
 * The server's per-field problems (`errors[].path`, e.g. `body.tiers.1.fromHours` from the request
 * schema or `tiers.1.fromHours` from the service) placed on a form's fields, for the staff forms of
 * programs and customer programs. What no field takes is left for a general alert.
 */
import { ApiError } from "../../../api/client";

export interface PlacedProblems {
  /** Messages by path without the `body.` prefix, e.g. `dependencyIds` or `tiers.1.pricePerHour`. */
  byPath: Map<string, string[]>;
  /** Whether any problem has a path a field of the form shows. */
  placed: boolean;
}

/** The problems of `error` whose path starts with one of `fields` (`tiers` takes `tiers.2.fromHours`). */
export function placeProblems(error: unknown, fields: readonly string[]): PlacedProblems {
  const byPath = new Map<string, string[]>();
  let placed = false;
  if (!(error instanceof ApiError)) return { byPath, placed };
  for (const detail of error.problem.errors ?? []) {
    const path = detail.path.replace(/^body\.?/, "");
    if (!fields.includes(path.split(".")[0] ?? "")) continue;
    byPath.set(path, [...(byPath.get(path) ?? []), detail.message]);
    placed = true;
  }
  return { byPath, placed };
}

/** The messages at exactly `path`, joined; undefined when there are none. */
export function messageAt(problems: PlacedProblems, path: string): string | undefined {
  return problems.byPath.get(path)?.join(" ");
}

/** The messages at `path` and below it (`dependencyIds` and `dependencyIds.0`), joined. */
export function messagesUnder(problems: PlacedProblems, path: string): string | undefined {
  const messages = [...problems.byPath]
    .filter(([key]) => key === path || key.startsWith(`${path}.`))
    .flatMap(([, list]) => list);
  return messages.length > 0 ? messages.join(" ") : undefined;
}
