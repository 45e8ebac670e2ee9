/**
 * `/api/staff/complaints`: the staff complaints queue and working complaints (SPEC §8).
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Database } from "../../db/connection.ts";

export const complaintStaffRoutes: FastifyPluginAsyncZod<{ db: Database }> = async () => {};
