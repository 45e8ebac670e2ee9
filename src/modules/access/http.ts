/**
 * The HTTP side of the policy: turns the request's session into the `Actor` the services decide on
 * (the user's flags and the roles held through active contracts), loaded once per request.
 */
import type { FastifyRequest } from "fastify";
import type { Database } from "../../db/connection.ts";
import { actorOf, requireUser } from "../auth/http-session.ts";
import { loadActor } from "../hr/service.ts";
import type { Actor } from "./policy.ts";

const loaded = new WeakMap<FastifyRequest, Promise<Actor>>();

/** 401 without a session; otherwise the signed-in actor. */
export function requireActor(request: FastifyRequest, db: Database): Promise<Actor> {
  const { user } = requireUser(request);
  let actor = loaded.get(request);
  if (!actor) {
    actor = loadActor(db, user, actorOf(request));
    loaded.set(request, actor);
  }
  return actor;
}
