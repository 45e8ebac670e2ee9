/**
 * `/api/staff/...`: the staff console's JSON API (session-authenticated, CSRF-protected).
 */
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Database } from "../../db/connection.ts";
import { requireActor } from "../access/http.ts";
import { ABILITIES, ROLES } from "../access/roles.ts";
import { enrolmentLinkView, userView, viewEnrolmentLink, viewUser } from "../auth/routes.ts";
import type { AuthSettings } from "../auth/settings.ts";
import {
  changeUser,
  createUserAsStaff,
  deactivateUser,
  getUserDetail,
  issueEnrolmentLinkAsStaff,
  listUsers,
  reactivateUser,
  type UserListItem,
} from "./service.ts";

export interface StaffRoutesOptions {
  db: Database;
  settings: AuthSettings;
}

const tags = ["staff"];
const security = [{ session: [], csrf: [] }];

const userListItem = userView.extend({
  isActive: z.boolean(),
  createdAt: z.iso.datetime(),
  passkeyCount: z.number().int(),
  lastSignInAt: z.iso.datetime().nullable().describe("When one of the user's passkeys was last used"),
});

const userDetail = userListItem.extend({
  contracts: z.array(
    z.object({
      contractId: z.uuid(),
      customerId: z.uuid(),
      customerName: z.string(),
      isActive: z.boolean(),
      roles: z.array(z.object({ role: z.enum(ROLES), abilities: z.array(z.enum(ABILITIES)) })),
    }),
  ),
  openEnrolmentLinkExpiresAt: z.iso
    .datetime()
    .nullable()
    .describe("The expiry of the user's unused enrolment link, if one is open"),
});

function viewListItem(user: UserListItem): z.infer<typeof userListItem> {
  return {
    ...viewUser(user),
    isActive: user.isActive,
    createdAt: user.createdAt.toISOString(),
    passkeyCount: user.passkeyCount,
    lastSignInAt: user.lastSignInAt?.toISOString() ?? null,
  };
}

const userParams = z.object({ id: z.string().max(100) });

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
  app.get(
    "/users",
    {
      schema: {
        tags,
        summary: "Users by display name, searched by name or user code",
        security,
        querystring: z.object({
          q: z.string().trim().max(200).optional().describe("Part of the display name or user code"),
          staff: z.enum(["true", "false"]).optional().describe("true: staff members and superusers only"),
          active: z.enum(["true", "false"]).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
          offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
        }),
        response: { 200: z.object({ items: z.array(userListItem), total: z.number().int() }) },
      },
    },
    async (request) => {
      const { q, staff, active, limit, offset } = request.query;
      const flag = (value: "true" | "false" | undefined) =>
        value === undefined ? undefined : value === "true";
      const list = await listUsers(db, await requireActor(request, db), {
        query: q,
        staff: flag(staff),
        active: flag(active),
        limit,
        offset,
      });
      return { total: list.total, items: list.items.map(viewListItem) };
    },
  );

  const detail = async (request: FastifyRequest, userId: string): Promise<z.infer<typeof userDetail>> => {
    const found = await getUserDetail(db, settings, await requireActor(request, db), userId);
    return {
      ...viewListItem({ ...found.user, passkeyCount: found.passkeyCount, lastSignInAt: found.lastSignInAt }),
      contracts: found.contracts,
      openEnrolmentLinkExpiresAt: found.openEnrolmentLinkExpiresAt?.toISOString() ?? null,
    };
  };

  app.get(
    "/users/:id",
    {
      schema: {
        tags,
        summary: "One user with their contracts, roles, passkey count and open enrolment link",
        security,
        params: userParams,
        response: { 200: userDetail },
      },
    },
    async (request) => detail(request, request.params.id),
  );

  app.patch(
    "/users/:id",
    {
      schema: {
        tags,
        summary: "Change a user's name or language; the staff and superuser flags only as a superuser",
        security,
        params: userParams,
        body: z.object({
          displayName: z.string().trim().min(1).max(200).optional(),
          language: z.enum(["de", "en"]).optional(),
          isStaff: z.boolean().optional(),
          isSuperuser: z.boolean().optional(),
        }),
        response: { 200: userDetail },
      },
    },
    async (request) => {
      await changeUser(db, await requireActor(request, db), request.params.id, request.body);
      return detail(request, request.params.id);
    },
  );

  app.post(
    "/users/:id/deactivate",
    {
      schema: {
        tags,
        summary: "Deactivate a user: ends all their sessions and revokes their open enrolment links",
        security,
        params: userParams,
        response: { 200: userDetail },
      },
    },
    async (request) => {
      await deactivateUser(db, settings, await requireActor(request, db), request.params.id);
      return detail(request, request.params.id);
    },
  );

  app.post(
    "/users/:id/reactivate",
    {
      schema: {
        tags,
        summary: "Reactivate a deactivated user",
        security,
        params: userParams,
        response: { 200: userDetail },
      },
    },
    async (request) => {
      await reactivateUser(db, await requireActor(request, db), request.params.id);
      return detail(request, request.params.id);
    },
  );
};
