/**
 * The pure rules of the catalogue and of customer programs (SPEC §4): dependencies form a DAG, tier
 * tables start at 0 hours and ascend strictly, id lists name each entry once. No database here, so
 * the services and the request schemas apply the same checks and unit tests cover them on their own.
 */
import type { ProblemDetail } from "../../lib/errors.ts";
import { formatMoney, parseMoney } from "../../lib/money.ts";
import type { Tier } from "./schema.ts";

export const MAX_TIERS = 100;
export const MAX_TIER_HOURS = 100_000;

/** Edges "program → the programs it depends on". */
export type DependencyGraph = ReadonlyMap<string, readonly string[]>;

/** Builds the graph from (program, dependency) pairs. */
export function graphOf(edges: Iterable<{ programId: string; dependencyId: string }>): DependencyGraph {
  const graph = new Map<string, string[]>();
  for (const { programId, dependencyId } of edges) {
    const targets = graph.get(programId);
    if (targets) targets.push(dependencyId);
    else graph.set(programId, [dependencyId]);
  }
  return graph;
}

/** The shortest path from `start` to `goal` along the edges, never passing through `goal`'s own edges. */
function pathTo(graph: DependencyGraph, start: string, goal: string): string[] | null {
  const parent = new Map<string, string | null>([[start, null]]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] as string;
    for (const next of graph.get(node) ?? []) {
      if (next === goal) {
        const path = [goal];
        for (let at: string | null = node; at !== null; at = parent.get(at) ?? null) path.unshift(at);
        return path;
      }
      if (!parent.has(next)) {
        parent.set(next, node);
        queue.push(next);
      }
    }
  }
  return null;
}

/**
 * The cycle that giving `programId` exactly the dependencies `dependencyIds` would close, as the
 * path `[programId, …, programId]` (the shortest one), or null when the graph stays a DAG. The
 * program's current edges in `graph` are ignored: they are the ones being replaced.
 */
export function findCycle(
  graph: DependencyGraph,
  programId: string,
  dependencyIds: readonly string[],
): string[] | null {
  let shortest: string[] | null = null;
  for (const dependencyId of dependencyIds) {
    if (dependencyId === programId) return [programId, programId];
    const path = pathTo(graph, dependencyId, programId);
    if (path && (!shortest || path.length + 1 < shortest.length)) shortest = [programId, ...path];
  }
  return shortest;
}

/** "Reporting → Export → Reporting": a cycle for people, by program names. */
export function describeCycle(cycle: readonly string[], nameOf: (id: string) => string): string {
  return cycle.map(nameOf).join(" → ");
}

/** Entries that occur more than once, each named once, in order of first repetition. */
export function duplicatesOf(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) repeated.add(value);
    seen.add(value);
  }
  return [...repeated];
}

/** Problems with one id list: each id at most once. */
export function duplicateIdProblems(ids: readonly string[], path: string): ProblemDetail[] {
  return duplicatesOf(ids).map((id) => ({
    path: `${path}.${ids.lastIndexOf(id)}`,
    message: `${id} is listed more than once.`,
  }));
}

export interface TierInput {
  fromHours: number;
  pricePerHour: string;
}

/**
 * Everything wrong with a tier table (empty for a valid one): 1 to 100 tiers, whole hours from 0 to
 * 100000, prices as decimals, the first at 0 hours, thresholds strictly ascending. `path` prefixes
 * the problems' paths, e.g. `tiers.2.fromHours`.
 */
export function tierTableProblems(tiers: readonly TierInput[], path = "tiers"): ProblemDetail[] {
  if (tiers.length === 0) return [{ path, message: EMPTY_TABLE }];
  if (tiers.length > MAX_TIERS) return [{ path, message: TOO_MANY_TIERS }];
  const problems: ProblemDetail[] = [];
  tiers.forEach((tier, index) => {
    const hours = tier.fromHours;
    if (!Number.isInteger(hours) || hours < 0 || hours > MAX_TIER_HOURS) {
      problems.push({
        path: `${path}.${index}.fromHours`,
        message: `Use whole hours from 0 to ${MAX_TIER_HOURS}.`,
      });
    }
    if (!isMoney(tier.pricePerHour)) {
      problems.push({
        path: `${path}.${index}.pricePerHour`,
        message: "Use a decimal string with at most 8 digits before and 6 after the point, e.g. 230.",
      });
    }
  });
  return [...problems, ...tierOrderProblems(tiers, path)];
}

export const EMPTY_TABLE = "A tier table needs at least one tier; send null for the default table.";
export const TOO_MANY_TIERS = `A tier table has at most ${MAX_TIERS} tiers.`;

/**
 * The ordering rules alone (what a schema checking each tier's shape adds): the first tier at 0
 * hours, thresholds strictly ascending. Tiers whose hours are no valid number are skipped.
 */
export function tierOrderProblems(tiers: readonly TierInput[], path = "tiers"): ProblemDetail[] {
  const problems: ProblemDetail[] = [];
  tiers.forEach((tier, index) => {
    const hours = tier.fromHours;
    const previous = tiers[index - 1]?.fromHours;
    if (!Number.isInteger(hours)) return;
    if (index === 0 && hours !== 0) {
      problems.push({ path: `${path}.0.fromHours`, message: "The first tier must start at 0 hours." });
    } else if (index > 0 && Number.isInteger(previous) && !(hours > (previous as number))) {
      problems.push({
        path: `${path}.${index}.fromHours`,
        message: `Thresholds must ascend strictly: ${hours} h follows ${previous} h.`,
      });
    }
  });
  return problems;
}

function isMoney(text: unknown): boolean {
  if (typeof text !== "string") return false;
  try {
    parseMoney(text);
    return true;
  } catch {
    return false;
  }
}

/** A decimal as the money columns print it: "0.05" → "0.050000". */
export function normalMoney(text: string): string {
  return formatMoney(parseMoney(text));
}

/** A valid tier table with its prices in the six-place form (so stored tables compare equal). */
export function normalTiers(tiers: readonly TierInput[]): Tier[] {
  return tiers.map((tier) => ({ fromHours: tier.fromHours, pricePerHour: normalMoney(tier.pricePerHour) }));
}
