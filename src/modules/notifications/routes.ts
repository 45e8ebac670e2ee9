/**
 * `/api/os/notifications`: the signed-in user's in-app notifications (the bell).
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Database } from "../../db/connection.ts";

export const notificationRoutes: FastifyPluginAsyncZod<{ db: Database }> = async () => {};
