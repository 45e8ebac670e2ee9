/**
 * The building blocks of the authorization matrix (src/modules/access/matrix.int.test.ts): the kinds
 * of actor, and rows saying who may call a route. Each module lists its routes' rows in a group of
 * its own (`<module>/access-matrix.ts`) with the fixtures they need.
 */
import type { Database } from "../db/connection.ts";
import { type Ability, ROLES, type Role } from "../modules/access/roles.ts";

export type Kind =
  | { kind: "anonymous" }
  | { kind: "no contract" }
  | { kind: "staff" }
  | { kind: "superuser" }
  | { kind: "holder"; customer: "A" | "B"; role: Role; abilities: Ability[]; activeContract: boolean };

/** What every group's fixtures start from. */
export interface MatrixWorld {
  db: Database;
  customerA: string;
  customerB: string;
  /** An id no record has. */
  unknownId: string;
}

export interface Row<F> {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** The route as the OpenAPI document names it. */
  route: string;
  /** What this row is about, when a route has several rows. */
  variant?: string;
  url: (f: F) => string;
  body?: (f: F) => unknown;
  /** Who may (the others get 403); `anonymous` always gets 401. */
  allowed: (actor: Kind) => boolean;
  /** A target nobody can see (unknown id): who gets 404 instead of being allowed. */
  unknown?: boolean;
}

export interface RowGroup<F> {
  /** Creates the records the rows act on, once, before any row runs. */
  setup: (world: MatrixWorld) => Promise<F>;
  rows: Row<F>[];
}

export const isPlatform = (actor: Kind) => actor.kind === "staff" || actor.kind === "superuser";
export const signedInAtAll = (actor: Kind) => actor.kind !== "anonymous";
/** Holds `role` for customer A on an active contract, with `ability` if given. */
export const forA = (role: Role, ability?: Ability) => (actor: Kind) =>
  isPlatform(actor) ||
  (actor.kind === "holder" &&
    actor.customer === "A" &&
    actor.activeContract &&
    actor.role === role &&
    (ability === undefined || actor.abilities.includes(ability)));
export const anyGrantForA = (actor: Kind) => ROLES.some((role) => forA(role, "grant_role")(actor));

/** A row with its fixtures filled in: the request to make. */
export interface ConcreteRow extends Omit<Row<unknown>, "url" | "body"> {
  url: string;
  body?: unknown;
}

/** Sets a group's fixtures up and fills them into its rows. */
export async function concreteRows<F>(group: RowGroup<F>, world: MatrixWorld): Promise<ConcreteRow[]> {
  const fixtures = await group.setup(world);
  return group.rows.map((row) => ({ ...row, url: row.url(fixtures), body: row.body?.(fixtures) }));
}
