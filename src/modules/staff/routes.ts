/**
 * `/api/staff/...`: the staff console's JSON API (session-authenticated, CSRF-protected).
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Database } from "../../db/connection.ts";
import { requireActor } from "../access/http.ts";
import { enrolmentLinkView, userView, viewEnrolmentLink, viewUser } from "../auth/routes.ts";
import type { AuthSettings } from "../auth/settings.ts";
import { createUserAsStaff, issueEnrolmentLinkAsStaff } from "./service.ts";

export interface StaffRoutesOptions {
  db: Database;
  settings: AuthSettings;
}

const tags = ["staff"];
const security = [{ session: [], csrf: [] }];

export const staffRoutes: FastifyPluginAsyncZod<StaffRoutesOptions> = async (app, { db, settings }) => {
  app.post(
    "/users",
    {
      schema: {
        tags,
        summary: "Create a user (staff; staff members and superusers only by a superuser)",
        security,
        body: z.object({
          displayName: z.string().trim().min(1).max(200),
          language: z.enum(["de", "en"]).optional(),
          isStaff: z.boolean().optional(),
          isSuperuser: z.boolean().optional(),
        }),
        response: { 201: userView },
      },
    },
    async (request, reply) => {
      const user = await createUserAsStaff(db, await requireActor(request, db), request.body);
      return reply.code(201).send(viewUser(user));
    },
  );

  app.post(
    "/users/:id/enrolment-links",
    {
      schema: {
        tags,
        summary: "Issue a one-time enrolment link for a user (replaces their older unused links)",
        security,
        params: z.object({ id: z.string().max(100) }),
        response: { 201: enrolmentLinkView },
      },
    },
    async (request, reply) => {
      const issued = await issueEnrolmentLinkAsStaff(
        db,
        settings,
        await requireActor(request, db),
        request.params.id,
      );
      return reply.code(201).send(viewEnrolmentLink(issued));
    },
  );
};
