import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Database } from "../../db/connection.ts";

export const programOsRoutes: FastifyPluginAsyncZod<{ db: Database }> = async () => {};
export const programStaffRoutes: FastifyPluginAsyncZod<{ db: Database }> = async () => {};
